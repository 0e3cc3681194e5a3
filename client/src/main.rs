//! `dangvien`: build the async runtime, run the command line, exit with its code.

use std::{
    io::{self, BufWriter},
    process::ExitCode,
};

fn main() -> ExitCode {
    // One thread is plenty: the CLI makes one call at a time.
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
    // Buffered because a long list is written row by row; `run` flushes before returning.
    let mut out = BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let code = runtime.block_on(dangvien_client::run(
        std::env::args_os(),
        &mut out,
        &mut err,
    ));
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
