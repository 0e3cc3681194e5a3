//! `admin token list`: the principals as a table or CSV rows.

use std::io::Write;

use super::{Result, delimited, table::new_table};
use crate::{
    i18n::{self, Lang},
    view::PrincipalView,
};

/// The CSV header: the field names of [`PrincipalView`].
const COLUMNS: [&str; 7] = [
    "name",
    "role",
    "scope",
    "kind",
    "certificate_san",
    "created",
    "revoked",
];

/// A heading row, then one row per principal.
pub(super) fn principals_table(
    out: &mut dyn Write,
    lang: Lang,
    principals: &[PrincipalView],
) -> Result {
    let mut table = new_table();
    table.set_header(i18n::principal_columns(lang));
    for p in principals {
        table.add_row(vec![
            p.name.clone(),
            p.role.to_string(),
            p.scope
                .clone()
                .unwrap_or_else(|| i18n::everything(lang).to_owned()),
            i18n::principal_kind(lang, p.certificate_san.as_deref()),
            p.created.clone(),
            p.revoked.clone().unwrap_or_default(),
        ]);
    }
    writeln!(out, "{table}")
}

/// One CSV row per principal.
pub(super) fn principals_csv(out: &mut dyn Write, principals: &[PrincipalView]) -> Result {
    let mut writer = delimited::writer(out, &COLUMNS)?;
    for p in principals {
        writer.serialize(p)?;
    }
    writer.flush()
}
