//! The eligibility rules of DESIGN §4 as pure functions over facts the app gathers: each returns
//! every rule it finds broken, in the table's order.

use chrono::NaiveDate;

use super::{Case, UnionResolution};
use crate::domain::{
    Reason,
    error::Broken,
    months::{add_months, full_months_between, full_years_between},
    person::{Education, ExternalId},
    rulebook::Rulebook,
};

/// What the rules need to know about the person decided about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFacts {
    pub birth_date: NaiveDate,
    pub education: Education,
    pub hardship_exception: bool,
    pub youth_union: bool,
    pub trade_union: bool,
}

/// What the rules need to know about one sponsor, on the introductions' date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SponsorFacts {
    pub person: ExternalId,
    pub known_since: NaiveDate,
    /// A full (official) member that day.
    pub official: bool,
    /// A member of the person's grassroots organisation that day.
    pub same_grassroots: bool,
}

/// The smallest number of votes that is at least two thirds of `n`: ⌈2n/3⌉.
pub fn two_thirds(n: u32) -> u32 {
    (2 * n).div_ceil(3)
}

/// The two-thirds rule of a cell vote, judged alone at `RECORD_RECOGNITION_VOTE` and with the
/// other admission rules at `RECORD_CELL_VOTE`.
pub fn recognition_vote(votes_for: u32, full_members: u32) -> Option<Broken> {
    let needed = two_thirds(full_members);
    (votes_for < needed).then(|| {
        Broken::new(
            Reason::CellVoteBelowTwoThirds,
            format!(
                "Cần ít nhất {needed}/{full_members} đảng viên chính thức tán thành (2/3), mới có {votes_for}"
            ),
            format!("at least {needed} of {full_members} full members must vote for (two thirds); {votes_for} did"),
        )
    })
}

/// The rules judged at `RECORD_CELL_VOTE`: age, education, course certificate, the vote, and the
/// dossier's freshness.
pub fn cell_vote(
    book: &Rulebook,
    person: &PersonFacts,
    case: &Case,
    date: NaiveDate,
    votes_for: u32,
    full_members: u32,
    age_consent: bool,
) -> Vec<Broken> {
    let mut broken = Vec::new();
    let age = full_months_between(person.birth_date, date);
    if age < book.min_age_months {
        broken.push(Broken::new(
            Reason::AgeOutOfRange,
            format!(
                "Chưa đủ 18 tuổi vào ngày chi bộ biểu quyết: mới {} tháng tuổi, cần ít nhất {}",
                age, book.min_age_months
            ),
            format!(
                "younger than 18 at the cell vote: {age} full months, at least {} needed",
                book.min_age_months
            ),
        ));
    } else if age > book.max_age_months && !age_consent {
        broken.push(Broken::new(
            Reason::AgeOutOfRange,
            format!(
                "Đã quá 60 tuổi vào ngày chi bộ biểu quyết ({age} tháng tuổi): cần văn bản đồng ý của Ban Thường vụ Tỉnh ủy (age_consent)"
            ),
            format!("over 60 at the cell vote ({age} full months): the provincial standing committee's consent (age_consent) is required"),
        ));
    }
    if person.education == Education::Primary && !person.hardship_exception {
        broken.push(Broken::new(
            Reason::EducationTooLow,
            "Cần tốt nghiệp trung học cơ sở trở lên (tiểu học chỉ đủ ở vùng được áp dụng ngoại lệ)",
            "lower-secondary education or higher is required (primary only with the hardship-area exception)",
        ));
    }
    match case.latest_certificate {
        Some(certificate) if date <= add_months(certificate, book.course_valid_months) => {}
        Some(certificate) => broken.push(Broken::new(
            Reason::CourseExpired,
            format!(
                "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng ngày {certificate} đã quá {} tháng; cần học lại (RECORD_COURSE)",
                book.course_valid_months
            ),
            format!(
                "the course certificate of {certificate} is older than {} months; record a new course",
                book.course_valid_months
            ),
        )),
        None => broken.push(Broken::new(
            Reason::CourseExpired,
            "Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng",
            "no course certificate is recorded",
        )),
    }
    broken.extend(recognition_vote(votes_for, full_members));
    match case.latest_introductions {
        Some(introduced) if date <= add_months(introduced, book.dossier_fresh_months) => {}
        Some(introduced) => broken.push(Broken::new(
            Reason::DossierStale,
            format!(
                "Hồ sơ đã quá {} tháng kể từ ngày giới thiệu ({introduced}); cần làm lại giới thiệu (RECORD_INTRODUCTIONS)",
                book.dossier_fresh_months
            ),
            format!(
                "more than {} months since the introductions of {introduced}; record them again",
                book.dossier_fresh_months
            ),
        )),
        // A case reaches INTRODUCED only by RECORD_INTRODUCTIONS.
        None => {}
    }
    broken
}

/// The rules judged at `RECORD_INTRODUCTIONS` (ĐL Điều 4; QĐ24 §3.2).
pub fn introductions(
    book: &Rulebook,
    person: &PersonFacts,
    date: NaiveDate,
    sponsors: &[SponsorFacts],
    union: Option<UnionResolution>,
) -> Vec<Broken> {
    let mut broken = Vec::new();
    for s in sponsors.iter().filter(|s| !s.official) {
        broken.push(Broken::new(
            Reason::SponsorNotOfficial,
            format!(
                "Người giới thiệu {} không phải đảng viên chính thức vào ngày {date}",
                s.person
            ),
            format!("sponsor {} is not a full member on {date}", s.person),
        ));
    }
    for s in sponsors.iter().filter(|s| !s.same_grassroots) {
        broken.push(Broken::new(
            Reason::SponsorNotInOrganization,
            format!("Người giới thiệu {} không sinh hoạt ở tổ chức cơ sở đảng của người được giới thiệu", s.person),
            format!("sponsor {} is not a member of the person's grassroots organization", s.person),
        ));
    }
    for s in sponsors
        .iter()
        .filter(|s| full_months_between(s.known_since, date) < book.sponsor_known_months)
    {
        broken.push(Broken::new(
            Reason::SponsorTooRecent,
            format!(
                "Người giới thiệu {} mới cùng công tác, học tập hoặc cư trú với người được giới thiệu từ {}, chưa đủ {} tháng",
                s.person, s.known_since, book.sponsor_known_months
            ),
            format!(
                "sponsor {} has known the person only since {}, less than {} months",
                s.person, s.known_since, book.sponsor_known_months
            ),
        ));
    }
    let youth = person.youth_union
        && full_years_between(person.birth_date, date) <= book.youth_union_max_age_years;
    if youth && union != Some(UnionResolution::YouthUnion) {
        broken.push(Broken::new(
            Reason::YouthUnionResolutionRequired,
            format!(
                "Đoàn viên từ {} tuổi trở xuống cần nghị quyết giới thiệu của Ban Chấp hành Đoàn cơ sở",
                book.youth_union_max_age_years
            ),
            format!(
                "a Youth Union member aged {} or under needs the grassroots Youth Union's resolution",
                book.youth_union_max_age_years
            ),
        ));
    }
    let allowed = match union {
        None => true,
        Some(UnionResolution::YouthUnion) => person.youth_union,
        Some(UnionResolution::TradeUnion) => person.trade_union,
    };
    if !allowed {
        broken.push(Broken::new(
            Reason::UnionResolutionNotAllowed,
            "Người này không phải đoàn viên của tổ chức đã ra nghị quyết giới thiệu",
            "the person is not a member of the union whose resolution is given",
        ));
    }
    let needed = if union.is_some() { 1 } else { 2 };
    if sponsors.len() < needed {
        broken.push(Broken::new(
            Reason::SponsorCount,
            format!(
                "Cần {needed} đảng viên chính thức giới thiệu{}, mới có {}",
                if union.is_some() {
                    " cùng nghị quyết của đoàn thể"
                } else {
                    " (hoặc 1 đảng viên và nghị quyết của Đoàn, Công đoàn cơ sở)"
                },
                sponsors.len()
            ),
            format!(
                "{needed} sponsoring full members are needed, {} given",
                sponsors.len()
            ),
        ));
    }
    broken
}

/// The rule judged at `RECORD_COMMITTEE_VOTE`: two thirds of the grassroots committee.
pub fn committee_vote(votes_for: u32, members: u32) -> Vec<Broken> {
    let needed = two_thirds(members);
    if votes_for >= needed {
        return Vec::new();
    }
    vec![Broken::new(
        Reason::CommitteeVoteBelowTwoThirds,
        format!("Cần ít nhất {needed}/{members} cấp ủy viên tán thành (2/3), mới có {votes_for}"),
        format!(
            "at least {needed} of {members} committee members must vote for (two thirds); {votes_for} did"
        ),
    )]
}

#[cfg(test)]
mod tests;
