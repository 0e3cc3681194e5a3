//! The rules a new person is recorded under (DESIGN §3), facts in and the person or the first
//! broken rule out: the same judgement for `CreatePerson` and for a run of imported lines.

use chrono::NaiveDate;

use super::{ExternalId, NationalId, NewPerson, Person};
use crate::domain::{
    Error, FieldViolation, Msg, Reason, Result, dates::none_in_future, org::Organization,
};

/// What the records already hold that a new person is judged against.
#[derive(Clone, Copy, Debug)]
pub struct Against<'a> {
    /// Someone already has the person's external id.
    pub id_taken: bool,
    /// Someone already holds the person's national ID number.
    pub national_id_taken: bool,
    /// The cell the person is to be in, if it exists.
    pub cell: Option<&'a Organization>,
}

impl NewPerson {
    /// Refuses the dates that are after today, before anything is read.
    pub fn check_dates(&self, today: NaiveDate) -> Result<()> {
        none_in_future(
            &[
                ("person.birth_date", Some(self.birth_date)),
                ("person.cell_since", self.cell_since),
            ],
            today,
        )
    }

    /// The person recorded as `external_id` (the one sent, or the one given for it), judged
    /// against what the records hold; in the cell from `cell_since`, or from the cell's own
    /// beginning.
    pub fn judge(
        self,
        external_id: ExternalId,
        against: Against<'_>,
        today: NaiveDate,
    ) -> Result<Person> {
        if against.id_taken {
            return Err(already_exists(&external_id));
        }
        if let Some(number) = &self.national_id {
            id_is_not_the_number(&external_id, number)?;
        }
        if self.national_id.is_some() && against.national_id_taken {
            return Err(national_id_taken());
        }
        let cell = against
            .cell
            .ok_or_else(|| Error::org_not_found(self.cell.as_str()))?;
        let cell_since = cell.check_holds_person(self.cell_since, today)?;
        let NewPerson {
            external_id: _,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
            cell_since: _,
        } = self;
        Ok(Person {
            external_id,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
            cell_since,
            case_state: None,
            member: false,
            version: 1,
        })
    }
}

/// The error for an external id that is taken.
pub fn already_exists(external_id: &ExternalId) -> Error {
    Error::AlreadyExists {
        reason: Reason::PersonAlreadyExists,
        msg: Msg::new(
            format!("Đã có người mã {external_id}; mỗi mã chỉ dùng một lần"),
            format!("a person with id {external_id} already exists; ids are never reused"),
        ),
    }
}

/// The error for a national ID number another person holds. It names neither the number nor
/// that person: the number is sensitive, and naming the holder would let a caller look up
/// whose number it is.
pub fn national_id_taken() -> Error {
    Error::AlreadyExists {
        reason: Reason::NationalIdTaken,
        msg: Msg::new(
            "Số CCCD/CMND này đã được ghi cho một người khác; hãy kiểm tra lại số",
            "another person already has this national ID number; check the number",
        ),
    }
}

/// Refuses a national ID number that is also the person's external id: the id is part of the
/// resource name, which must never carry the number (DESIGN §3, §8). Neither value is echoed.
pub fn id_is_not_the_number(external_id: &ExternalId, number: &NationalId) -> Result<()> {
    if external_id.as_str() != number.expose() {
        return Ok(());
    }
    Err(Error::invalid(
        Reason::InvalidField,
        FieldViolation::new(
            "person_id",
            "mã người không được trùng số định danh cá nhân (mã xuất hiện trong tên tài nguyên và nhật ký)",
            "the person's id must not be their national ID number (ids appear in resource names and logs)",
        ),
    ))
}
