#!/usr/bin/env python3
# Builds crates/arabic/eval/families.tsv from crates/arabic/eval/src/families.txt
# (hand-written: base | variants | near-misses). Each base also gets the clitic
# forms news text writes (ال، وال، بال، لل، فال، و، ب، ل، وبال). Hand variants
# that do not contain the base's consonant skeleton are broken plurals (مدرسة →
# مدارس): kind B, reported apart, since no light stemmer is meant to join them.
#   python3 scripts/build-families.py
import os, re
here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "crates", "arabic", "eval", "src", "families.txt")
out = os.path.join(here, "..", "crates", "arabic", "eval", "families.tsv")
DIAC = re.compile("[\u064B-\u0652\u0670]")

def clitics(b):
    lil = "لل" + b[1:] if b.startswith("ل") else "لل" + b
    return ["ال" + b, "وال" + b, "بال" + b, lil, "فال" + b, "و" + b, "ب" + b, "ل" + b, "وبال" + b]

def core(w):
    w = DIAC.sub("", w)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ؤ", "و"), ("ئ", "ي")):
        w = w.replace(a, b)
    return re.sub("(ة|ي|اء|ات|ون|ين|ية)$", "", w)

rows = ["# kind\tbase\twords — F: forms that must match base; B: broken plurals; N: must not match"]
for line in open(src, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    base, variants, near = [x.strip() for x in line.split("|")]
    base_is_def = base.startswith("ال")
    forms = [] if base_is_def else clitics(base)
    broken = []
    for v in variants.split():
        (forms if core(base) in core(v) else broken).append(v)
    rows.append("F\t%s\t%s" % (base, " ".join(dict.fromkeys(forms))))
    if broken:
        rows.append("B\t%s\t%s" % (base, " ".join(broken)))
    if near:
        rows.append("N\t%s\t%s" % (base, near))
open(out, "w", encoding="utf-8").write("\n".join(rows) + "\n")
print(sum(r.startswith("F") for r in rows), "families")
