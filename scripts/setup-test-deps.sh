#!/usr/bin/env bash
# Installs what `cargo test --workspace` needs beyond Rust, and nothing twice:
# Debian's Chromium for the browser test (crates/server/tests/browser.rs),
# Debian's xmllint for the feed schema test, and
# the browser test's node driver, playwright-core, from npm (no browser download: the test
# drives /usr/bin/chromium). Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x /usr/bin/chromium ]; then
    echo "setup-test-deps: installing chromium (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "setup-test-deps: installing nodejs and npm (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm
fi

# xmllint validates the feeds out against RELAX NG grammars (crates/server/tests/feed_schemas.rs).
if ! command -v xmllint >/dev/null 2>&1; then
    echo "setup-test-deps: installing libxml2-utils (apt) for xmllint"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq libxml2-utils
fi

browser=crates/server/tests/browser
if [ ! -f "$browser/node_modules/playwright-core/package.json" ]; then
    echo "setup-test-deps: npm ci in $browser"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$browser" --no-audit --no-fund --loglevel=error
fi
