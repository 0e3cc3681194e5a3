//! The texts of `admin token`: the notes on stderr, the list's headings, and what is wrong with
//! the tokens file or the values given for it.

use dangvien_proto::tokens::{Role, TokensError};

use super::Lang;

/// The columns of `admin token list`, in order.
pub(crate) fn principal_columns(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Vi => [
            "Tên",
            "Vai trò",
            "Phạm vi",
            "Loại",
            "Tạo lúc",
            "Thu hồi lúc",
        ],
        Lang::En => ["Name", "Role", "Scope", "Kind", "Created", "Revoked"],
    }
}

/// The kind cell of a principal: a token, or the SAN of a client certificate.
pub(crate) fn principal_kind(lang: Lang, certificate_san: Option<&str>) -> String {
    match (lang, certificate_san) {
        (Lang::Vi | Lang::En, None) => "token".to_owned(),
        (Lang::Vi, Some(san)) => format!("chứng chỉ {san}"),
        (Lang::En, Some(san)) => format!("certificate {san}"),
    }
}

/// The scope cell of a principal that sees everything.
pub(crate) fn everything(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "tất cả",
        Lang::En => "everything",
    }
}

/// On stderr after `token create`, beside the secret on stdout.
pub(crate) fn token_created(lang: Lang, name: &str, role: Role) -> String {
    match lang {
        Lang::Vi => format!(
            "Đã tạo token cho {name} (vai trò {role}). Bí mật chỉ hiện một lần, ngay dưới đây; \
             tệp chỉ lưu mã băm của nó. Đặt vào DANGVIEN_TOKEN hoặc một tệp cho --token-file."
        ),
        Lang::En => format!(
            "Created a token for {name} (role {role}). The secret is shown once, on stdout; the \
             file keeps only its hash. Put it in DANGVIEN_TOKEN or a file for --token-file."
        ),
    }
}

/// On stderr after `token create --certificate-san`.
pub(crate) fn certificate_added(lang: Lang, name: &str, role: Role, san: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "Đã thêm {name} (vai trò {role}): chứng chỉ máy khách có DNS subjectAltName {san}"
        ),
        Lang::En => {
            format!(
                "Added {name} (role {role}): a client certificate with DNS subjectAltName {san}"
            )
        }
    }
}

/// On stderr after `token revoke`.
pub(crate) fn revoked(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Vi => format!("Đã thu hồi {name}; máy chủ từ chối nó từ khi đọc lại tệp"),
        Lang::En => {
            format!("Revoked {name}; the server refuses it once it has read the file again")
        }
    }
}

/// What is wrong with the tokens file, or with a value given for it.
pub(crate) fn tokens_error(lang: Lang, error: &TokensError) -> String {
    match (lang, error) {
        (Lang::Vi, TokensError::Io { path, source }) => {
            format!("Không đọc được tệp token {}: {source}", path.display())
        }
        (Lang::Vi, TokensError::Malformed(why)) => {
            format!("Tệp token hoặc giá trị cho nó không hợp lệ: {why}")
        }
        (Lang::Vi, TokensError::DuplicateName(name)) => format!(
            "Đã có chủ thể tên {name} (kể cả đã thu hồi, tên vẫn được giữ); hãy chọn tên khác"
        ),
        (Lang::Vi, TokensError::UnknownName(name)) => {
            format!("Không có chủ thể tên {name}; `dangvien admin token list` liệt kê các tên")
        }
        (Lang::Vi, TokensError::AlreadyRevoked(name)) => format!("{name} đã bị thu hồi từ trước"),
        (Lang::Vi, TokensError::InvalidName(name)) => format!(
            "Tên chủ thể {name:?} không hợp lệ: cần 1–64 ký tự chữ A-Z a-z, chữ số, '.', '_' hoặc '-'"
        ),
        // The shared module words its errors in English, saying what to fix.
        (Lang::En, error) => error.to_string(),
    }
}
