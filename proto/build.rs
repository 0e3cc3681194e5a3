//! Compiles `dangvien/v1/*.proto` with protox (no system `protoc`) into Rust and a descriptor set.

use std::{env, fs, path::PathBuf};

const PROTOS: &[&str] = &[
    "dangvien/v1/admin.proto",
    "dangvien/v1/audit.proto",
    "dangvien/v1/decision.proto",
    "dangvien/v1/error.proto",
    "dangvien/v1/member.proto",
    "dangvien/v1/organization.proto",
    "dangvien/v1/person.proto",
    "dangvien/v1/statistics.proto",
    "dangvien/v1/sync.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut compiler = protox::Compiler::new(["."])?;
    compiler
        .include_imports(true)
        .include_source_info(true)
        .open_files(PROTOS)?;

    // protox does not emit rerun lines itself; list every file it read.
    for file in compiler.files() {
        if let Some(path) = file.path() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }

    let out = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(
        out.join("dangvien_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;

    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(compiler.file_descriptor_set())?;
    Ok(())
}
