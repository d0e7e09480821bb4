//! Helpers shared by the binary's integration tests: run the built `marsad`
//! against a data folder, read its output.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built binary with `--data DATA`, ignoring any MARSAD_DATA of the caller.
pub fn marsad(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("MARSAD_DATA")
        .output()
        .expect("marsad runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
