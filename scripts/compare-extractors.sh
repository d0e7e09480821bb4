#!/usr/bin/env bash
# Marsad's extraction side by side with the peers (trafilatura, readability-lxml,
# Mozilla Readability, htmldate, resiliparse) on gold sets of the shared corpus,
# scored in one run of the reference scorer. A benchmark, not a test.
#
#   scripts/compare-extractors.sh [SET ...]        (default: arabic-dev arabic-transplant naeb)
#
# SET is a folder name under $CORPUS (default ../shared/corpus/extraction) or a path.
# The peers are installed once into $PEERS_DIR (default ~/.cache/marsad-peers): a
# Python venv with pinned versions and an npm prefix for Readability + jsdom.
# Outputs and the full scorer report go to $OUT (default bench-out/extractors);
# Speeds are the median of REPEATS (default 3) runs, so that start-up costs do not count.
# REUSE_PEERS=1 keeps the peers' outputs of an earlier run and re-runs Marsad only.
#
#   scripts/compare-extractors.sh --speed [SET]     (default: arabic-dev)
#
# --speed times trafilatura, resiliparse and Marsad back to back on one set
# (median of REPEATS runs each, extraction only, one core) and prints one table
# with the load average before and after, since the machine may be shared.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
CORPUS="${CORPUS:-$SHARED/corpus/extraction}"
TOOLS="${TOOLS:-$SHARED/tools}"
PEERS_DIR="${PEERS_DIR:-$HOME/.cache/marsad-peers}"
OUT="${OUT:-$ROOT/bench-out/extractors}"
SPEED=0
if [ "${1:-}" = "--speed" ]; then SPEED=1; shift; fi
SETS=("$@")
if [ ${#SETS[@]} -eq 0 ]; then
  if [ "$SPEED" = 1 ]; then SETS=(arabic-dev); else SETS=(arabic-dev arabic-transplant naeb); fi
fi

for f in "$TOOLS/peers_extract.py" "$TOOLS/score_extract.py"; do
  [ -f "$f" ] || { echo "error: $f not found (set SHARED or TOOLS)" >&2; exit 2; }
done

# 1. Peers, pinned to the versions peers_extract.py names.
if [ ! -x "$PEERS_DIR/venv/bin/python" ]; then
  python3 -m venv "$PEERS_DIR/venv"
fi
# pip older than 24 trips over lxml's html-clean extra spelled two ways.
"$PEERS_DIR/venv/bin/python" -m pip install -q --upgrade pip
"$PEERS_DIR/venv/bin/python" -m pip install -q \
  "trafilatura==2.3.1" "readability-lxml==0.9" "lxml_html_clean==0.4.6" "htmldate==1.11.0" \
  "resiliparse==2.0.1" charset_normalizer
if [ ! -d "$PEERS_DIR/node/node_modules/@mozilla/readability" ] || [ ! -d "$PEERS_DIR/node/node_modules/jsdom" ]; then
  npm install --silent --prefix "$PEERS_DIR/node" @mozilla/readability@0.6.0 jsdom@29.1.1
fi
PY="$PEERS_DIR/venv/bin/python"

# 2. Marsad, release build.
(cd "$ROOT" && cargo build --release -q -p marsad)
MARSAD="$ROOT/target/release/marsad"

if [ "$SPEED" = 1 ]; then
  dir="${SETS[0]:-arabic-dev}"; [ -d "$dir" ] || dir="$CORPUS/$dir"
  out="$(mktemp -d)"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  "$PY" "$TOOLS/peers_extract.py" "$dir" "$out" --peers trafilatura,resiliparse --repeats "${REPEATS:-3}" >/dev/null 2>&1
  "$MARSAD" eval extract --json --repeats "${REPEATS:-3}" "$dir" > "$out/marsad.json"
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$out" "$(basename "$dir")" "$load_before" "$load_after" <<'PYEOF'
import json, sys
from pathlib import Path
out, name, before, after = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
speed = json.load(open(out / 'speed.json'))
traf = speed['trafilatura']['pages_per_s']
rows = [('trafilatura', traf), ('resiliparse', speed['resiliparse']['pages_per_s']),
        ('marsad (decoding included)', json.load(open(out / 'marsad.json'))['pages_per_s'])]
print(f'\n{name}, median of runs, one core; load average {before} before, {after} after\n')
print('| extractor | pages/s | × trafilatura |')
print('|---|---|---|')
for tool, pps in rows:
    print(f'| {tool} | {pps:.1f} | {pps / traf:.1f}× |')
PYEOF
  exit 0
fi

PEERS=(trafilatura readability_lxml readability_js resiliparse htmldate)
PAIRS=()
for set in "${SETS[@]}"; do
  dir="$set"; [ -d "$dir" ] || dir="$CORPUS/$set"
  [ -f "$dir/gold.jsonl" ] || { echo "error: no gold.jsonl in $dir" >&2; exit 2; }
  name="$(basename "$dir")"
  mkdir -p "$OUT/$name"
  if [ -n "${REUSE_PEERS:-}" ] && [ -f "$OUT/$name/speed.json" ]; then
    echo "# $name: peers' outputs reused from $OUT/$name (REUSE_PEERS)" >&2
  else
    echo "# $name: peers" >&2
    "$PY" "$TOOLS/peers_extract.py" "$dir" "$OUT/$name" --repeats "${REPEATS:-3}" --node-modules "$PEERS_DIR/node/node_modules" >&2
  fi
  echo "# $name: marsad" >&2
  "$MARSAD" eval extract --json --repeats "${REPEATS:-3}" --predictions "$OUT/$name/marsad.jsonl" "$dir" > "$OUT/$name/marsad.json"
  PAIRS+=("$dir" "$OUT/$name/marsad.jsonl")
  for peer in "${PEERS[@]}"; do
    [ -f "$OUT/$name/$peer.jsonl" ] && PAIRS+=("$dir" "$OUT/$name/$peer.jsonl")
  done
done

# 3. Everything scored in one run of the reference scorer (full report kept).
python3 "$TOOLS/score_extract.py" "${PAIRS[@]}" > "$OUT/score_report.txt"
echo "# full scorer report: $OUT/score_report.txt" >&2

# 4. The side-by-side table, from the same scorer's score_set.
python3 - "$TOOLS" "$OUT" "${PAIRS[@]}" <<'PYEOF'
import importlib.util, json, sys
from pathlib import Path
tools, out, pairs = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
spec = importlib.util.spec_from_file_location('score_extract', Path(tools) / 'score_extract.py')
se = importlib.util.module_from_spec(spec); spec.loader.exec_module(se)
def frac(kn):
    k, n = kn
    return f'{k}/{n}' if n else '-'
rows = {}
for i in range(0, len(pairs), 2):
    set_dir, pred = Path(pairs[i]), Path(pairs[i + 1])
    r = se.score_set(set_dir, pred)
    tool = pred.stem
    if tool == 'marsad':
        pps = json.load(open(pred.with_suffix('.json')))['pages_per_s']
    else:
        speed = json.load(open(pred.parent / 'speed.json'))
        pps = speed.get(tool, {}).get('pages_per_s')
    rows.setdefault(set_dir.name, []).append((tool, r, pps))
for name, items in rows.items():
    print(f'\n### {name}\n')
    print('| extractor | body F1 | P | R | snippets with/without (leak) | title | date | author | listing | pages/s |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    traf = next((p for t, _, p in items if t == 'trafilatura'), None)
    for tool, r, pps in items:
        body = f"{r['F1']:.3f}" if 'F1' in r else 'n/a'
        p = f"{r['P']:.3f}" if 'P' in r else '-'
        rr = f"{r['R']:.3f}" if 'R' in r else '-'
        wf, wn, of, on = r['snip_all']
        snip = f'{wf}/{wn} ({of}/{on})' if (wn or on) and r['has']['text'] else '-'
        hit, n, fa, has_kind = r['listing']
        lst = (f'{hit}/{n}' + (f' (+{fa} false)' if fa else '')) if has_kind else (f'-/{n}' if n else '-')
        title = frac(r['title']) if r['has']['title'] else '-'
        date = frac(r['date']) if r['has']['date'] else '-'
        author = frac(r['author']) if r['has']['author'] else '-'
        speed = f'{pps:.1f}' if pps else '-'
        if tool == 'marsad' and traf and pps:
            speed += f' ({pps / traf:.0f}× trafilatura)'
        print(f'| {tool} | {body} | {p} | {rr} | {snip} | {title} | {date} | {author} | {lst} | {speed} |')
PYEOF
