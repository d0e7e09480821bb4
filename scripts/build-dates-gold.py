#!/usr/bin/env python3
# Usage: python3 scripts/build-dates-gold.py crates/arabic/eval/src/dates-*.txt  (needs `pip install hijridate`)
# Builds crates/arabic/eval/dates.jsonl from hand-written lines:
#   REF | sentence | span => value ; span => value
# Values: ISO, or shorthands resolved against REF: d±N[Thh:mm] days, m±N months,
# y±N years, w-DAY / w+DAY previous/next weekday strictly before/after,
# w0DAY this week's (today or last), wfDAY (today or next), h:Y-M-D[Thh:mm] Hijri (Umm al-Qura, hijridate).
import json,sys,datetime as dt
from hijridate import Hijri
DAYS=dict(mon=0,tue=1,wed=2,thu=3,fri=4,sat=5,sun=6)
def addm(d,n):
    y,m=d.year,d.month-1+n
    return "%04d-%02d"%(y+m//12,m%12+1)
def val(ref,v):
    t=""
    if "T" in v and not v[:4].isdigit():
        v,t=v.split("T"); t="T"+t
    if v[:4].isdigit(): return v
    if v.startswith("h:"):
        y,m,d=map(int,v[2:].split("-")); return Hijri(y,m,d).to_gregorian().isoformat()+t
    if v[0]=="d": return (ref+dt.timedelta(days=int(v[1:] or 0))).isoformat()+t
    if v[0]=="m": return addm(ref,int(v[1:]))
    if v[0]=="y": return "%04d"%(ref.year+int(v[1:]))
    if v[0]=="w":
        mode,day=v[1],DAYS[v[2:]]
        back=(ref.weekday()-day)%7; ahead=(day-ref.weekday())%7
        if mode=="-": r=ref-dt.timedelta(days=back or 7)
        elif mode=="+": r=ref+dt.timedelta(days=ahead or 7)
        elif mode=="0": r=ref-dt.timedelta(days=back)
        else: r=ref+dt.timedelta(days=ahead)
        return r.isoformat()+t
    raise ValueError(v)
def gran(v):
    return {4:"year",7:"month",10:"day"}.get(len(v),"minute")
OUT=__import__("os").path.join(__import__("os").path.dirname(__file__),"..","crates","arabic","eval","dates.jsonl")
out=[]
for f in sys.argv[1:]:
    for n,line in enumerate(open(f),1):
        line=line.strip()
        if not line: continue
        ref,sent,ms=[x.strip() for x in line.split("|")]
        r=dt.date.fromisoformat(ref); mentions=[]
        for m in filter(None,[x.strip() for x in ms.split(";")]):
            text,v=[x.strip() for x in m.split("=>")]
            assert text in sent,(f,n,text)
            value=val(r,v); mentions.append(dict(text=text,value=value,granularity=gran(value)))
        out.append(dict(sentence=sent,reference=ref,mentions=mentions))
with open(OUT,"w") as fh:
    for o in out: fh.write(json.dumps(o,ensure_ascii=False)+"\n")
print(len(out),"sentences",sum(len(o["mentions"]) for o in out),"mentions")
