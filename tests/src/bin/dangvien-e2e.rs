//! The `dangvien` command line as a binary of this package, so that end-to-end tests can run it
//! as a separate process (`CARGO_BIN_EXE_dangvien-e2e`) — the scheduler commands of
//! `docs/sync.md` are run through `sh` exactly as written. Same as the client's `main`.

use std::{
    io::{self, BufWriter},
    process::ExitCode,
};

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dangvien: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let code = runtime.block_on(dangvien_client::run(
        std::env::args_os(),
        &mut out,
        &mut err,
    ));
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
