//! The figures the aggregates keep, and their stored names (`admitted`, `headcount.women`).

use crate::domain::{admission::Grade, org::Sector, person::Education};

/// One figure of DESIGN §5 kept per organisation and year. `Headcount`, `Official` and
/// `HeadcountBy` are kept as year-on-year changes; the rest count what happened in the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    Headcount,
    Official,
    HeadcountBy(Trait),
    Admitted,
    AdmittedBy(Trait),
    TransferredIn,
    ReorganizedIn,
    TransferredOut,
    ReorganizedOut,
    Deceased,
    StruckOff,
    Expelled,
    Resigned,
    Nominated,
    SympathizersRecognized,
    CoursesCompleted,
    CellApproved,
    CeremoniesHeld,
    RecognizedOfficial,
    StruckOffProbationary,
    ResidenceDue,
    ResidenceOnTime,
    ResidenceLate,
    ResidencePending,
    Rated(Grade),
}

/// What a breakdown counts members by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trait {
    Women,
    EthnicMinority,
    Religious,
    Age(AgeBand),
    Education(Education),
    Sector(Sector),
}

/// The age bands of the breakdowns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    UpTo30,
    From31To40,
    From41To50,
    From51To60,
    Over60,
}

impl AgeBand {
    /// Every band, youngest first.
    pub const ALL: [AgeBand; 5] = [
        AgeBand::UpTo30,
        AgeBand::From31To40,
        AgeBand::From41To50,
        AgeBand::From51To60,
        AgeBand::Over60,
    ];

    /// The age at which the last band begins: no band changes after it.
    pub const LAST_CHANGE_AGE: i32 = 61;

    /// The band of `age` in completed years.
    pub fn of(age: i64) -> Self {
        match age {
            ..=30 => AgeBand::UpTo30,
            31..=40 => AgeBand::From31To40,
            41..=50 => AgeBand::From41To50,
            51..=60 => AgeBand::From51To60,
            61.. => AgeBand::Over60,
        }
    }

    /// The key of DESIGN §5's breakdown.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::UpTo30 => "age_30_or_under",
            AgeBand::From31To40 => "age_31_40",
            AgeBand::From41To50 => "age_41_50",
            AgeBand::From51To60 => "age_51_60",
            AgeBand::Over60 => "age_over_60",
        }
    }
}

impl Trait {
    /// Every trait a breakdown carries, in DESIGN §5's order.
    pub fn all() -> Vec<Trait> {
        let mut all = vec![Trait::Women, Trait::EthnicMinority, Trait::Religious];
        all.extend(AgeBand::ALL.map(Trait::Age));
        all.extend(Education::ALL.map(Trait::Education));
        all.extend(Sector::ALL.map(Trait::Sector));
        all
    }

    /// The key of DESIGN §5's breakdown (`women`, `age_31_40`, `sector_fdi_enterprise`).
    pub fn key(self) -> String {
        match self {
            Trait::Women => "women".to_owned(),
            Trait::EthnicMinority => "ethnic_minority".to_owned(),
            Trait::Religious => "religious".to_owned(),
            Trait::Age(band) => band.as_str().to_owned(),
            Trait::Education(e) => format!("education_{}", e.as_str()),
            Trait::Sector(s) => format!("sector_{}", s.as_str()),
        }
    }
}

impl Figure {
    /// Every figure without a trait or grade, for parsing.
    const PLAIN: [Figure; 22] = [
        Figure::Headcount,
        Figure::Official,
        Figure::Admitted,
        Figure::TransferredIn,
        Figure::ReorganizedIn,
        Figure::TransferredOut,
        Figure::ReorganizedOut,
        Figure::Deceased,
        Figure::StruckOff,
        Figure::Expelled,
        Figure::Resigned,
        Figure::Nominated,
        Figure::SympathizersRecognized,
        Figure::CoursesCompleted,
        Figure::CellApproved,
        Figure::CeremoniesHeld,
        Figure::RecognizedOfficial,
        Figure::StruckOffProbationary,
        Figure::ResidenceDue,
        Figure::ResidenceOnTime,
        Figure::ResidenceLate,
        Figure::ResidencePending,
    ];

    /// Whether the figure is kept as year-on-year changes of a year-end stock.
    pub fn is_stock(self) -> bool {
        matches!(
            self,
            Figure::Headcount | Figure::Official | Figure::HeadcountBy(_)
        )
    }

    /// The stored name.
    pub fn name(self) -> String {
        match self {
            Figure::HeadcountBy(t) => format!("headcount.{}", t.key()),
            Figure::AdmittedBy(t) => format!("admitted.{}", t.key()),
            Figure::Rated(g) => format!("rated.{}", g.as_str()),
            Figure::Headcount => "headcount".to_owned(),
            Figure::Official => "official".to_owned(),
            Figure::Admitted => "admitted".to_owned(),
            Figure::TransferredIn => "transferred_in".to_owned(),
            Figure::ReorganizedIn => "reorganized_in".to_owned(),
            Figure::TransferredOut => "transferred_out".to_owned(),
            Figure::ReorganizedOut => "reorganized_out".to_owned(),
            Figure::Deceased => "deceased".to_owned(),
            Figure::StruckOff => "struck_off".to_owned(),
            Figure::Expelled => "expelled".to_owned(),
            Figure::Resigned => "resigned".to_owned(),
            Figure::Nominated => "nominated".to_owned(),
            Figure::SympathizersRecognized => "sympathizers_recognized".to_owned(),
            Figure::CoursesCompleted => "courses_completed".to_owned(),
            Figure::CellApproved => "cell_approved".to_owned(),
            Figure::CeremoniesHeld => "ceremonies_held".to_owned(),
            Figure::RecognizedOfficial => "recognized_official".to_owned(),
            Figure::StruckOffProbationary => "struck_off_probationary".to_owned(),
            Figure::ResidenceDue => "residence.due".to_owned(),
            Figure::ResidenceOnTime => "residence.on_time".to_owned(),
            Figure::ResidenceLate => "residence.late".to_owned(),
            Figure::ResidencePending => "residence.pending".to_owned(),
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        if let Some(key) = name.strip_prefix("headcount.") {
            return trait_named(key).map(Figure::HeadcountBy);
        }
        if let Some(key) = name.strip_prefix("admitted.") {
            return trait_named(key).map(Figure::AdmittedBy);
        }
        if let Some(grade) = name.strip_prefix("rated.") {
            return Grade::ALL
                .into_iter()
                .find(|g| g.as_str() == grade)
                .map(Figure::Rated);
        }
        Self::PLAIN.into_iter().find(|f| f.name() == name)
    }
}

fn trait_named(key: &str) -> Option<Trait> {
    Trait::all().into_iter().find(|t| t.key() == key)
}
