//! The web UI in a real browser: starts a server over a filled data folder and
//! runs `tests/browser/run.mjs` (playwright-core driving Debian's headless
//! Chromium) against it: search in Arabic, open an article, `dir="rtl"`, the
//! English switch, a phone-sized screen, no console errors and no failed
//! requests. Screenshots land in `target/browser-screenshots/` for people to look
//! at. Missing Chromium or node modules fail the test with the command that
//! installs them; they are never skipped silently.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../../target"));
    target.join("browser-screenshots")
}

/// What the browser test needs on the machine, each with what is missing.
fn missing_prerequisites(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var("MARSAD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if !Path::new(&chromium).exists() {
        missing.push(format!("Chromium at {chromium}"));
    }
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        missing.push("node on PATH".to_string());
    }
    if !browser_dir.join("node_modules/playwright-core/package.json").exists() {
        missing.push(format!("{}/node_modules/playwright-core", browser_dir.display()));
    }
    missing
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_ui_works_in_headless_chromium() {
    let browser_dir = manifest_dir().join("tests/browser");
    let missing = missing_prerequisites(&browser_dir);
    assert!(
        missing.is_empty(),
        "the browser test needs {}: run ./scripts/setup-test-deps.sh (it installs Debian's chromium and runs npm ci in crates/server/tests/browser)",
        missing.join(", ")
    );

    let dir = tempfile::tempdir().expect("temp dir");
    common::populate(dir.path());
    let addr = common::start(dir.path()).await;
    let shots = screenshot_dir();
    let script = browser_dir.join("run.mjs");
    let base = format!("http://{addr}");
    let shots_arg = shots.clone();
    // The server runs on this runtime's workers; node is waited for elsewhere.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node").arg(&script).arg(&base).arg(&shots_arg).output()
    })
    .await
    .expect("join the node runner")
    .expect("start node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser checks failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.contains("PASS"), "{stdout}");
    assert!(shots.join("03-article.png").exists(), "no screenshot in {}", shots.display());
}
