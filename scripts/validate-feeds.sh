#!/usr/bin/env bash
# Evaluation of Marsad's feeds out (issue 6): fills a temporary data folder from
# the demo site, serves it, fetches RSS and Atom feeds of several searches and
# checks each one twice: PyPI's feedparser must raise no bozo flag (well-formed,
# a format it recognises) and find entries where the search has hits, the Arabic
# titles, language and self link; and libxml2's xmllint must validate it against
# the RELAX NG grammar for its format (crates/server/tests/schemas/atom.rng,
# rss2.rng).
#
#   ./scripts/validate-feeds.sh            # exit 0 when every feed passes
#
# Needs python3 with venv and the PyPI registry (feedparser is installed into
# target/feed-venv once), and xmllint (./scripts/setup-test-deps.sh installs it).
# The schema check alone also runs in `cargo test` (crates/server/tests/feed_schemas.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/feed-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet feedparser
fi

command -v xmllint >/dev/null || { echo "needs xmllint: ./scripts/setup-test-deps.sh" >&2; exit 2; }
cargo build --quiet -p marsad
bin=target/debug/marsad
data=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
server_pid=""

"$bin" --data "$data" demo --no-serve >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
"$bin" --data "$data" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/api/v1/stats" >/dev/null 2>&1; then break; fi
    sleep 0.1
done

"$venv/bin/python" - "http://127.0.0.1:$port" <<'PY'
import subprocess, sys, tempfile, urllib.parse, urllib.request
import feedparser

def schema_problem(kind, body):
    """xmllint's complaint about the feed against its RELAX NG grammar, or None."""
    grammar = "crates/server/tests/schemas/" + ("rss2.rng" if kind == "rss" else "atom.rng")
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(body)
        f.flush()
        run = subprocess.run(["xmllint", "--noout", "--relaxng", grammar, f.name], capture_output=True, text=True)
    return None if run.returncode == 0 else run.stderr.strip()

base = sys.argv[1]
searches = [
    ("", True),                       # latest news
    ("مفاوضات", True),                # a stemmed Arabic word
    ("وقف إطلاق النار", None),         # a phrase; hits depend on the demo texts
    ("sort=relevance", None),
    ("lang=ar&from=2020-01-01", None),  # filters
    ("كلمةلاتوجدأبدا", False),        # no hits: an empty but valid feed
]
failures = 0
checked = 0
for query, expect_hits in searches:
    if "=" in query:
        qs = query
    else:
        qs = urllib.parse.urlencode({"q": query}) if query else ""
    for kind in ("rss", "atom"):
        url = f"{base}/feeds/search.{kind}" + (f"?{qs}" if qs else "")
        body = urllib.request.urlopen(url).read()
        feed = feedparser.parse(body)
        problems = []
        if feed.bozo:
            problems.append(f"bozo: {feed.bozo_exception!r}")
        complaint = schema_problem(kind, body)
        if complaint:
            problems.append(f"xmllint: {complaint}")
        want = "rss20" if kind == "rss" else "atom10"
        if feed.version != want:
            problems.append(f"version {feed.version!r}, want {want}")
        if expect_hits is True and not feed.entries:
            problems.append("no entries")
        if expect_hits is False and feed.entries:
            problems.append("entries where none were expected")
        if feed.feed.get("language", "") != "ar":
            problems.append(f"language {feed.feed.get('language')!r}")
        if not any(l.get("rel") == "self" for l in feed.feed.get("links", [])):
            problems.append("no self link")
        for e in feed.entries:
            if not e.get("id") or not e.get("title") or not e.get("link"):
                problems.append(f"entry without id/title/link: {e.get('id')}")
                break
        arabic = sum(1 for e in feed.entries if any("\u0600" <= c <= "\u06ff" for c in e.get("title", "")))
        checked += 1
        status = "ok " if not problems else "BAD"
        print(f"{status} {kind:4} entries={len(feed.entries):3} arabic_titles={arabic:3} {urllib.parse.unquote(url[len(base):])}")
        for p in problems:
            print(f"      {p}")
        failures += bool(problems)
print(f"{checked - failures}/{checked} feeds pass feedparser (bozo == 0) and xmllint --relaxng")
sys.exit(1 if failures else 0)
PY
