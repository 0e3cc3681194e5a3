//! A registered membership against the person's recorded cells: which registrations the cell
//! history allows, and which begin before it (a tree younger than its members, DESIGN §5).

use chrono::NaiveDate;

use super::{MemberOrigin, Registration};
use crate::domain::{Error, Reason, org::OrgCode, person::ExternalId};

/// The person's recorded cells as a registration meets them.
#[derive(Clone, Copy, Debug)]
pub struct CellHistory<'a> {
    /// The current cell.
    pub cell: &'a OrgCode,
    /// The first day of each recorded cell interval, oldest first; never empty.
    pub starts: &'a [NaiveDate],
}

impl Registration {
    /// Refuses a registration the recorded cells contradict. A membership may begin in the
    /// current cell interval; an `existing` member's may also begin before the whole recorded
    /// history when that history is one cell, as a department's file has it: the records know
    /// the cell a member is in, not the organisations, since merged away, that admitted them.
    /// Every other start is refused: a `transfer_in` came into the cell on `since`, and a
    /// membership across a recorded move would be a member moved without a TRANSFER.
    pub fn check_cells(&self, who: &ExternalId, cells: CellHistory<'_>) -> Result<(), Error> {
        let (Some(first), Some(current)) = (cells.starts.first(), cells.starts.last()) else {
            return Err(Error::Internal(format!("{who} has no recorded cell")));
        };
        let since = self.since;
        if since >= *current {
            return Ok(());
        }
        let cell = cells.cell;
        match self.origin {
            MemberOrigin::Existing if first == current => Ok(()),
            MemberOrigin::Existing => Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "{who} đã chuyển sang chi bộ {cell} từ ngày {current}, sau ngày kết nạp ({since}); đảng viên chỉ chuyển sinh hoạt bằng quyết định TRANSFER: hãy đăng ký đảng viên trước khi ghi nhận việc chuyển chi bộ, hoặc ghi đúng chi bộ từ đầu"
                ),
                format!(
                    "{who} moved to cell {cell} on {current}, after the admission ({since}); a member moves only by TRANSFER: register the member before the move is recorded, or record the person in that cell from the start"
                ),
            )),
            MemberOrigin::TransferIn | MemberOrigin::Admitted => Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "{who} chỉ được ghi nhận ở chi bộ {cell} từ ngày {current}; đảng viên chuyển đến phải đến chi bộ từ ngày đến ({since}): hãy ghi nhận người này ở chi bộ từ ngày đó"
                ),
                format!(
                    "{who} is recorded in cell {cell} only from {current}; a transferred-in member comes into the cell on since ({since}): record them in their cell from that day"
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn registration(origin: MemberOrigin, admitted: &str, since: Option<&str>) -> Registration {
        Registration::new(
            d(admitted),
            None,
            Some(d(admitted)),
            true,
            origin,
            since.map(d),
        )
        .unwrap()
    }

    /// (origin, admission, since, cell starts, accepted)
    type Case = (
        MemberOrigin,
        &'static str,
        Option<&'static str>,
        &'static [&'static str],
        bool,
    );

    #[test]
    fn which_starts_the_cells_allow() {
        use MemberOrigin::{Existing, TransferIn};
        let table: [Case; 9] = [
            // Within the current interval: always.
            (Existing, "2016-03-01", None, &["2015-01-01"], true),
            (Existing, "2015-01-01", None, &["2015-01-01"], true),
            (
                TransferIn,
                "1990-01-01",
                Some("2019-03-01"),
                &["2015-01-01"],
                true,
            ),
            (
                Existing,
                "2021-01-01",
                None,
                &["2015-01-01", "2020-06-01"],
                true,
            ),
            // Before a one-cell history: an existing member, not a transfer-in.
            (Existing, "1975-09-02", None, &["2015-01-01"], true),
            (
                TransferIn,
                "1990-01-01",
                Some("2014-12-31"),
                &["2015-01-01"],
                false,
            ),
            // Across a recorded move: neither.
            (
                Existing,
                "2016-01-01",
                None,
                &["2015-01-01", "2020-06-01"],
                false,
            ),
            (
                Existing,
                "1990-01-01",
                None,
                &["2015-01-01", "2020-06-01"],
                false,
            ),
            (
                TransferIn,
                "1990-01-01",
                Some("2017-01-01"),
                &["2015-01-01", "2020-06-01"],
                false,
            ),
        ];
        let who = ExternalId::parse("person", "P1").unwrap();
        let cell = OrgCode::parse("cell", "CB01").unwrap();
        for (origin, admitted, since, starts, accepted) in table {
            let starts: Vec<NaiveDate> = starts.iter().map(|s| d(s)).collect();
            let r = registration(origin, admitted, since);
            let got = r.check_cells(
                &who,
                CellHistory {
                    cell: &cell,
                    starts: &starts,
                },
            );
            assert_eq!(
                got.is_ok(),
                accepted,
                "{origin:?} {admitted} {since:?} {starts:?}: {got:?}"
            );
            if let Err(e) = got {
                assert_eq!(e.reason(), Reason::DateBeforePreviousStep);
            }
        }
    }
}
