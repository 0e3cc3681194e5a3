//! The year report (DESIGN §5): read from the aggregates kept with every write, rolled up to the
//! report's organisation when they were written, so a report reads a few hundred rows whatever
//! the number of members.

use chrono::{Datelike, NaiveDate};

use super::{App, Ctx, tree};
use crate::{
    domain::{
        Error, FieldViolation, Msg, Reason, Result, access::Operation, org::OrgCode,
        report::YearReport, tally::ALL, target::FIRST_YEAR,
    },
    store::{
        orgs::{self, Lock, OrgRow},
        tallies, targets,
    },
};

impl App {
    /// The year report of `org`'s subtree (all roots together without one) for `year`.
    pub async fn year_report(
        &self,
        ctx: &Ctx,
        org: Option<&OrgCode>,
        year: i32,
    ) -> Result<YearReport> {
        let bounded = self.bounded(ctx, Operation::ReadStatistics, org).await?;
        let org = bounded.as_ref();
        self.loading.check()?;
        let this_year = self.clock.today().year();
        let last_day = NaiveDate::from_ymd_opt(year, 12, 31)
            .filter(|_| (FIRST_YEAR..=this_year).contains(&year))
            .ok_or_else(|| year_out_of_range(year, this_year))?;
        let reader = self.store.reader();
        // The organisation counts come from the tree in memory, checked against the stored
        // version: a national report then counts 360,000 organisations without reading them.
        let tree = self.tree.get(reader).await?;
        let Some(code) = org else {
            let sums = tallies::sums(reader, ALL, year).await?;
            let organizations = tree::counts_on(&tree, None, last_day)?;
            return YearReport::build(None, year, &sums, organizations, None);
        };
        let id = org_of_year(reader, code, year).await?;
        let sums = tallies::sums(reader, id, year).await?;
        let organizations = tree::counts_on(&tree, Some(id), last_day)?;
        let target = targets::find(reader, id, code, year)
            .await?
            .map(|row| i64::from(row.target.admissions));
        YearReport::build(Some(code.clone()), year, &sums, organizations, target)
    }
}

/// Refuses a year outside those a report covers.
pub(super) fn year_out_of_range(year: i32, this_year: i32) -> Error {
    Error::invalid(
        Reason::InvalidField,
        FieldViolation::new(
            "year",
            format!("năm {year} nằm ngoài khoảng báo cáo được ({FIRST_YEAR}–{this_year})"),
            format!("year {year} is outside the years reported on ({FIRST_YEAR}–{this_year})"),
        ),
    )
}

/// The row id of `code`, which must be valid on at least one day of `year` (else `NOT_FOUND`:
/// a report of an organisation that did not exist that year has nothing to say).
pub(super) async fn org_of_year(
    c: &impl crate::store::Conn,
    code: &OrgCode,
    year: i32,
) -> Result<uuid::Uuid> {
    let OrgRow { id, org } = orgs::get(c, code, Lock::No).await?;
    if crate::domain::target::valid_in_year(&org, year).is_err() {
        return Err(Error::NotFound {
            reason: Reason::OrgNotFound,
            msg: Msg::new(
                format!("Tổ chức {code} không hoạt động ngày nào trong năm {year}"),
                format!("{code} was not valid on any day of {year}"),
            ),
        });
    }
    Ok(id)
}
