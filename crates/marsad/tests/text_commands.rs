//! `marsad dates`, `marsad normalize`, `marsad stem` and `marsad eval
//! dates/families`, run through the built binary with text on stdin, as a user
//! or a script would.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs marsad with `args` and `stdin`; returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("marsad starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("marsad runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dates_json_lines_with_character_offsets() {
    let text = "قال الوزير أمس إن الاجتماع يعقد في ٢٣/٦/٢٠٢٤ الساعة 10:30 صباحا.";
    let (code, out, err) = run(&["dates", "--reference", "2024-06-20", "--json"], text);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0]["text"], "أمس");
    assert_eq!(lines[0]["value"], "2024-06-19");
    assert_eq!(lines[0]["granularity"], "day");
    assert_eq!(lines[0]["relative"], true);
    assert_eq!(lines[1]["value"], "2024-06-23T10:30");
    assert_eq!(lines[1]["granularity"], "minute");
    assert_eq!(lines[1]["relative"], false);
    // start/end index characters, as Python strings do.
    for line in &lines {
        let (s, e) = (line["start"].as_u64().expect("start") as usize, line["end"].as_u64().expect("end") as usize);
        let span: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(span, line["text"].as_str().expect("text"));
    }
}

#[test]
fn dates_plain_output_and_bad_reference() {
    let (code, out, _) = run(&["dates", "--reference", "2025-01-15"], "وصل الوفد الخميس الماضي");
    assert_eq!(code, 0);
    assert!(out.contains("الخميس الماضي") && out.contains("2025-01-09"), "{out}");
    let (code, _, err) = run(&["dates", "--reference", "15/01/2025"], "أمس");
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn normalize_lossless_and_lossy() {
    let text = "المُفاوَضات\u{200F}  في ﻻهاي ٢٠٢٤";
    let (code, out, _) = run(&["normalize"], text);
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), "المُفاوَضات في لاهاي ٢٠٢٤");
    let (code, out, _) = run(&["normalize", "--lossy"], text);
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), "المفاوضات في لاهاي 2024");
}

#[test]
fn stem_one_token_per_line() {
    let (code, out, _) = run(&["stem"], "وبالمفاوضات الوزير");
    assert_eq!(code, 0);
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(rows[0][..2], ["وبالمفاوضات", "مفاوض"]);
    assert_eq!(rows[1][..2], ["الوزير", "زير"]);
    let (_, out, _) = run(&["stem", "--light10"], "الوزير");
    assert!(out.starts_with("الوزير\tوزير\t"), "{out}");
    let (_, out, _) = run(&["stem", "--snowball"], "المفاوضات");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn eval_dates_scores_and_gates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"sentence":"وصل أمس إلى القاهرة","reference":"2024-06-23","mentions":[{"text":"أمس","value":"2024-06-22","granularity":"day"}]}"#,
            "\n",
            r#"{"sentence":"يعود غدا","reference":"2024-06-23","mentions":[{"text":"غدا","value":"2030-01-01","granularity":"day"}]}"#,
            "\n"
        ),
    )
    .expect("write gold");
    let path = gold.to_str().expect("utf-8 path");
    let (code, out, err) = run(&["eval", "dates", "--json", path], "");
    assert_eq!(code, 0, "{err}");
    let score: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(score["value_accuracy"], 0.5);
    assert_eq!(score["span_f1"], 1.0);
    let (code, _, _) = run(&["eval", "dates", "--min", "0.9", path], "");
    assert_eq!(code, 1, "a score under the floor fails");
}

#[test]
fn eval_families_reports_each_stemmer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("families.tsv");
    std::fs::write(&file, "F\tمفاوضات\tالمفاوضات بمفاوضات\nN\tمفاوضات\tفوضى\n").expect("write");
    let (code, out, err) = run(&["eval", "families", file.to_str().expect("utf-8")], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("light ") && out.contains("light10") && out.contains("snowball"), "{out}");
    // light joins both forms; light10 leaves بمفاوضات apart.
    assert!(out.contains("1.000 (2/2)") && out.contains("0.500 (1/2)"), "{out}");
}
