#!/usr/bin/env bash
# Server load benchmark (issue 6): search and RSS requests per second and
# latency percentiles with wrk on loopback, over a data folder of N synthetic
# articles (crates/server/examples/fill_bench.rs), plus the time of
# /api/v1/stats. Figures go to BENCHMARKS.md, "Server load (issue 6)".
#
#   ./scripts/bench-server.sh [articles=100000] [seconds=20] [connections="1 4 16"]
#
# Needs wrk (apt-get install wrk). The folder is kept in target/bench-server-N
# so that a second run skips the fill (an index made by an older analyzer is
# rebuilt by fill_bench). The load average is printed next to every figure:
# the cores are shared, and wrk runs on them too.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
seconds=${2:-20}
conns_list=${3:-"1 4 16"}
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
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port/api/v1/stats" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/api/v1/stats" | head -c 200; echo

load() { cut -d' ' -f1 /proc/loadavg; }

echo "== stats (/api/v1/stats, 10 requests, seconds each; load $(load))"
for _ in $(seq 1 10); do curl -s -o /dev/null -w "%{time_total} " "http://127.0.0.1:$port/api/v1/stats"; done; echo

run() {
    local name=$1 lua=$2 conns=$3
    local threads=$(( conns < 2 ? conns : 2 ))
    echo "== $name, $conns connection(s) (load before $(load))"
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
    echo "   load after $(load)"
}
for conns in $conns_list; do
    run "search (/api/v1/search, 10 queries in turn)" scripts/wrk-search.lua "$conns"
    run "rss (/feeds/search.rss, same queries)" scripts/wrk-rss.lua "$conns"
done
