//! Fills a data folder with N synthetic Arabic articles for the server load
//! benchmark (BENCHMARKS.md, "Server load (issue 6)"), straight through
//! `Store::insert_article` and the index writer, so that 100,000 articles take
//! minutes rather than a crawl. The sentences are the project's own, combined
//! by a fixed rule so that every run builds the same folder.
//!
//!   cargo run --release -p server --example fill_bench -- <data-dir> [count]

use std::path::PathBuf;
use std::time::Instant;

use model::{layout, Article};

/// Sentence openings, middles and ends, combined per article.
const SUBJECTS: &[&str] = &[
    "أعلنت وزارة الاقتصاد",
    "قال المتحدث باسم الحكومة",
    "أكد رئيس البلدية",
    "ذكرت مصادر دبلوماسية",
    "كشف تقرير البنك المركزي",
    "أفاد مراسلنا في العاصمة",
    "أوضحت نقابة المعلمين",
    "صرّح مدير المستشفى الجامعي",
    "قالت هيئة الأرصاد الجوية",
    "أعلن الاتحاد المحلي لكرة القدم",
];
const ACTIONS: &[&str] = &[
    "أن المفاوضات مع الشركاء ستُستأنف الأسبوع المقبل",
    "أن أسعار القمح والوقود ارتفعت بنسبة ملحوظة",
    "أن الموسم الزراعي يبدأ مبكرًا بسبب الأمطار",
    "عن خطة جديدة لإصلاح شبكة المياه في الأحياء القديمة",
    "أن الانتخابات البلدية ستجري في موعدها",
    "أن المعابر الحدودية أعيد فتحها أمام المسافرين",
    "عن ارتفاع عدد الطلاب المسجلين في الجامعات",
    "أن موجة حر تضرب المنطقة حتى نهاية الأسبوع",
    "أن المنتخب يستعد لمباراة حاسمة في التصفيات",
    "أن مشروع الطاقة الشمسية دخل مرحلة التشغيل",
    "أن الاتفاق التجاري يخفض الرسوم الجمركية",
    "أن الحكومة ستدعم صغار المزارعين بقروض ميسرة",
];
const ENDINGS: &[&str] = &[
    "وفق بيان رسمي صدر صباح اليوم.",
    "في مؤتمر صحفي عقد بعد الظهر.",
    "بحسب ما نقلته وكالات الأنباء.",
    "وسط ترقب واسع من المواطنين.",
    "في خطوة وصفها المراقبون بالمهمة.",
    "دون أن يحدد موعدًا نهائيًا.",
];
const OUTLETS: &[&str] = &["صحيفة المدار", "أخبار الساحل", "جريدة الصباح", "موقع النهار الرقمي", "وكالة الأفق"];

fn sentence(n: usize) -> String {
    format!(
        "{} {} {}",
        SUBJECTS[n % SUBJECTS.len()],
        ACTIONS[(n / SUBJECTS.len()) % ACTIONS.len()],
        ENDINGS[(n / 7) % ENDINGS.len()]
    )
}

fn article(i: usize) -> Article {
    // A cheap deterministic scramble so neighbouring articles differ.
    let seed = i.wrapping_mul(2_654_435_761) % 1_000_003;
    let paragraphs: Vec<String> = (0..4)
        .map(|p| (0..3).map(|s| sentence(seed + p * 13 + s * 5)).collect::<Vec<_>>().join(" "))
        .collect();
    let day = i % 730;
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(day as u64)))
        .map(|d| d.format("%Y-%m-%d").to_string());
    Article {
        url: format!("https://bench.example/{}/{i}", i % OUTLETS.len()),
        title: Some(format!("{} ({i})", ACTIONS[seed % ACTIONS.len()])),
        author: Some("فريق التحرير".to_string()),
        date,
        outlet: Some(OUTLETS[i % OUTLETS.len()].to_string()),
        language: Some("ar".to_string()),
        paragraphs,
        text_hash: format!("bench-{i}"),
        fetched_at: "2026-01-01T00:00:00Z".to_string(),
        ..Article::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: fill_bench <data-dir> [count]")?);
    let count: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    std::fs::create_dir_all(&dir)?;
    let mut store = store::Store::open(&layout::database(&dir))?;
    let index = index::SearchIndex::open(&layout::index(&dir))?;
    let mut writer = index.writer()?;
    let started = Instant::now();
    let already = store.article_count()? as usize;
    for i in already..count {
        let mut art = article(i);
        art.id = store.insert_article(&art)?.id;
        writer.upsert(&art)?;
        if (i + 1) % 20_000 == 0 {
            writer.commit()?;
            eprintln!("{} articles, {:.0} s", i + 1, started.elapsed().as_secs_f64());
        }
    }
    writer.commit()?;
    let stored = store.article_count()?;
    drop((writer, index, store));
    // A folder filled by an older analyzer is rebuilt here, as the engine does
    // at open, rather than by `marsad serve` while the benchmark waits for it.
    drop(engine::Engine::open(engine::EngineConfig::new(&dir))?);
    eprintln!("{stored} articles in {} ({:.0} s)", dir.display(), started.elapsed().as_secs_f64());
    Ok(())
}
