//! The global flags that say how to reach the server securely: the token's file, and TLS.

use std::path::PathBuf;

use clap::Args;

use super::GLOBAL;

/// `--token-file`, `--ca-cert`, `--client-cert`, `--client-key`. The token itself may also be in
/// `DANGVIEN_TOKEN`, which `run` reads: it is never a flag.
#[derive(Debug, Args)]
pub(crate) struct CredentialsArgs {
    /// Tệp chứa token để gọi máy chủ (bỏ khoảng trắng hai đầu), thay cho biến DANGVIEN_TOKEN;
    /// không có cờ --token để token không lộ trong danh sách tiến trình / a file holding the
    /// token for the server (trimmed), instead of the DANGVIEN_TOKEN variable; there is no
    /// --token flag, so that the token never shows in the process list
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,

    /// Chứng chỉ CA (PEM) để tin máy chủ; dùng TLS, nên --server phải là https:// (URL
    /// http:// bị từ chối) / the CA certificate (PEM) to trust the server by; TLS, so --server
    /// must be https:// (an http:// URL is refused)
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DANGVIEN_CA_CERT",
        value_name = "FILE"
    )]
    pub(crate) ca_cert: Option<PathBuf>,

    /// Chứng chỉ máy khách (PEM) cho mTLS, cùng --client-key / the client certificate (PEM) for
    /// mTLS, with --client-key
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DANGVIEN_CLIENT_CERT",
        value_name = "FILE",
        requires = "client_key"
    )]
    pub(crate) client_cert: Option<PathBuf>,

    /// Khóa riêng (PEM) của chứng chỉ máy khách, cùng --client-cert / the client certificate's
    /// private key (PEM), with --client-cert
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DANGVIEN_CLIENT_KEY",
        value_name = "FILE",
        requires = "client_cert"
    )]
    pub(crate) client_key: Option<PathBuf>,
}
