//! CSV for spreadsheets: a UTF-8 BOM (so Excel shows the diacritics), a header row of the JSON keys,
//! one row per organisation.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::Result;
use crate::{
    view::{OrgView, TreeNode},
    vocab::{Kind, Sector},
};

/// Excel reads a CSV file as UTF-8 only when it starts with this.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The header of organisation rows: the field names of [`OrgView`], written even for no rows.
const ORG_COLUMNS: [&str; 8] = [
    "code",
    "name",
    "kind",
    "sector",
    "parent",
    "valid_from",
    "valid_to",
    "etag",
];

/// The header of tree rows: the field names of [`TreeRow`].
const TREE_COLUMNS: [&str; 8] = [
    "depth",
    "path",
    "code",
    "name",
    "kind",
    "sector",
    "valid_from",
    "valid_to",
];

/// An organisation in the tree, flattened: `depth` 0 is a root; `path` is the codes from the
/// printed root down to this one, joined by `/`.
#[derive(Debug, Serialize)]
struct TreeRow<'a> {
    depth: usize,
    path: String,
    code: &'a str,
    name: &'a str,
    kind: Option<Kind>,
    sector: Option<Sector>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

/// Organisations, one row each.
pub(super) fn orgs(out: &mut dyn Write, orgs: &[OrgView]) -> Result {
    let mut writer = writer(out, &ORG_COLUMNS)?;
    for org in orgs {
        writer.serialize(org)?;
    }
    writer.flush()
}

/// The tree, depth first, each organisation before its children.
pub(super) fn tree(out: &mut dyn Write, roots: &[TreeNode]) -> Result {
    let mut writer = writer(out, &TREE_COLUMNS)?;
    let mut stack: Vec<(usize, String, &TreeNode)> = roots
        .iter()
        .rev()
        .map(|root| (0, root.code.clone(), root))
        .collect();
    while let Some((depth, path, node)) = stack.pop() {
        for child in node.children.iter().rev() {
            stack.push((depth + 1, format!("{path}/{}", child.code), child));
        }
        writer.serialize(TreeRow {
            depth,
            path,
            code: &node.code,
            name: &node.name,
            kind: node.kind,
            sector: node.sector,
            valid_from: node.valid_from,
            valid_to: node.valid_to,
        })?;
    }
    writer.flush()
}

/// A writer that has written the BOM and the header; rows are then written without serde's own
/// header, which would be missing when there are no rows.
pub(super) fn writer<'a>(
    out: &'a mut dyn Write,
    columns: &[&str],
) -> Result<csv::Writer<&'a mut dyn Write>> {
    out.write_all(BOM)?;
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    writer.write_record(columns)?;
    Ok(writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgView {
        OrgView {
            code: "CB01".into(),
            name: "Chi bộ \"Đoàn kết\", số 1".into(),
            kind: Some(Kind::GrassrootsCell),
            sector: Some(Sector::FdiEnterprise),
            parent: Some("KHOI".into()),
            valid_from: NaiveDate::from_ymd_opt(2020, 1, 31),
            valid_to: None,
            etag: "\"2\"".into(),
        }
    }

    #[test]
    fn starts_with_a_bom_then_the_header() {
        let mut out = Vec::new();
        orgs(&mut out, &[org()]).unwrap();
        assert!(out.starts_with(BOM));
        let text = String::from_utf8(out[BOM.len()..].to_vec()).unwrap();
        assert_eq!(
            text,
            "code,name,kind,sector,parent,valid_from,valid_to,etag\n\
             CB01,\"Chi bộ \"\"Đoàn kết\"\", số 1\",grassroots_cell,fdi_enterprise,KHOI,2020-01-31,,\"\"\"2\"\"\"\n"
        );
    }

    #[test]
    fn no_rows_still_has_the_header() {
        let mut out = Vec::new();
        orgs(&mut out, &[]).unwrap();
        assert_eq!(
            out,
            [
                BOM,
                b"code,name,kind,sector,parent,valid_from,valid_to,etag\n"
            ]
            .concat()
        );
    }

    /// The hand-written headers must be the serde field names, in order, or columns would shift.
    #[test]
    fn headers_are_the_field_names() {
        let serde_header = |row: &dyn erased::Row| {
            let mut writer = csv::Writer::from_writer(Vec::new());
            row.write(&mut writer);
            let bytes = writer.into_inner().unwrap();
            String::from_utf8(bytes)
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_owned()
        };
        assert_eq!(serde_header(&org()), ORG_COLUMNS.join(","));
        let node = TreeNode {
            code: "X".into(),
            name: "X".into(),
            kind: None,
            sector: None,
            valid_from: None,
            valid_to: None,
            children: vec![],
        };
        let row = TreeRow {
            depth: 0,
            path: "X".into(),
            code: &node.code,
            name: &node.name,
            kind: None,
            sector: None,
            valid_from: None,
            valid_to: None,
        };
        assert_eq!(serde_header(&row), TREE_COLUMNS.join(","));
    }

    #[test]
    fn tree_rows_carry_depth_and_path() {
        let leaf = |code: &str| TreeNode {
            code: code.into(),
            name: format!("Tổ chức {code}"),
            kind: Some(Kind::Cell),
            sector: Some(Sector::Other),
            valid_from: None,
            valid_to: None,
            children: vec![],
        };
        let mut cs = leaf("CS");
        cs.kind = Some(Kind::GrassrootsCommittee);
        cs.children = vec![leaf("CB1"), leaf("CB2")];
        let mut out = Vec::new();
        tree(&mut out, &[cs, leaf("Z")]).unwrap();
        let text = String::from_utf8(out[BOM.len()..].to_vec()).unwrap();
        assert_eq!(
            text,
            "depth,path,code,name,kind,sector,valid_from,valid_to\n\
             0,CS,CS,Tổ chức CS,grassroots_committee,other,,\n\
             1,CS/CB1,CB1,Tổ chức CB1,cell,other,,\n\
             1,CS/CB2,CB2,Tổ chức CB2,cell,other,,\n\
             0,Z,Z,Tổ chức Z,cell,other,,\n"
        );
    }

    /// Lets the header test take either row type.
    mod erased {
        pub(super) trait Row {
            fn write(&self, writer: &mut csv::Writer<Vec<u8>>);
        }
        impl<T: serde::Serialize> Row for T {
            fn write(&self, writer: &mut csv::Writer<Vec<u8>>) {
                writer.serialize(self).unwrap();
            }
        }
    }
}
