//! The `broadsheet` binary: parse flags, run the library, map the result to an exit code.

use clap::Parser;

fn main() {
    let cli = broadsheet::cli::args::Cli::parse();
    let code = match broadsheet::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            broadsheet::cli::err_line(format!("broadsheet: {e}"));
            broadsheet::cli::ExitCode::Usage
        }
    };
    std::process::exit(code as i32);
}
