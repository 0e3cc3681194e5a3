//! Who may do what (DESIGN §8): the roles, the operations the API offers, and the one table
//! that joins them. Scope (an organisation subtree) is judged by the app, on the tree.

use std::fmt;

use super::{Error, Msg, org::OrgCode};

/// A principal's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything.
    Admin,
    /// Reads and decisions inside its subtree.
    Clerk,
    /// Aggregate statistics only: no names, birth dates or ID numbers.
    Reader,
    /// Import and export within its scope.
    Sync,
}

impl Role {
    /// Every role, for tables that must cover them all.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Clerk, Role::Reader, Role::Sync];

    /// The role's name in the tokens file.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clerk => "clerk",
            Role::Reader => "reader",
            Role::Sync => "sync",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a call does, as far as permission goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Organisations, their tree and history: no personal data.
    ReadOrgs,
    /// Create, update, move, merge or dissolve organisations.
    ChangeOrgs,
    /// Persons, members, decisions, cases and the overdue list: personal data.
    ReadPeople,
    /// Create or update persons and register members.
    ChangePeople,
    /// Submit decisions.
    Decide,
    /// Year reports, the funnel and targets: counts only.
    ReadStatistics,
    /// Set admissions targets.
    SetTargets,
    /// Run a sync import.
    Import,
    /// Export records or follow the change feed.
    Export,
    /// Recount the stored state.
    Verify,
    /// Read or verify the audit log.
    Audit,
}

impl Operation {
    /// Every operation, for tables that must cover them all.
    pub const ALL: [Operation; 11] = [
        Operation::ReadOrgs,
        Operation::ChangeOrgs,
        Operation::ReadPeople,
        Operation::ChangePeople,
        Operation::Decide,
        Operation::ReadStatistics,
        Operation::SetTargets,
        Operation::Import,
        Operation::Export,
        Operation::Verify,
        Operation::Audit,
    ];

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Operation::ReadOrgs => ("xem tổ chức", "read organizations"),
            Operation::ChangeOrgs => ("thay đổi tổ chức", "change organizations"),
            Operation::ReadPeople => ("xem hồ sơ cá nhân", "read personal records"),
            Operation::ChangePeople => ("ghi hồ sơ cá nhân", "change personal records"),
            Operation::Decide => ("ghi quyết định", "submit decisions"),
            Operation::ReadStatistics => ("xem số liệu thống kê", "read statistics"),
            Operation::SetTargets => ("đặt chỉ tiêu", "set targets"),
            Operation::Import => ("nhập dữ liệu đồng bộ", "import sync records"),
            Operation::Export => ("xuất dữ liệu đồng bộ", "export sync records"),
            Operation::Verify => ("kiểm tra dữ liệu", "verify the stored state"),
            Operation::Audit => ("xem nhật ký kiểm toán", "read the audit log"),
        }
    }
}

/// Whether `role` may perform `operation` at all, scope aside. The one table of DESIGN §8.
pub fn permits(role: Role, operation: Operation) -> bool {
    use Operation as O;
    match role {
        Role::Admin => true,
        Role::Clerk => matches!(
            operation,
            O::ReadOrgs | O::ReadPeople | O::ChangePeople | O::Decide | O::ReadStatistics
        ),
        // Organisation names and counts are not personal data.
        Role::Reader => matches!(operation, O::ReadOrgs | O::ReadStatistics),
        Role::Sync => matches!(operation, O::ReadOrgs | O::Import | O::Export),
    }
}

/// `role` may not perform `operation`.
pub fn role_denied(principal: &str, role: Role, operation: Operation) -> Error {
    let (vi, en) = operation.describe();
    Error::Denied {
        msg: Msg::new(
            format!("{principal} (vai trò {role}) không được phép {vi}"),
            format!("{principal} (role {role}) may not {en}"),
        ),
    }
}

/// What a call names lies outside the caller's subtree, or cannot be shown to lie inside it:
/// the same answer whether or not it exists, so that nothing is learnt of what is outside.
pub fn outside_scope(principal: &str, scope: &OrgCode, what: &str) -> Error {
    Error::Denied {
        msg: Msg::new(
            format!(
                "{principal} chỉ được làm việc trong {scope} và các tổ chức trực thuộc; {what} không thuộc phạm vi đó"
            ),
            format!(
                "{principal} may act only within {scope} and its subtree; {what} is not within it"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of DESIGN §8, cell by cell: a change to [`permits`] must change this too.
    #[test]
    fn each_role_may_do_exactly_what_design_says() {
        use Operation as O;
        let table: &[(Role, &[Operation])] = &[
            (Role::Admin, &O::ALL),
            (
                Role::Clerk,
                &[
                    O::ReadOrgs,
                    O::ReadPeople,
                    O::ChangePeople,
                    O::Decide,
                    O::ReadStatistics,
                ],
            ),
            (Role::Reader, &[O::ReadOrgs, O::ReadStatistics]),
            (Role::Sync, &[O::ReadOrgs, O::Import, O::Export]),
        ];
        for (role, allowed) in table {
            for op in O::ALL {
                assert_eq!(permits(*role, op), allowed.contains(&op), "{role} × {op:?}");
            }
        }
    }

    #[test]
    fn a_refusal_names_the_principal_and_never_a_resource_outside() {
        let code = OrgCode::parse("code", "KHOI").unwrap_or_else(|_| unreachable!());
        let e = outside_scope("clerk-a", &code, "people/P9");
        let msg = e.refusal().map(|m| m.en).unwrap_or_default();
        assert!(msg.contains("clerk-a") && msg.contains("KHOI"), "{msg}");
        let e = role_denied("reader-a", Role::Reader, Operation::ReadPeople);
        let msg = e.refusal().map(|m| m.en).unwrap_or_default();
        assert!(msg.contains("reader"), "{msg}");
    }
}
