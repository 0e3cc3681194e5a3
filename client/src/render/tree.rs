//! The tree as indented text: `CODE  Name (kind label)`, children under box-drawing branches.

use crate::{
    i18n::{self, Lang},
    view::TreeNode,
};

/// Every root at the margin, each followed by its subtree.
pub(super) fn text(roots: &[TreeNode], lang: Lang) -> String {
    let mut text = String::new();
    for root in roots {
        line(&mut text, root, lang);
        children(&mut text, &root.children, "", lang);
    }
    text
}

fn children(text: &mut String, nodes: &[TreeNode], prefix: &str, lang: Lang) {
    for (i, node) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        text.push_str(prefix);
        text.push_str(if last { "└── " } else { "├── " });
        line(text, node, lang);
        // Below the last sibling there is no branch left to continue.
        let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
        children(text, &node.children, &deeper, lang);
    }
}

fn line(text: &mut String, node: &TreeNode, lang: Lang) {
    let kind = i18n::kind_label(lang, node.kind);
    text.push_str(&format!("{}  {} ({kind})\n", node.code, node.name));
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::{
        view::{OrgView, build_tree},
        vocab::{Kind, Sector},
    };

    fn org(code: &str, name: &str, kind: Kind, parent: Option<&str>) -> OrgView {
        OrgView {
            code: code.into(),
            name: name.into(),
            kind: Some(kind),
            sector: Some(Sector::StateAgency),
            parent: parent.map(Into::into),
            valid_from: NaiveDate::from_ymd_opt(2015, 1, 1),
            valid_to: None,
            etag: "\"1\"".into(),
        }
    }

    /// Shuffled on purpose: the tree sorts children by code whatever order the list came in.
    fn orgs() -> Vec<OrgView> {
        vec![
            org("CB02", "Chi bộ 2", Kind::Cell, Some("CS01")),
            org("TINH", "Đảng bộ tỉnh", Kind::Province, None),
            org(
                "CS02",
                "Chi bộ cơ sở Sở Tài chính",
                Kind::GrassrootsCell,
                Some("KHOI"),
            ),
            org("CB01", "Chi bộ 1", Kind::Cell, Some("CS01")),
            org("KHOI", "Đảng bộ Khối", Kind::Bloc, Some("TINH")),
            org(
                "BP01",
                "Đảng bộ bộ phận 1",
                Kind::PartialCommittee,
                Some("CS01"),
            ),
            org("CB03", "Chi bộ 3", Kind::Cell, Some("BP01")),
            org(
                "CS01",
                "Đảng bộ Công ty Điện lực",
                Kind::GrassrootsCommittee,
                Some("KHOI"),
            ),
            org("KHAC", "Đảng bộ Khối khác", Kind::Bloc, None),
        ]
    }

    #[test]
    fn the_whole_forest() {
        let roots = build_tree(orgs(), None).unwrap();
        assert_eq!(
            text(&roots, Lang::Vi),
            "\
KHAC  Đảng bộ Khối khác (Đảng bộ khối)
TINH  Đảng bộ tỉnh (Đảng bộ tỉnh)
└── KHOI  Đảng bộ Khối (Đảng bộ khối)
    ├── CS01  Đảng bộ Công ty Điện lực (Đảng bộ cơ sở)
    │   ├── BP01  Đảng bộ bộ phận 1 (Đảng bộ bộ phận)
    │   │   └── CB03  Chi bộ 3 (Chi bộ trực thuộc)
    │   ├── CB01  Chi bộ 1 (Chi bộ trực thuộc)
    │   └── CB02  Chi bộ 2 (Chi bộ trực thuộc)
    └── CS02  Chi bộ cơ sở Sở Tài chính (Chi bộ cơ sở)
"
        );
    }

    #[test]
    fn one_subtree_in_english() {
        let roots = build_tree(orgs(), Some("CS01")).unwrap();
        assert_eq!(
            text(&roots, Lang::En),
            "\
CS01  Đảng bộ Công ty Điện lực (grassroots committee)
├── BP01  Đảng bộ bộ phận 1 (partial committee)
│   └── CB03  Chi bộ 3 (cell)
├── CB01  Chi bộ 1 (cell)
└── CB02  Chi bộ 2 (cell)
"
        );
    }

    #[test]
    fn a_missing_root_is_none_and_an_orphan_becomes_a_root() {
        assert_eq!(build_tree(orgs(), Some("NOPE")), None);
        let lone = vec![org("CB09", "Chi bộ 9", Kind::Cell, Some("GONE"))];
        let roots = build_tree(lone, None).unwrap();
        assert_eq!(text(&roots, Lang::En), "CB09  Chi bộ 9 (cell)\n");
        assert_eq!(text(&[], Lang::En), "");
    }

    #[test]
    fn the_json_tree_nests_children() {
        let roots = build_tree(orgs(), Some("BP01")).unwrap();
        assert_eq!(
            serde_json::to_value(&roots).unwrap(),
            serde_json::json!([{
                "code": "BP01", "name": "Đảng bộ bộ phận 1", "kind": "partial_committee",
                "sector": "state_agency", "valid_from": "2015-01-01", "valid_to": null,
                "children": [{
                    "code": "CB03", "name": "Chi bộ 3", "kind": "cell", "sector": "state_agency",
                    "valid_from": "2015-01-01", "valid_to": null, "children": []
                }]
            }])
        );
    }
}
