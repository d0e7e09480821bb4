//! `marsad eval extract` on a tiny gold set written here (two pages of our own):
//! the report lines, the predictions file and the `--min-f1` gate.

use std::io::Write;
use std::path::Path;

mod common;
use common::{marsad, text};

const ARTICLE: &str = "<html lang=\"ar\"><head><meta charset=\"utf-8\"><title>افتتاح سوق المزارعين في الساحة القديمة | صحيفة الوادي</title>\
<meta name=\"author\" content=\"ليلى حداد\"></head><body><nav><a href=\"/\">الرئيسية</a></nav><article><h1>افتتاح سوق المزارعين في الساحة القديمة</h1>\
<p>افتتحت البلدية صباح اليوم سوقا أسبوعيا للمزارعين في الساحة القديمة، يبيع فيه أهالي القرى المجاورة خضارهم وأجبانهم مباشرة للسكان.</p>\
<p>وقال رئيس البلدية إن السوق سيفتح كل جمعة حتى نهاية الخريف، وإن الرسوم ستبقى رمزية لتشجيع صغار المنتجين على المشاركة.</p>\
</article><footer>جميع الحقوق محفوظة</footer></body></html>";

fn listing() -> String {
    let mut page = String::from("<html lang=\"ar\"><head><meta charset=\"utf-8\"><title>صحيفة الوادي</title></head><body><main>");
    for n in 1..=14 {
        page.push_str(&format!("<div class=\"teaser\"><h3><a href=\"/news/{n}\">عنوان الخبر رقم {n} عن شؤون المدينة والقرى</a></h3></div>"));
    }
    page.push_str("</main></body></html>");
    page
}

fn gz(path: &Path, body: &str) {
    let file = std::fs::File::create(path).expect("create page");
    let mut encoder = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    encoder.write_all(body.as_bytes()).expect("write page");
    encoder.finish().expect("finish gzip");
}

fn tiny_set(dir: &Path) {
    std::fs::create_dir_all(dir.join("html")).expect("set folder");
    gz(&dir.join("html/a1.html.gz"), ARTICLE);
    gz(&dir.join("html/l1.html.gz"), &listing());
    let gold = [
        serde_json::json!({"id": "a1", "url": "https://alwadi.example/2024/05/03/market", "title": "افتتاح سوق المزارعين في الساحة القديمة",
            "text": "افتتحت البلدية صباح اليوم سوقا أسبوعيا للمزارعين في الساحة القديمة، يبيع فيه أهالي القرى المجاورة خضارهم وأجبانهم مباشرة للسكان.\nوقال رئيس البلدية إن السوق سيفتح كل جمعة حتى نهاية الخريف، وإن الرسوم ستبقى رمزية لتشجيع صغار المنتجين على المشاركة.",
            "with": [], "without": ["جميع الحقوق محفوظة"], "date": "2024-05-03", "author": "ليلى حداد", "kind": "article"}),
        serde_json::json!({"id": "l1", "url": "https://alwadi.example/", "title": null, "text": null, "with": [], "without": [], "date": null, "author": null, "kind": "listing"}),
    ];
    let lines: Vec<String> = gold.iter().map(|g| g.to_string()).collect();
    std::fs::write(dir.join("gold.jsonl"), lines.join("\n") + "\n").expect("gold");
}

#[test]
fn eval_extract_scores_a_set_and_writes_predictions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let set = dir.path().join("tiny");
    tiny_set(&set);
    let predictions = dir.path().join("out.jsonl");
    let out = marsad(&dir.path().join("data"), &["eval", "extract", "--predictions", predictions.to_str().unwrap_or_default(), "--min-f1", "0.9", set.to_str().unwrap_or_default()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("== tiny"), "{stdout}");
    assert!(stdout.contains("F1 1.000"), "{stdout}");
    assert!(stdout.contains("title  exact 1/1 = 1.000"), "{stdout}");
    assert!(stdout.contains("date   1/1 = 1.000"), "{stdout}");
    assert!(stdout.contains("author 1/1 = 1.000"), "{stdout}");
    assert!(stdout.contains("leak 0/1 = 0.000"), "{stdout}");
    assert!(stdout.contains("said-listing 1/1  (article pages called listing: 0)"), "{stdout}");
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&predictions)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "a1");
    assert_eq!(rows[0]["kind"], "article");
    assert_eq!(rows[1]["kind"], "listing");
}

#[test]
fn eval_extract_gate_fails_below_the_floor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let set = dir.path().join("tiny");
    tiny_set(&set);
    let out = marsad(&dir.path().join("data"), &["eval", "extract", "--min-f1", "1.01", set.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("below the floor"), "{}", text(&out.stderr));
}

#[test]
fn eval_extract_names_a_missing_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = marsad(&dir.path().join("data"), &["eval", "extract", dir.path().join("nope").to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("gold.jsonl"), "{}", text(&out.stderr));
}
