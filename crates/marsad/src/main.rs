//! The `marsad` command: parses flags and dispatches to one module per command.
//! Everything a command does lives in the library crates; this crate only turns
//! their values into terminal output or JSON and their errors into exit codes:
//! 0 all fine, 1 finished with some sources failing, 2 usage or fatal error.

mod args;
mod commands;
mod eval;
mod eval_text;
mod output;
mod progress;
mod sources;
mod text;
mod watch;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    install_panic_hook();
    init_tracing(cli.verbose);
    engine::limit_malloc_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(cli.command, cli.data)) {
        Ok(code) => code,
        Err(err) => {
            output::print_error(&err, cli.verbose > 0);
            ExitCode::from(2)
        }
    }
}

/// A bug must still end in one readable line, not a backtrace dump.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("error: internal error (a bug in marsad, please report it): {message}{at}");
        std::process::exit(2);
    }));
}

fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("MARSAD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}
