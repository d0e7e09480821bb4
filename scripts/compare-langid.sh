#!/usr/bin/env bash
# Language identification on crates/arabic/eval/langid.tsv: Marsad's
# arabic::lang::detect, whatlang alone (both through `marsad eval langid`) and
# lingua (PyPI lingua-language-detector, restricted to the labelled languages it
# knows; it has no Sorani, so ckb texts count as wrong for it), accuracy per kind.
#   scripts/compare-langid.sh [FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-crates/arabic/eval/langid.tsv}
VENV=${VENV:-target/venv-langid}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q lingua-language-detector
fi
cargo run -q -p marsad -- eval langid --jsonl "$FILE" | "$VENV/bin/python" -c '
import json, sys
from collections import defaultdict
from lingua import Language, LanguageDetectorBuilder
codes = {"ar": Language.ARABIC, "fa": Language.PERSIAN, "ur": Language.URDU, "en": Language.ENGLISH,
         "fr": Language.FRENCH, "de": Language.GERMAN, "es": Language.SPANISH, "tr": Language.TURKISH}
back = {v: k for k, v in codes.items()}
detector = LanguageDetectorBuilder.from_languages(*codes.values()).build()
rows = [json.loads(l) for l in sys.stdin]
score = defaultdict(lambda: defaultdict(int))
for r in rows:
    got = detector.detect_language_of(r["text"])
    r["lingua"] = back.get(got)
    for who in ("marsad", "whatlang", "lingua"):
        score[(r["kind"], "all")][who] += r[who] == r["lang"]
        score[(r["kind"], "ckb excluded")][who] += r[who] == r["lang"] and r["lang"] != "ckb"
    score[(r["kind"], "all")]["n"] += 1
    score[(r["kind"], "ckb excluded")]["n"] += r["lang"] != "ckb"
print("%-10s%-14s%6s%9s%10s%8s" % ("kind", "languages", "texts", "marsad", "whatlang", "lingua"))
for (kind, subset), s in sorted(score.items(), key=lambda kv: (kv[0][0] != "title", kv[0][1])):
    n = s["n"]
    print(f"{kind:<10}{subset:<14}{n:>6}" + "".join(f"{s[w]/n:>{p}.3f}" for w, p in (("marsad", 9), ("whatlang", 10), ("lingua", 8))))
'
