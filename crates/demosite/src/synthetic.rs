//! Generated articles for benchmarks: as many as asked for, each rendered only when
//! requested. Text is assembled from sentence pools with a generator seeded by the
//! article's index, so article N is the same on every run and differs from every
//! other article, while nothing but the pools is held in memory.

use chrono::{DateTime, Duration, FixedOffset, Offset, TimeZone, Utc};

use crate::content::{Outlet, Template};
use crate::render::{Chrome, Story};

pub(crate) const BENCH_SLUG: &str = "bench";

pub(crate) static BENCH_OUTLET: Outlet = Outlet {
    slug: BENCH_SLUG,
    name: "نشرة المرصد الإقليمي",
    chairman: "رامي يوسف العبيدي",
    editor: "هالة فؤاد النجار",
    tagline: "أخبار المدن العربية لحظة بلحظة",
    template: Template::Modern,
};

pub(crate) fn article_path(index: usize) -> String {
    format!("/{BENCH_SLUG}/article/{index}.html")
}

/// Publication time of article `index`: one article every 251 seconds from the
/// first of November, so newer indices are newer articles.
pub(crate) fn date(index: usize) -> DateTime<FixedOffset> {
    let riyadh = FixedOffset::east_opt(3 * 3600).unwrap_or(Utc.fix());
    let start = riyadh.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).single().unwrap_or_default();
    start + Duration::seconds(index as i64 * 251)
}

pub(crate) fn newest_date(count: usize) -> DateTime<Utc> {
    date(count.max(1)).with_timezone(&Utc)
}

/// SplitMix64: tiny, fast, and good enough to vary prose.
struct Rng(u64);

impl Rng {
    fn new(index: usize, stream: u64) -> Rng {
        Rng((index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ stream)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool.get(self.below(pool.len())).copied().unwrap_or("")
    }
}

const CITIES: &[&str] = &[
    "الرياض", "القاهرة", "عمّان", "بيروت", "الدوحة", "مسقط", "تونس", "الرباط", "الجزائر", "بغداد",
    "الكويت", "المنامة", "أبوظبي", "الخرطوم", "نواكشوط", "طرابلس", "جدة", "الإسكندرية", "مراكش",
    "صفاقس", "إربد", "البصرة", "صلالة", "وهران", "أسوان", "طنجة", "الدمام", "حمص",
];
const FIRST_NAMES: &[&str] = &[
    "أحمد", "سلمى", "يوسف", "ريم", "خالد", "نادية", "عمر", "هدى", "طارق", "لينا", "مروان", "سعاد",
    "بلال", "منيرة", "حسام", "دعاء", "ماجد", "نوال", "إبراهيم", "رشا", "وليد", "جميلة", "زياد", "عبير",
    "سامي", "فاطمة", "رائد", "إيمان", "ناصر", "غادة",
];
const FAMILY_NAMES: &[&str] = &[
    "الحسيني", "العمري", "الزعبي", "القحطاني", "بن علي", "الشامي", "المصري", "الدوسري", "التميمي",
    "الفاسي", "العنزي", "الجبوري", "السويدي", "الحلبي", "المطيري", "الرفاعي", "بوزيد", "الخطيب",
    "النعيمي", "البدوي", "الكعبي", "الصباغ", "الأنصاري", "المهيري", "العلوي", "الجزائري", "الهاشمي",
    "البنا", "العطار", "الراشد",
];
const ROLES: &[&str] = &[
    "وزير الاقتصاد", "وزيرة الصحة", "محافظ البنك المركزي", "رئيس اتحاد الغرف التجارية",
    "المتحدث باسم الحكومة", "مدير عام هيئة الموانئ", "رئيس البلدية", "وزيرة التخطيط",
    "رئيس لجنة الموازنة في البرلمان", "مدير الدفاع المدني", "وزير الشباب والرياضة",
    "وزيرة الثقافة", "رئيس نقابة المهندسين", "مديرة صندوق التنمية المحلية", "وزير النقل",
];
const ORGANISATIONS: &[&str] = &[
    "البنك الدولي", "صندوق النقد العربي", "منظمة الصحة العالمية", "جامعة الدول العربية",
    "الاتحاد العربي للنقل", "المنظمة العربية للتنمية الزراعية", "مجلس الغرف التجارية",
    "الهيئة العامة للإحصاء", "اتحاد المصارف العربية", "المعهد العربي للتخطيط",
];
/// (topic as it appears in a headline, section name)
const TOPICS: &[(&str, &str)] = &[
    ("خطة لتوسعة شبكة النقل العام", "اقتصاد"),
    ("برنامج لدعم المشروعات الصغيرة", "اقتصاد"),
    ("مشروع لتحلية مياه البحر", "اقتصاد"),
    ("حملة للتطعيم ضد الحصبة", "صحة"),
    ("افتتاح مستشفى جامعي جديد", "صحة"),
    ("خطة لتقليص قوائم انتظار العمليات", "صحة"),
    ("إطلاق مهرجان للفنون الشعبية", "ثقافة"),
    ("ترميم المكتبة العامة القديمة", "ثقافة"),
    ("مسابقة وطنية لكتابة القصة القصيرة", "ثقافة"),
    ("استضافة بطولة إقليمية لكرة اليد", "رياضة"),
    ("تأهل المنتخب الأولمبي إلى النهائيات", "رياضة"),
    ("إنشاء مدينة رياضية متكاملة", "رياضة"),
    ("اتفاق تعاون في مجال الطاقة المتجددة", "سياسة"),
    ("مشاورات حول تسهيل عبور الشاحنات", "سياسة"),
    ("تعديل قانون الاستثمار الأجنبي", "سياسة"),
    ("إصلاح منظومة دعم الوقود", "اقتصاد"),
    ("توسيع الربط الكهربائي مع دول الجوار", "اقتصاد"),
    ("تطوير الموانئ الجافة", "اقتصاد"),
];
const HEADLINE_PATTERNS: &[&str] = &[
    "{city}: {topic} على طاولة الحكومة",
    "{role} يعلن عن {topic} في {city}",
    "جدل في {city} حول {topic}",
    "{topic}.. خطوة جديدة تنتظرها {city}",
    "{org} ترحب بـ{topic} في {city}",
    "ترقب في {city} لنتائج {topic}",
];
const QUOTES: &[&str] = &[
    "المرحلة المقبلة تتطلب تضافر جهود المؤسسات الرسمية والقطاع الخاص",
    "الأرقام الأولية مشجعة لكنها لا تكفي للحكم على التجربة",
    "المواطن يجب أن يلمس أثر هذه الخطوة في حياته اليومية",
    "لن نتردد في مراجعة أي قرار يثبت أنه لا يحقق الغاية منه",
    "التمويل متوفر والعمل سيبدأ وفق الجدول الزمني المعلن",
    "الشفافية في عرض النتائج شرط أساسي لكسب ثقة الناس",
    "نتعامل مع الملف بواقعية بعيدا عن الوعود الكبيرة",
    "التجارب المشابهة في المنطقة أثبتت جدواها خلال سنوات قليلة",
    "الشباب هم المستفيد الأول من هذا البرنامج",
    "هناك عقبات إدارية نعمل على تذليلها بالتنسيق مع الجهات المعنية",
    "الاستثمار في البنية التحتية هو الطريق الأقصر إلى النمو",
    "الحوار مع النقابات والمجتمع المدني لم ينقطع يوما",
];
const SENTENCES: &[&str] = &[
    "وقال {role} {person} إن «{quote}»، مشيرا إلى أن الأسابيع المقبلة ستشهد خطوات عملية.",
    "وأوضح {person} في تصريحات للصحفيين في {city} أن «{quote}».",
    "وتقدر الكلفة الإجمالية للمشروع بنحو {number} مليون دولار، تمول {org} جزءا منها.",
    "وأظهرت بيانات {org} أن نسبة التحسن بلغت {percent} في المئة خلال الربع الأخير من العام.",
    "وكان {role} قد أعلن {day} الماضي عن حزمة من الإجراءات المرتبطة بالملف نفسه.",
    "ويرى مراقبون في {city} أن نجاح الخطة مرهون بقدرة الجهات التنفيذية على الالتزام بالمواعيد.",
    "وشارك في الاجتماع ممثلون عن {org} وعدد من الخبراء القادمين من {city}.",
    "وتشير التقديرات إلى أن نحو {number} أسرة ستستفيد من المرحلة الأولى وحدها.",
    "في المقابل، انتقد {person}، وهو باحث في الشؤون الاقتصادية، بطء الإجراءات، وقال إن «{quote}».",
    "ومن المقرر أن تعقد اللجنة المشرفة اجتماعها المقبل في {city} يوم {day} المقبل.",
    "وتأتي هذه الخطوة بعد أشهر من النقاشات بين الحكومة و{org} حول آليات التنفيذ والتمويل.",
    "وأكدت مصادر مطلعة أن نسخة معدلة من الخطة ستعرض على مجلس الوزراء قبل نهاية الشهر.",
    "ودعا {role} {person} وسائل الإعلام إلى تحري الدقة في نقل الأرقام وتجنب المبالغة.",
    "وبحسب الإحصاءات الرسمية، ارتفع عدد المستفيدين بنسبة {percent} في المئة مقارنة بالعام الماضي.",
    "ولفت {person} إلى أن التجربة ستُعمم على مدن أخرى من بينها {city} إذا أثبتت نجاحها.",
    "وتتابع {org} تنفيذ المشروع عن كثب، وتصدر تقريرا دوريا كل ثلاثة أشهر عن مستوى الإنجاز.",
];
const DAYS: &[&str] = &["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(FAMILY_NAMES))
}

/// Replaces each placeholder with a fresh draw, so two placeholders of one kind
/// in a sentence can name different things.
fn fill(pattern: &str, rng: &mut Rng, city: &str, topic: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let value = match &after[..end] {
            "city" if rng.below(3) == 0 => rng.pick(CITIES).to_string(),
            "city" => city.to_string(),
            "topic" => topic.to_string(),
            "role" => rng.pick(ROLES).to_string(),
            "org" => rng.pick(ORGANISATIONS).to_string(),
            "person" => person(rng),
            "quote" => rng.pick(QUOTES).to_string(),
            "number" => (20 + rng.below(980)).to_string(),
            "percent" => (2 + rng.below(38)).to_string(),
            "day" => rng.pick(DAYS).to_string(),
            other => other.to_string(),
        };
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn topic_of(index: usize) -> (&'static str, &'static str) {
    let mut rng = Rng::new(index, 1);
    TOPICS.get(rng.below(TOPICS.len())).copied().unwrap_or(("", "سياسة"))
}

fn city_of(index: usize) -> &'static str {
    Rng::new(index, 2).pick(CITIES)
}

pub(crate) fn headline(index: usize) -> String {
    let mut rng = Rng::new(index, 3);
    let pattern = rng.pick(HEADLINE_PATTERNS);
    fill(pattern, &mut rng, city_of(index), topic_of(index).0)
}

fn paragraphs(index: usize) -> Vec<String> {
    let mut rng = Rng::new(index, 4);
    let city = city_of(index);
    let (topic, _) = topic_of(index);
    let target_words = 420 + rng.below(330);
    let lead = format!(
        "{city} - أعلنت السلطات في {city} {day} عن {topic}، في خطوة قالت إنها تستهدف تحسين الخدمات \
         وتخفيف الأعباء عن السكان، وذلك بعد مشاورات استمرت {weeks} أسابيع مع الجهات المعنية.",
        day = rng.pick(DAYS),
        weeks = 2 + rng.below(10),
    );
    let mut words = lead.split_whitespace().count();
    let mut paragraphs = vec![lead];
    while words < target_words {
        let sentences = 2 + rng.below(3);
        let mut paragraph = Vec::new();
        for _ in 0..sentences {
            let sentence = fill(rng.pick(SENTENCES), &mut rng, city, topic);
            words += sentence.split_whitespace().count();
            paragraph.push(sentence);
        }
        paragraphs.push(paragraph.join(" "));
    }
    paragraphs
}

fn section_of(index: usize) -> &'static str {
    topic_of(index).1
}

pub(crate) fn story(base: &str, index: usize, count: usize) -> Story {
    let mut rng = Rng::new(index, 5);
    let link = |i: usize| (headline(i), format!("{base}{}", article_path(i)));
    let neighbour = if index > 1 { index - 1 } else { (index + 1).min(count) };
    let ticker = (0..3).filter_map(|k| count.checked_sub(k)).filter(|&i| i >= 1).map(link).collect();
    let most_read = (0..5).map(|_| 1 + rng.below(count)).filter(|&i| i != index).map(link).collect();
    let city = city_of(index);
    let author = (rng.below(3) != 0).then(|| person(&mut rng));
    Story {
        outlet: &BENCH_OUTLET,
        url: format!("{base}{}", article_path(index)),
        section: section_of(index),
        title: headline(index),
        date: date(index),
        dateline: author.is_none().then(|| format!("{city} - خاص")),
        author,
        image: format!("{base}/media/bench/{index}.jpg"),
        caption: format!("جانب من {city} حيث يجري العمل على {}", topic_of(index).0),
        paragraphs: paragraphs(index),
        read_also: (neighbour != index && neighbour >= 1).then(|| link(neighbour)),
        chrome: Chrome { ticker, most_read },
    }
}

/// Listing of the newest generated articles, for the synthetic outlet's home page.
pub(crate) fn recent(base: &str, count: usize, limit: usize) -> Vec<crate::render::ListItem> {
    (1..=count)
        .rev()
        .take(limit)
        .map(|i| crate::render::ListItem {
            title: headline(i),
            url: format!("{base}{}", article_path(i)),
            date: date(i),
            summary: paragraphs(i).first().map(|p| p.split_whitespace().take(24).collect::<Vec<_>>().join(" ")).unwrap_or_default(),
            image: format!("{base}/media/bench/{i}.jpg"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_text_is_stable_distinct_and_long_enough() {
        for index in [1, 2, 3, 500, 9_999, 10_000] {
            let text = paragraphs(index).join("\n");
            assert_eq!(text, paragraphs(index).join("\n"), "article {index} must not change between calls");
            let words = text.split_whitespace().count();
            assert!((400..=800).contains(&words), "article {index} has {words} words");
            assert!(!text.contains('{'), "unfilled placeholder in article {index}");
        }
        let mut seen = std::collections::HashSet::new();
        for index in 1..=300 {
            assert!(seen.insert(paragraphs(index).join("\n")), "article {index} repeats another");
        }
    }

    #[test]
    fn dates_grow_with_the_index() {
        assert!(date(2) > date(1));
        assert_eq!(date(1).format("%Y-%m").to_string(), "2026-11");
    }
}
