//! The demo bloc's organisation tree: KHOI, 60 grassroots committees and 31 grassroots cells
//! across the six sectors, one partial committee, and 285 cells (the seed's figures).

use dangvien_proto::v1::{self as pb, OrganizationKind as Kind, Sector};

use super::{
    names,
    plan::{BLOC, proto_date, ymd},
    rng::Rng,
};

/// Grassroots committees (đảng bộ cơ sở).
const COMMITTEES: usize = 60;
/// Grassroots cells (chi bộ cơ sở).
const GRASSROOTS_CELLS: usize = 31;
/// Cells under the grassroots committees and the partial committee.
const CELLS: usize = 285;
/// Cells of the one partial committee, within the first committee's.
const PARTIAL_CELLS: usize = 4;

/// Grassroots organisations per sector, in the order of [`SECTORS`]: 91 in all.
const SECTORS: [(Sector, usize); 6] = [
    (Sector::StateAgency, 30),
    (Sector::PublicServiceUnit, 22),
    (Sector::StateEnterprise, 16),
    (Sector::NonStateEnterprise, 12),
    (Sector::FdiEnterprise, 5),
    (Sector::Other, 6),
];

// Every grassroots organisation has a sector.
const _: () = assert!(30 + 22 + 16 + 12 + 5 + 6 == COMMITTEES + GRASSROOTS_CELLS);

/// One organisation.
#[derive(Clone, Debug)]
pub(crate) struct Org {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) parent: Option<usize>,
    pub(crate) sector: Sector,
    /// Its grassroots organisation (itself for one; 0 for the bloc, which has none).
    pub(crate) grassroots: usize,
    /// Members of the executive committee of a grassroots committee (for its votes).
    pub(crate) committee_size: i32,
}

/// The whole tree; orgs are listed parents first.
#[derive(Debug)]
pub(crate) struct Tree {
    pub(crate) orgs: Vec<Org>,
    /// The grassroots organisations (indexes into `orgs`).
    pub(crate) grassroots: Vec<usize>,
    /// The organisations that hold persons: cells and grassroots cells.
    pub(crate) cells: Vec<usize>,
}

impl Tree {
    /// Draws the tree: which grassroots organisation is which kind, and how many cells each
    /// committee has (three to nine, 285 in all).
    pub(crate) fn generate(rng: &mut Rng) -> Tree {
        let mut orgs = vec![Org {
            code: BLOC.to_owned(),
            name: "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh".to_owned(),
            kind: Kind::Bloc,
            parent: None,
            sector: Sector::StateAgency,
            grassroots: 0,
            committee_size: 0,
        }];
        let mut sectors: Vec<Sector> = SECTORS
            .iter()
            .flat_map(|(sector, n)| std::iter::repeat_n(*sector, *n))
            .collect();
        rng.shuffle(&mut sectors);
        let mut per_sector = std::collections::HashMap::new();
        let mut grassroots = Vec::new();
        for (i, sector) in sectors.into_iter().enumerate() {
            let seen = per_sector.entry(sector as i32).or_insert(0usize);
            let unit = names::unit(sector, *seen);
            *seen += 1;
            let committee = i < COMMITTEES;
            let index = orgs.len();
            orgs.push(Org {
                code: if committee {
                    format!("CS{:02}", i + 1)
                } else {
                    format!("CBCS{:02}", i - COMMITTEES + 1)
                },
                name: if committee {
                    format!("Đảng bộ {unit}")
                } else {
                    format!("Chi bộ {unit}")
                },
                kind: if committee {
                    Kind::GrassrootsCommittee
                } else {
                    Kind::GrassrootsCell
                },
                parent: Some(0),
                sector,
                grassroots: index,
                committee_size: 0,
            });
            grassroots.push(index);
        }
        // Three cells each, then the rest one by one to committees with fewer than nine.
        let mut cells_of = vec![3usize; COMMITTEES];
        cells_of[0] = 3 + PARTIAL_CELLS;
        let mut left = CELLS - cells_of.iter().sum::<usize>();
        while left > 0 {
            let c = rng.below(COMMITTEES);
            if cells_of[c] < 9 {
                cells_of[c] += 1;
                left -= 1;
            }
        }
        let mut cells = Vec::new();
        for (c, count) in cells_of.iter().enumerate() {
            let committee = grassroots[c];
            // Executive committees of 5 to 11, larger where there are more cells.
            orgs[committee].committee_size = 5 + 2 * ((*count as i32 - 3) / 2).min(3);
            let mut parent = committee;
            for k in 0..*count {
                if c == 0 && k == count - PARTIAL_CELLS {
                    parent = orgs.len();
                    let sector = orgs[committee].sector;
                    orgs.push(Org {
                        code: format!("{}-BP1", orgs[committee].code),
                        name: format!("Đảng bộ bộ phận Khối sản xuất, {}", orgs[committee].name),
                        kind: Kind::PartialCommittee,
                        parent: Some(committee),
                        sector,
                        grassroots: committee,
                        committee_size: 0,
                    });
                }
                cells.push(orgs.len());
                let org = Org {
                    code: format!("{}-CB{:02}", orgs[committee].code, k + 1),
                    name: format!("Chi bộ {}", names::department(k + c)),
                    kind: Kind::Cell,
                    parent: Some(parent),
                    sector: orgs[committee].sector,
                    grassroots: committee,
                    committee_size: 0,
                };
                orgs.push(org);
            }
        }
        cells.extend(grassroots[COMMITTEES..].iter().copied());
        Tree {
            orgs,
            grassroots,
            cells,
        }
    }

    /// The position in `grassroots` of the grassroots organisation that `org` belongs to.
    pub(crate) fn grassroots_slot(&self, org: usize) -> usize {
        let own = self.orgs[org].grassroots;
        self.grassroots.iter().position(|g| *g == own).unwrap_or(0)
    }

    /// Create requests, one list per depth, parents before children.
    pub(crate) fn requests(&self) -> Vec<Vec<pb::CreateOrganizationRequest>> {
        let mut levels: Vec<Vec<pb::CreateOrganizationRequest>> = Vec::new();
        for org in &self.orgs {
            let mut depth = 0;
            let mut up = org.parent;
            while let Some(p) = up {
                depth += 1;
                up = self.orgs[p].parent;
            }
            if levels.len() <= depth {
                levels.resize_with(depth + 1, Vec::new);
            }
            levels[depth].push(pb::CreateOrganizationRequest {
                organization_id: org.code.clone(),
                organization: Some(pb::Organization {
                    display_name: org.name.clone(),
                    kind: org.kind.into(),
                    parent: org
                        .parent
                        .map(|p| format!("organizations/{}", self.orgs[p].code))
                        .unwrap_or_default(),
                    sector: org.sector.into(),
                    // The records of the bloc's organisations start here: every member's
                    // admission and every person's cell is dated inside that span.
                    valid_from: proto_date(ymd(1985, 1, 1)),
                    ..Default::default()
                }),
                request_id: String::new(),
            });
        }
        levels
    }
}
