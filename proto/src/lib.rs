//! The contracts `dangviend` and `dangvien` share: the `dangvien.v1` wire contract as Rust
//! (messages, service traits and clients, and the descriptor set), and the tokens file that the
//! server reads and `dangvien admin token` writes ([`tokens`]).
//!
//! Modules mirror the protobuf packages because the generated code refers to
//! other packages by relative paths (`super::super::google::r#type::Date`).

pub mod tokens;

/// Google's common types that the contract uses (`google.type.Date`).
// Generated code is not ours to lint: it lacks docs on some items and uses
// patterns the workspace lints reject. Only the generated modules are exempt.
#[allow(missing_debug_implementations, unreachable_pub, clippy::all)]
pub mod google {
    /// `google.type`.
    pub mod r#type {
        tonic::include_proto!("google.r#type");
    }
}

/// The `dangvien` packages.
#[allow(missing_debug_implementations, unreachable_pub, clippy::all)]
pub mod dangvien {
    /// `dangvien.v1`.
    pub mod v1 {
        tonic::include_proto!("dangvien.v1");
    }
}

pub use dangvien::v1;

/// The encoded descriptor set of every file above, for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("dangvien_descriptor");

pub use prost;
pub use prost_types;
pub use tonic;
