#!/usr/bin/env bash
# Server load benchmark (issue 6): search and RSS requests per second and
# latency percentiles with wrk on loopback, over a data folder of N synthetic
# articles (crates/server/examples/fill_bench.rs). Figures go to BENCHMARKS.md.
#
#   ./scripts/bench-server.sh [articles=100000] [seconds=20] [connections=16]
#
# Needs wrk (apt-get install wrk). The folder is kept in target/bench-server-N
# so that a second run skips the fill.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
seconds=${2:-20}
conns=${3:-16}
data=target/bench-server-$count
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 2; }

cargo build --release --quiet -p marsad
cargo build --release --quiet -p server --example fill_bench
# Adds only the articles the folder lacks, so a second run starts at once.
target/release/examples/fill_bench "$data" "$count"

port=$(( 20000 + RANDOM % 20000 ))
target/release/marsad --data "$data" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/api/v1/stats" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/api/v1/stats" | head -c 200; echo

run() {
    local name=$1 lua=$2
    echo "== $name"
    wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
}
run "search (/api/v1/search, 10 queries in turn)" scripts/wrk-search.lua
run "rss (/feeds/search.rss, same queries)" scripts/wrk-rss.lua
