//! A registered membership against the person's recorded cells: which registrations the cell
//! history allows, and which begin before it (a tree younger than its members, DESIGN §5).

use chrono::NaiveDate;

use super::{MemberOrigin, Registration};
use crate::domain::{Error, Reason, org::OrgCode, person::ExternalId, tally::next_day};

/// One recorded cell interval of the person, with the cell's own validity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interval {
    pub cell: OrgCode,
    /// The interval's first day.
    pub from: NaiveDate,
    /// The first and (inclusive) last day of the cell itself.
    pub cell_from: NaiveDate,
    pub cell_to: Option<NaiveDate>,
}

impl Interval {
    /// Whether `next` follows this interval only because this cell ended the day before: a
    /// merge hands every person over to the survivor then (a cell cannot end holding persons any
    /// other way), and a member follows a merge without a TRANSFER.
    fn carried_into(&self, next: &Interval) -> bool {
        self.cell_to.is_some_and(|to| next_day(to) == next.from)
    }
}

impl Registration {
    /// The cell and day the registration's sync line is about: the cell of the membership's
    /// start, or for a member from before the recorded cells, the first cell from its first day.
    /// `None` only for a person without a recorded cell, which [`Self::check_cells`] refuses.
    pub fn line_about<'a>(&self, intervals: &'a [Interval]) -> Option<(&'a OrgCode, NaiveDate)> {
        match intervals.iter().rev().find(|i| i.from <= self.since) {
            Some(then) => Some((&then.cell, self.since)),
            None => intervals.first().map(|first| (&first.cell, first.from)),
        }
    }

    /// Refuses a registration the recorded cells (`intervals`, oldest first) contradict.
    ///
    /// A membership may begin on or after the person's latest move (a merge is not one). An
    /// `existing` member's may also begin before the whole recorded history when that history
    /// starts on its cell's own first day, as a department's file has it: the records know the
    /// cell a member is in, not the organisations, since merged away, that admitted them.
    /// Refused: a `transfer_in` before its cell, a membership across a move (a member moves only
    /// by TRANSFER), and one before a history that starts after its cell did (then either the
    /// start or the origin is wrong, and counting the member as carried in would hide it).
    pub fn check_cells(&self, who: &ExternalId, intervals: &[Interval]) -> Result<(), Error> {
        let Some(first) = intervals.first() else {
            return Err(Error::Internal(format!("{who} has no recorded cell")));
        };
        let moved_in = intervals
            .windows(2)
            .filter(|pair| !pair[0].carried_into(&pair[1]))
            .map(|pair| &pair[1])
            .next_back();
        let settled = moved_in.unwrap_or(first);
        let since = self.since;
        if since >= settled.from {
            return Ok(());
        }
        let (cell, from) = (&settled.cell, settled.from);
        match (self.origin, moved_in) {
            (MemberOrigin::Existing, None) if first.from == first.cell_from => Ok(()),
            (MemberOrigin::Existing, None) => Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "{who} chỉ được ghi nhận ở chi bộ {cell} từ ngày {from}, trong khi chi bộ có từ ngày {}: nếu người này sinh hoạt ở chi bộ từ khi kết nạp ({since}), hãy ghi cell_since là ngày kết nạp hoặc để trống; nếu chuyển đến, hãy đăng ký đảng viên chuyển đến (transfer_in) từ ngày {from}",
                    first.cell_from
                ),
                format!(
                    "{who} is recorded in cell {cell} only from {from}, though the cell exists since {}: if they have been in it since their admission ({since}), record the person with that cell_since or none; if they came from elsewhere, register them as transfer_in since {from}",
                    first.cell_from
                ),
            )),
            (MemberOrigin::Existing, Some(_)) => Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "{who} đã chuyển sang chi bộ {cell} từ ngày {from}, sau ngày kết nạp ({since}); đảng viên chỉ chuyển sinh hoạt bằng quyết định TRANSFER: hãy đăng ký đảng viên trước khi ghi nhận việc chuyển chi bộ, hoặc ghi đúng chi bộ từ đầu"
                ),
                format!(
                    "{who} moved to cell {cell} on {from}, after the admission ({since}); a member moves only by TRANSFER: register the member before the move is recorded, or record the person in that cell from the start"
                ),
            )),
            (MemberOrigin::TransferIn | MemberOrigin::Admitted, _) => Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "{who} chỉ được ghi nhận ở chi bộ {cell} từ ngày {from}; đảng viên chuyển đến phải đến chi bộ từ ngày đến ({since}): hãy ghi nhận người này ở chi bộ từ ngày đó"
                ),
                format!(
                    "{who} is recorded in cell {cell} only from {from}; a transferred-in member comes into the cell on since ({since}): record them in their cell from that day"
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

    /// Cells: A (2015–2019-12-31, merged into B), B (from 2015), C (from 2015); D from 2018.
    fn interval(cell: &str, from: &str) -> Interval {
        let (cell_from, cell_to) = match cell {
            "A" => ("2015-01-01", Some("2019-12-31")),
            "D" => ("2018-01-01", None),
            _ => ("2015-01-01", None),
        };
        Interval {
            cell: OrgCode::parse("cell", cell).unwrap(),
            from: d(from),
            cell_from: d(cell_from),
            cell_to: cell_to.map(d),
        }
    }

    /// (origin, admission, since, intervals as (cell, from), accepted)
    type Case = (
        MemberOrigin,
        &'static str,
        Option<&'static str>,
        &'static [(&'static str, &'static str)],
        bool,
    );

    #[test]
    fn which_starts_the_cells_allow() {
        use MemberOrigin::{Existing, TransferIn};
        let table: [Case; 14] = [
            // Within the current interval: always.
            (Existing, "2016-03-01", None, &[("C", "2015-01-01")], true),
            (Existing, "2015-01-01", None, &[("C", "2015-01-01")], true),
            (
                TransferIn,
                "1990-01-01",
                Some("2019-03-01"),
                &[("C", "2015-01-01")],
                true,
            ),
            (
                Existing,
                "2021-01-01",
                None,
                &[("C", "2015-01-01"), ("B", "2020-06-01")],
                true,
            ),
            // Before a history that starts with its cell: an existing member, not a transfer-in.
            (Existing, "1975-09-02", None, &[("C", "2015-01-01")], true),
            (Existing, "1990-01-01", None, &[("D", "2018-01-01")], true),
            (
                TransferIn,
                "1990-01-01",
                Some("2014-12-31"),
                &[("C", "2015-01-01")],
                false,
            ),
            // Before a history that starts after its cell: the start or the origin is wrong.
            (Existing, "2016-01-01", None, &[("C", "2020-01-01")], false),
            (
                TransferIn,
                "2016-01-01",
                Some("2020-01-01"),
                &[("C", "2020-01-01")],
                true,
            ),
            // Across a move: neither.
            (
                Existing,
                "2016-01-01",
                None,
                &[("C", "2015-01-01"), ("B", "2020-06-01")],
                false,
            ),
            (
                Existing,
                "1990-01-01",
                None,
                &[("C", "2015-01-01"), ("B", "2020-06-01")],
                false,
            ),
            (
                TransferIn,
                "1990-01-01",
                Some("2017-01-01"),
                &[("C", "2015-01-01"), ("B", "2020-06-01")],
                false,
            ),
            // Across a merge: the member follows it, from before the records too.
            (
                Existing,
                "1990-01-01",
                None,
                &[("A", "2015-01-01"), ("B", "2020-01-01")],
                true,
            ),
            (
                Existing,
                "2016-01-01",
                None,
                &[("A", "2015-01-01"), ("B", "2020-01-01")],
                true,
            ),
        ];
        let who = ExternalId::parse("person", "P1").unwrap();
        for (origin, admitted, since, cells, accepted) in table {
            let intervals: Vec<Interval> = cells.iter().map(|(c, f)| interval(c, f)).collect();
            let r = registration(origin, admitted, since);
            let got = r.check_cells(&who, &intervals);
            assert_eq!(
                got.is_ok(),
                accepted,
                "{origin:?} {admitted} {since:?} {cells:?}: {got:?}"
            );
            if let Err(e) = got {
                assert_eq!(e.reason(), Reason::DateBeforePreviousStep);
            }
        }
    }
}
