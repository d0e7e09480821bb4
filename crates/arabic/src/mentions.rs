//! Date and time mentions in running news text, each resolved to an ISO value
//! against a reference date (the publication date): absolute dates in every
//! month-name set and Hijri, weekdays, clock times, and the relative expressions
//! Arabic news writes ("أمس", "الخميس الماضي", "منذ ثلاثة أيام", "أواخر العام
//! الماضي"). Works on the same tokens as [`crate::dates`]; every word list is a
//! table below, so adding a spelling is a one-line change. Spans are character
//! offsets (Python string indices), because that is what gold sets and NER
//! corpora use.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveTime, Weekday};
use std::sync::OnceLock;

use crate::dates::{self, is_punct, key, lex, num, word, Calendar, Kind, Tok};

/// How precise a mention's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Granularity {
    Year,
    Month,
    Day,
    Minute,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Year => "year",
            Granularity::Month => "month",
            Granularity::Day => "day",
            Granularity::Minute => "minute",
        }
    }
}

/// One date or time expression found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// The text of the span, as written.
    pub text: String,
    /// Start, in characters (Unicode scalar values) from the start of the text.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub value: String,
    pub granularity: Granularity,
    /// The value depended on the reference date.
    pub relative: bool,
}

// ---------------------------------------------------------------------------
// Rules as data. Entries are written as news prints them; they are compared
// after the lossy key (hamza seats, alef forms, ى, ة folded), so one spelling
// stands for its variants.
// ---------------------------------------------------------------------------

/// Words that name a day relative to the reference date, with the day offset.
/// Sorted by offset.
const DAY_WORDS: &[(&str, i64)] = &[
    ("أول أمس", -2),      // the day before yesterday
    ("أول من أمس", -2),   // the same, the commoner spelling in Levantine papers
    ("أمس", -1),
    ("الأمس", -1),        // "بالأمس"
    ("البارحة", -1),      // Gulf and Levantine
    ("الليلة الماضية", -1),
    ("ليلة أمس", -1),
    ("اليوم", 0),
    ("الليلة", 0),        // tonight
    ("غدا", 1),
    ("غد", 1),            // "مساء غد"
    ("الغد", 1),
    ("بعد غد", 2),
];

/// Weekday names, Saturday first as the Arab week starts.
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("السبت", Weekday::Sat),
    ("الأحد", Weekday::Sun),
    ("الاثنين", Weekday::Mon),
    ("الإثنين", Weekday::Mon),
    ("الثلاثاء", Weekday::Tue),
    ("الأربعاء", Weekday::Wed),
    ("الخميس", Weekday::Thu),
    ("الجمعة", Weekday::Fri),
];

/// Words after a period or a weekday that point backward (-1), to the current
/// period (0) or forward (1). Sorted by direction.
const DIRECTIONS: &[(&str, i32)] = &[
    ("الماضي", -1),
    ("الماضية", -1),
    ("الماضيين", -1),   // dual: "يناير وفبراير الماضيين"
    ("المنصرم", -1),
    ("المنصرمة", -1),
    ("الفائت", -1),
    ("الفائتة", -1),
    ("السابق", -1),     // "العام السابق" in reports looking back
    ("الجاري", 0),
    ("الجارية", 0),
    ("الحالي", 0),
    ("الحالية", 0),
    ("المقبل", 1),
    ("المقبلة", 1),
    ("المقبلين", 1),
    ("القادم", 1),
    ("القادمة", 1),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
    /// Ten years; only after a shifter ("منذ عقدين"), where عقد cannot mean a contract.
    Decade,
}

/// Period nouns: singular, with the article, dual, plural and accusative forms.
const UNITS: &[(&str, Unit, u32)] = &[
    // (word, unit, count it carries on its own: 1 singular, 2 dual, 0 needs a number)
    ("يوم", Unit::Day, 1),
    ("يوما", Unit::Day, 1),
    ("يومين", Unit::Day, 2),
    ("يومان", Unit::Day, 2),
    ("أيام", Unit::Day, 0),
    ("أسبوع", Unit::Week, 1),
    ("أسبوعا", Unit::Week, 1),
    ("أسبوعين", Unit::Week, 2),
    ("أسبوعان", Unit::Week, 2),
    ("أسابيع", Unit::Week, 0),
    ("شهر", Unit::Month, 1),
    ("شهرا", Unit::Month, 1),
    ("شهرين", Unit::Month, 2),
    ("شهران", Unit::Month, 2),
    ("أشهر", Unit::Month, 0),
    ("شهور", Unit::Month, 0),
    ("عام", Unit::Year, 1),
    ("عاما", Unit::Year, 1),
    ("عامين", Unit::Year, 2),
    ("عامان", Unit::Year, 2),
    ("أعوام", Unit::Year, 0),
    ("سنة", Unit::Year, 1),
    ("سنتين", Unit::Year, 2),
    ("سنتان", Unit::Year, 2),
    ("سنوات", Unit::Year, 0),
    ("سنين", Unit::Year, 0),
    ("عقد", Unit::Decade, 1),
    ("عقدين", Unit::Decade, 2),
    ("عقدان", Unit::Decade, 2),
    ("عقود", Unit::Decade, 0),
];

/// Period nouns with the article, for "الأسبوع الماضي", "مطلع الشهر".
const PERIODS: &[(&str, Unit)] = &[
    ("الأسبوع", Unit::Week),
    ("الشهر", Unit::Month),
    ("العام", Unit::Year),
    ("السنة", Unit::Year),
];

/// Words that look back ("منذ", "قبل") or forward ("بعد") by a count of periods.
const SHIFTERS: &[(&str, i32)] = &[
    ("بعد", 1),
    ("خلال", 0), // "خلال الأسبوع الماضي": only introduces, never shifts
    ("قبل", -1),
    ("منذ", -1),
];

/// Words of approximation between a shifter and its count ("قبل نحو أسبوعين"):
/// skipped; the value is the count's.
const APPROXIMATORS: &[&str] = &["حوالي", "زهاء", "قرابة", "نحو"];

/// Cardinal number words up to the tens, both genders. Teens are unit + "عشر(ة)";
/// compounds are unit + "و" + tens.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("واحد", 1), ("واحدة", 1),
    ("اثنين", 2), ("اثنان", 2), ("اثنتين", 2), ("اثنا", 2), ("اثني", 2),
    ("ثلاث", 3), ("ثلاثة", 3),
    ("أربع", 4), ("أربعة", 4),
    ("خمس", 5), ("خمسة", 5),
    ("ست", 6), ("ستة", 6),
    ("سبع", 7), ("سبعة", 7),
    ("ثمان", 8), ("ثماني", 8), ("ثمانية", 8),
    ("تسع", 9), ("تسعة", 9),
    ("عشر", 10), ("عشرة", 10),
    ("إحدى", 1), ("أحد", 1), // only in teens: "أحد عشر", "إحدى عشرة"
    ("عشرين", 20), ("عشرون", 20),
    ("ثلاثين", 30), ("ثلاثون", 30),
    ("أربعين", 40), ("أربعون", 40),
    ("خمسين", 50), ("خمسون", 50),
];

/// Ordinal words for a day of the month ("الخامس من يونيو") — masculine, as the
/// day (يوم) is — and for an hour ("الساعة الخامسة") — feminine. Values 1..=10;
/// 11..=31 are built as "الحادي عشر", "الحادي والعشرين", "العشرين".
const ORDINALS: &[(&str, u32)] = &[
    // فاتح: the Moroccan "first of" ("فاتح يوليوز").
    ("الأول", 1), ("الحادي", 1), ("فاتح", 1), ("الفاتح", 1), ("الواحدة", 1), ("الحادية", 1),
    ("الثاني", 2), ("الثانية", 2),
    ("الثالث", 3), ("الثالثة", 3),
    ("الرابع", 4), ("الرابعة", 4),
    ("الخامس", 5), ("الخامسة", 5),
    ("السادس", 6), ("السادسة", 6),
    ("السابع", 7), ("السابعة", 7),
    ("الثامن", 8), ("الثامنة", 8),
    ("التاسع", 9), ("التاسعة", 9),
    ("العاشر", 10), ("العاشرة", 10),
];

/// Parts of a period ("مطلع الشهر", "أواخر العام الماضي"): they keep the period's
/// value at its own granularity, so "أواخر العام الماضي" is the year before.
const PERIOD_PARTS: &[&str] = &[
    "آخر", "أواخر", "أواسط", "أوائل", "بداية", "بدايات", "ختام", "مستهل", "مطلع",
    "منتصف", "نهاية", "نهايات",
];

/// Parts of the day, before a day word ("صباح أمس", "مساء الخميس"): the span
/// takes them in; PM parts also fix the half of a clock time given without ص/م.
const DAY_PARTS: &[(&str, bool)] = &[
    ("فجر", false),
    ("صباح", false),
    ("ظهر", true),
    ("ظهيرة", true),
    ("عصر", true),
    ("مساء", true),
    ("ليل", true),
    ("ليلة", true),
];

/// Words that may come between a date and its clock time, or between two dates
/// of a "الموافق" pair, without ending the mention.
const TIME_LINKS: &[&str] = &["الساعة", "تمام", "عند", "في", "على", "من", "حوالي", "نحو"];

/// Suffixes naming the clock a time is given in: "بتوقيت مكة المكرمة",
/// "بالتوقيت المحلي", "بتوقيت غرينتش". The span takes them in; the value keeps
/// the local time as printed.
const ZONE_WORDS: &[&str] = &["بتوقيت", "بالتوقيت", "توقيت"];

/// Words after a bare month name that make it a month mention ("في يونيو").
const MONTH_INTRODUCERS: &[&str] = &[
    "حتى", "خلال", "شهر", "في", "لشهر", "مطلع", "منذ", "منتصف", "أواخر", "أوائل",
    "بداية", "نهاية", "مستهل", "آخر",
];

/// Words before a bare four-digit year that make it a year ("عام 2023").
const YEAR_INTRODUCERS: &[&str] = &[
    "العام", "حتى", "خلال", "سنة", "عام", "عامي", "في", "منذ", "مطلع", "منتصف",
    "أواخر", "أوائل", "بداية", "نهاية", "مستهل", "لعام", "للعام", "السنة",
];

/// Words before a time-only or verb context that make a bare weekday point to the
/// future ("يزور الرئيس ... الأحد").
const FUTURE_CUES: &[&str] = &["سوف", "المقرر", "يعتزم", "تعتزم", "المرتقب", "المنتظر", "سيعقد", "ستعقد", "سيزور", "ستبدأ", "سيبدأ", "يتوقع", "ستنطلق", "تنطلق", "ينطلق"];

/// Adjectives after "اليوم" that make it a named day ("اليوم الوطني") or a day
/// counted from an event ("اليوم التالي"), not today.
const NAMED_DAY_ADJECTIVES: &[&str] = &[
    "الأخير", "الأول", "التالي", "الثالث", "الثاني", "الدراسي", "الدولي", "السابق",
    "العالمي", "المفتوح", "الموعود", "الوطني",
];

// ---------------------------------------------------------------------------

struct Tables {
    day_words: Vec<(Vec<String>, i64)>,
    weekdays: Vec<(String, Weekday)>,
    directions: Vec<(String, i32)>,
    units: Vec<(String, Unit, u32)>,
    periods: Vec<(String, Unit)>,
    numbers: Vec<(String, u32)>,
    ordinals: Vec<(String, u32)>,
    period_parts: Vec<String>,
    day_parts: Vec<(String, bool)>,
    time_links: Vec<String>,
    zone_words: Vec<String>,
    month_intro: Vec<String>,
    year_intro: Vec<String>,
    future: Vec<String>,
    named_days: Vec<String>,
    shifters: Vec<(String, i32)>,
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| key(w)).collect()
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        day_words: DAY_WORDS
            .iter()
            .map(|(w, d)| (w.split(' ').map(key).collect(), *d))
            .collect(),
        weekdays: WEEKDAYS.iter().map(|(w, d)| (key(w), *d)).collect(),
        directions: DIRECTIONS.iter().map(|(w, d)| (key(w), *d)).collect(),
        units: UNITS.iter().map(|(w, u, n)| (key(w), *u, *n)).collect(),
        periods: PERIODS.iter().map(|(w, u)| (key(w), *u)).collect(),
        numbers: NUMBER_WORDS.iter().map(|(w, n)| (key(w), *n)).collect(),
        ordinals: ORDINALS.iter().map(|(w, n)| (key(w), *n)).collect(),
        period_parts: keys(PERIOD_PARTS),
        day_parts: DAY_PARTS.iter().map(|(w, pm)| (key(w), *pm)).collect(),
        time_links: keys(TIME_LINKS),
        zone_words: keys(ZONE_WORDS),
        month_intro: keys(MONTH_INTRODUCERS),
        year_intro: keys(YEAR_INTRODUCERS),
        future: keys(FUTURE_CUES),
        named_days: keys(NAMED_DAY_ADJECTIVES),
        shifters: SHIFTERS.iter().map(|(w, d)| (key(w), *d)).collect(),
    })
}

/// The lossy key of a literal, computed once: the hot paths compare every token
/// with a few literals, and the key (NFKC + folding) costs far more than the
/// comparison. Each thread looks in its own cache first; the keys themselves
/// are made once for the process and kept in a global table, so they stay
/// reachable (no leak for the fuzzer's leak checker) and are not made again
/// per thread.
fn lit_key(lit: &'static str) -> &'static str {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::sync::Mutex;
    thread_local! {
        static CACHE: RefCell<HashMap<&'static str, &'static str>> = RefCell::new(HashMap::new());
    }
    static KEYS: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    CACHE.with(|cache| {
        *cache.borrow_mut().entry(lit).or_insert_with(|| {
            let keys = KEYS.get_or_init(|| Mutex::new(HashMap::new()));
            // A poisoned lock only means another thread panicked mid-insert;
            // the map is still a valid map.
            let mut keys = keys.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Made once per distinct literal of this file: a few dozen strings,
            // alive for the whole process.
            *keys.entry(lit).or_insert_with(|| Box::leak(key(lit).into_boxed_str()))
        })
    })
}

/// Keys a mention can start with (besides numbers), with and without one
/// proclitic; tokens outside it are skipped without trying every rule.
fn triggers() -> &'static std::collections::HashSet<String> {
    static T: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    T.get_or_init(|| {
        let t = tables();
        let mut set = std::collections::HashSet::new();
        set.extend(t.day_words.iter().filter_map(|(w, _)| w.first().cloned()));
        set.extend(t.weekdays.iter().map(|(w, _)| w.clone()));
        set.extend(t.periods.iter().map(|(w, _)| w.clone()));
        set.extend(t.shifters.iter().map(|(w, _)| w.clone()));
        set.extend(t.ordinals.iter().map(|(w, _)| w.clone()));
        set.extend(t.period_parts.iter().cloned());
        set.extend(t.day_parts.iter().map(|(w, _)| w.clone()));
        set.extend(dates::month_first_words());
        for w in ["الساعة", "هذا", "هذه", "العشرين", "الثلاثين", "عام", "العام", "سنة", "السنة"] {
            set.insert(key(w));
        }
        set
    })
}

fn may_start(toks: &[Tok], i: usize) -> bool {
    match &toks[i].kind {
        Kind::Num { .. } => true,
        Kind::Punct(_) => false,
        Kind::Word(w) => {
            let set = triggers();
            if set.contains(w.as_str()) {
                return true;
            }
            let mut chars = w.chars();
            match chars.next() {
                Some(c) if CLITICS.contains(&c) => {
                    let rest = chars.as_str();
                    set.contains(rest) || (c == 'ل' && rest.starts_with('ل') && set.contains(&format!("ا{rest}")))
                }
                _ => false,
            }
        }
    }
}

/// Single-letter proclitics a date word may carry ("وأمس", "فالخميس", "بالأمس").
const CLITICS: &[char] = &['و', 'ف', 'ب', 'ل'];

/// The word at `i` without one proclitic, when that is what makes it match.
/// Returns the bare key and whether a clitic was removed.
fn bare(toks: &[Tok], i: usize, wanted: impl Fn(&str) -> bool) -> Option<bool> {
    let w = word(toks, i)?;
    if wanted(w) {
        return Some(false);
    }
    let mut chars = w.chars();
    let first = chars.next()?;
    if !CLITICS.contains(&first) {
        return None;
    }
    let rest = chars.as_str();
    if rest.chars().count() >= 2 && wanted(rest) {
        return Some(true);
    }
    // "للعام" = ل + العام
    if first == 'ل' && rest.starts_with('ل') {
        let with_article = format!("ا{rest}");
        if wanted(&with_article) {
            return Some(true);
        }
    }
    None
}

fn is_one_of(list: &[String], w: &str) -> bool {
    list.iter().any(|k| k == w)
}

fn lookup<T: Copy>(list: &[(String, T)], w: &str) -> Option<T> {
    list.iter().find(|(k, _)| k == w).map(|(_, v)| *v)
}

fn word_in(toks: &[Tok], i: usize, list: &[String]) -> bool {
    word(toks, i).is_some_and(|w| is_one_of(list, w))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
    Minute(NaiveDate, NaiveTime),
}

impl Value {
    fn granularity(self) -> Granularity {
        match self {
            Value::Year(_) => Granularity::Year,
            Value::Month(..) => Granularity::Month,
            Value::Day(_) => Granularity::Day,
            Value::Minute(..) => Granularity::Minute,
        }
    }

    fn iso(self) -> String {
        match self {
            Value::Year(y) => format!("{y:04}"),
            Value::Month(y, m) => format!("{y:04}-{m:02}"),
            Value::Day(d) => d.format("%Y-%m-%d").to_string(),
            Value::Minute(d, t) => format!("{}T{}", d.format("%Y-%m-%d"), t.format("%H:%M")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind2 {
    /// A calendar date or relative day.
    Date { hijri: bool },
    /// A clock time with no date of its own.
    Time { meridiem: bool },
    /// A bare weekday, which may merge with a date that follows it.
    Weekday,
    /// Anything else (months, years, periods).
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    /// Token index after the last token.
    end: usize,
    value: Value,
    relative: bool,
    kind: Kind2,
    /// The first token carries a proclitic that is not part of the span.
    clitic: bool,
    /// A part-of-day word inside the span says PM.
    pm_hint: bool,
}

fn shift_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

fn month_of(d: NaiveDate) -> Value {
    Value::Month(d.year(), d.month())
}

/// Number at `i`, in digits or words, with the index after it.
fn count_at(toks: &[Tok], i: usize) -> Option<(u32, usize)> {
    if let Some(n) = num(toks, i, 3) {
        return Some((n, i + 1));
    }
    let t = tables();
    let w = word(toks, i)?;
    let first = lookup(&t.numbers, w)?;
    // Teens: "خمسة عشر", "أحد عشر".
    if first < 10 {
        if let Some(next) = word(toks, i + 1) {
            if next == lit_key("عشر") || next == lit_key("عشرة") {
                return Some((first + 10, i + 2));
            }
            // Compounds: "خمسة وعشرين".
            if let Some(rest) = next.strip_prefix('و') {
                if let Some(tens) = lookup(&t.numbers, rest).filter(|v| *v >= 20) {
                    return Some((first + tens, i + 2));
                }
            }
        }
    }
    Some((first, i + 1))
}

/// Ordinal day of the month at `i` (1..=31), with the index after it.
fn ordinal_at(toks: &[Tok], i: usize) -> Option<(u32, usize)> {
    let t = tables();
    let w = word(toks, i)?;
    if w == lit_key("العشرين") {
        return Some((20, i + 1));
    }
    if w == lit_key("الثلاثين") {
        return Some((30, i + 1));
    }
    let unit = lookup(&t.ordinals, w)?;
    if let Some(next) = word(toks, i + 1) {
        if next == lit_key("عشر") || next == lit_key("عشرة") {
            return Some((unit + 10, i + 2));
        }
        if next == lit_key("والعشرين") {
            return Some((unit + 20, i + 2));
        }
        if next == lit_key("والثلاثين") && unit == 1 {
            return Some((31, i + 2));
        }
    }
    Some((unit, i + 1))
}

/// Day number at `i`: digits 1..=31 or an ordinal word.
fn day_number(toks: &[Tok], i: usize) -> Option<(u32, usize)> {
    if let Some(d) = num(toks, i, 2).filter(|d| (1..=31).contains(d)) {
        return Some((d, i + 1));
    }
    ordinal_at(toks, i)
}

fn direction(toks: &[Tok], i: usize) -> Option<i32> {
    lookup(&tables().directions, word(toks, i)?)
}

/// A period noun with the article ("الشهر") and its direction ("الماضي"); without
/// one it is the current period. Returns the period's value and the index after.
fn period_at(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<(Value, usize, bool)> {
    let t = tables();
    let mut clitic = false;
    let unit = {
        let c = bare(toks, i, |w| lookup(&t.periods, w).is_some())?;
        clitic = clitic || c;
        let w = word(toks, i)?;
        lookup(&t.periods, w)
            .or_else(|| lookup(&t.periods, &w[w.char_indices().nth(1)?.0..]))
            .or_else(|| lookup(&t.periods, &format!("ا{}", &w[w.char_indices().nth(1)?.0..])))?
    };
    let (dir, next) = match direction(toks, i + 1) {
        Some(d) => (d, i + 2),
        None => (0, i + 1),
    };
    let value = match unit {
        Unit::Week => Value::Day(reference + Duration::days(7 * i64::from(dir))),
        Unit::Month => month_of(shift_months(reference, dir)?),
        Unit::Year => Value::Year(reference.year() + dir),
        Unit::Day | Unit::Decade => return None,
    };
    Some((value, next, clitic))
}

/// "هذا العام", "هذه السنة", "هذا الشهر", "هذا الأسبوع".
fn this_period(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let clitic = bare(toks, i, |w| w == lit_key("هذا") || w == lit_key("هذه"))?;
    let t = tables();
    let unit = lookup(&t.periods, word(toks, i + 1)?)?;
    let value = match unit {
        Unit::Week | Unit::Day => Value::Day(reference),
        Unit::Month => month_of(reference),
        Unit::Year | Unit::Decade => Value::Year(reference.year()),
    };
    let mut c = cand(i, i + 2, value, true, Kind2::Other);
    c.clitic = clitic;
    Some(c)
}

fn cand(start: usize, end: usize, value: Value, relative: bool, kind: Kind2) -> Cand {
    Cand { start, end, value, relative, kind, clitic: false, pm_hint: false }
}

/// Absolute dates with a year (numeric, named, Hijri), through `dates`.
fn absolute(toks: &[Tok], i: usize) -> Option<Cand> {
    let m = dates::date_at(toks, i)?;
    let hijri = m.cal == Calendar::Hijri;
    Some(cand(i, m.next, Value::Day(m.date), false, Kind2::Date { hijri }))
}

/// The year a day and month without a year most likely fall in: the reference
/// year, unless that puts the date more than eight months ahead (a December
/// event mentioned in a January paper).
fn guess_year(reference: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let same = NaiveDate::from_ymd_opt(reference.year(), month, day)?;
    if same - reference > Duration::days(240) {
        return NaiveDate::from_ymd_opt(reference.year() - 1, month, day);
    }
    if reference - same > Duration::days(240) {
        return NaiveDate::from_ymd_opt(reference.year() + 1, month, day);
    }
    Some(same)
}

/// Day + optional "من" + month name (+ optional year or direction): "23 يونيو",
/// "الخامس من يونيو", "5 من حزيران/يونيو الماضي", "21 يونيو 2024" is left to
/// [`absolute`].
fn day_month(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let (d, mut j) = day_number(toks, i)?;
    if word(toks, j) == Some("من") {
        j += 1;
    }
    let (m, cal, after) = dates::month(toks, j)?;
    if cal != Calendar::Gregorian && dates::year(toks, after).is_none() {
        return None;
    }
    // A year follows: let `absolute` have it unless it failed (e.g. "الخامس").
    if let Some(y) = dates::year(toks, dates::skip_commas(toks, after)) {
        let date = dates::make_date(cal, y, m, d)?;
        let mut next = dates::skip_commas(toks, after) + 1;
        if let Some((_, n)) = dates::era_marker(toks, next) {
            next = n;
        }
        return Some(cand(i, next, Value::Day(date), false, Kind2::Date { hijri: cal == Calendar::Hijri }));
    }
    let (date, next) = match direction(toks, after) {
        Some(-1) => {
            let this = NaiveDate::from_ymd_opt(reference.year(), m, d)?;
            let date = if this < reference { this } else { NaiveDate::from_ymd_opt(reference.year() - 1, m, d)? };
            (date, after + 1)
        }
        Some(1) => {
            let this = NaiveDate::from_ymd_opt(reference.year(), m, d)?;
            let date = if this > reference { this } else { NaiveDate::from_ymd_opt(reference.year() + 1, m, d)? };
            (date, after + 1)
        }
        Some(_) => (NaiveDate::from_ymd_opt(reference.year(), m, d)?, after + 1),
        None => (guess_year(reference, m, d)?, after),
    };
    Some(cand(i, next, Value::Day(date), true, Kind2::Date { hijri: false }))
}

/// Day + "من" + a period ("11 من الشهر الجاري", "الخامس من الشهر الماضي").
fn day_of_period(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let (d, j) = day_number(toks, i)?;
    if word(toks, j) != Some("من") {
        return None;
    }
    let (value, next, _) = period_at(toks, j + 1, reference)?;
    let Value::Month(y, m) = value else { return None };
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    Some(cand(i, next, Value::Day(date), true, Kind2::Date { hijri: false }))
}

/// A month name carrying a proclitic ("وأيار", "ويونيو"): the month rules run on
/// a copy of the tokens around it with the clitic removed.
fn month_with_clitic(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let w = word(toks, i)?;
    let first = w.chars().next()?;
    if !CLITICS.contains(&first) || w.chars().count() < 3 {
        return None;
    }
    let from = i.saturating_sub(1);
    let to = (i + 12).min(toks.len());
    let mut window: Vec<Tok> = toks[from..to].to_vec();
    window[i - from].kind = Kind::Word(w[first.len_utf8()..].to_owned());
    dates::month(&window, i - from)?;
    let at = i - from;
    let c = absolute(&window, at)
        .or_else(|| month_mention(&window, at, reference))?;
    Some(Cand { start: i, end: c.end + from, clitic: true, ..c })
}

/// Month name with a year, a direction, or after an introducer.
fn month_mention(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let (m, cal, after) = dates::month(toks, i)?;
    if let Some(y) = dates::year(toks, dates::skip_commas(toks, after)) {
        let mut next = dates::skip_commas(toks, after) + 1;
        let mut cal = cal;
        if let Some((c, n)) = dates::era_marker(toks, next) {
            next = n;
            cal = c;
        }
        let value = match cal {
            Calendar::Gregorian => Value::Month(y, m),
            Calendar::Hijri => month_of(dates::hijri_to_gregorian(y, m, 1)?),
        };
        return Some(cand(i, next, value, false, Kind2::Other));
    }
    if cal != Calendar::Gregorian {
        return None;
    }
    match direction(toks, after) {
        Some(dir) => {
            let this = NaiveDate::from_ymd_opt(reference.year(), m, 1)?;
            let ref_month = NaiveDate::from_ymd_opt(reference.year(), reference.month(), 1)?;
            let year = match dir {
                -1 if this >= ref_month => reference.year() - 1,
                1 if this <= ref_month => reference.year() + 1,
                _ => reference.year(),
            };
            Some(cand(i, after + 1, Value::Month(year, m), true, Kind2::Other))
        }
        None => {
            let introduced = i > 0 && word_in(toks, i - 1, &t.month_intro);
            introduced.then(|| cand(i, after, Value::Month(reference.year(), m), true, Kind2::Other))
        }
    }
}

/// A four-digit year after "عام", "في", "منذ" …, or followed by "م"/"هـ", or
/// standing alone between punctuation ("النكبة (1948)"). A Hijri year's value is
/// the Gregorian year it begins in.
fn year_mention(toks: &[Tok], i: usize) -> Option<Cand> {
    let t = tables();
    let y = dates::year(toks, i)?;
    // "عام ( 1993 )": the number may sit in parentheses.
    let paren = i > 0 && is_punct(toks, i - 1, &['(']) && is_punct(toks, i + 1, &[')']);
    let (before, after) = if paren { (i.checked_sub(2), i + 2) } else { (i.checked_sub(1), i + 1) };
    let era = dates::era_marker(toks, after);
    let end = era.map_or(after, |(_, next)| next);
    let value = match era {
        Some((Calendar::Hijri, _)) if (1300..=1500).contains(&y) => {
            Value::Year(dates::hijri_to_gregorian(y, 1, 1)?.year())
        }
        Some((Calendar::Hijri, _)) => return None,
        _ if (1900..=2100).contains(&y) => Value::Year(y),
        _ => return None,
    };
    let introduced = before.is_some_and(|b| bare(toks, b, |w| is_one_of(&t.year_intro, w)).is_some());
    // "بين عامي 1990 و2020": a year right after "و" that follows a year.
    let second_of_pair = i >= 2 && word(toks, i - 1) == Some("و") && !toks[i].gap && dates::year(toks, i - 2).is_some();
    // "عام 2023" takes "عام" into the span, as a reader would quote it.
    if let Some(b) = before.filter(|_| introduced) {
        let noun = [lit_key("عام"), lit_key("العام"), lit_key("سنة"), lit_key("السنة")];
        if let Some(clitic) = bare(toks, b, |w| noun.contains(&w)) {
            let mut c = cand(b, end, value, false, Kind2::Other);
            c.clitic = clitic;
            return Some(c);
        }
        return Some(cand(i, end, value, false, Kind2::Other));
    }
    // Alone between punctuation, or in parentheses: a count would be followed by
    // its noun ("2025 زائرا").
    let alone = paren
        || (toks.get(after).is_none_or(|t| matches!(t.kind, Kind::Punct(c) if ".،,؛;:)-–".contains(c)))
            && (i == 0 || !matches!(toks[i - 1].kind, Kind::Num { .. })));
    if second_of_pair || era.is_some() || alone {
        let end = if paren && era.is_none() { i + 1 } else { end };
        return Some(cand(i, end, value, false, Kind2::Other));
    }
    None
}

/// Relative day words: "أمس", "أول أمس", "بعد غد", "اليوم".
fn day_word(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let mut best: Option<Cand> = None;
    for (words, offset) in &t.day_words {
        let mut clitic = false;
        let ok = words.iter().enumerate().all(|(k, w)| {
            if k == 0 {
                match bare(toks, i, |x| x == w) {
                    Some(c) => {
                        clitic = c;
                        true
                    }
                    None => false,
                }
            } else {
                word(toks, i + k) == Some(w.as_str())
            }
        });
        // "اليوم الوطني", "باليوم العالمي": a day named by an adjective, not today.
        let adjective_follows = words.len() == 1
            && *offset == 0
            && word(toks, i + 1).is_some_and(|n| is_one_of(&t.named_days, n));
        if ok && !adjective_follows && best.is_none_or(|b| b.end < i + words.len()) {
            let mut c = cand(i, i + words.len(), Value::Day(reference + Duration::days(*offset)), true, Kind2::Date { hijri: false });
            c.clitic = clitic;
            best = Some(c);
        }
    }
    best
}

/// The most recent `day` before `reference` (dir -1), the next one after it
/// (dir 1), or for a bare weekday the one this week: today, else the last one
/// unless the sentence speaks of the future.
fn resolve_weekday(reference: NaiveDate, day: Weekday, dir: i32, future: bool) -> NaiveDate {
    let from = i64::from(reference.weekday().num_days_from_monday());
    let to = i64::from(day.num_days_from_monday());
    let back = (from - to).rem_euclid(7);
    let ahead = (to - from).rem_euclid(7);
    match dir {
        -1 => reference - Duration::days(if back == 0 { 7 } else { back }),
        1 => reference + Duration::days(if ahead == 0 { 7 } else { ahead }),
        _ if back == 0 => reference,
        _ if future => reference + Duration::days(ahead),
        _ => reference - Duration::days(back),
    }
}

fn weekday_mention(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let clitic = bare(toks, i, |w| lookup(&t.weekdays, w).is_some())?;
    let w = word(toks, i)?;
    let day = lookup(&t.weekdays, w).or_else(|| lookup(&t.weekdays, &w[w.char_indices().nth(1)?.0..]))?;
    let (dir, end, kind) = match direction(toks, i + 1) {
        Some(d) if d != 0 => (d, i + 2, Kind2::Date { hijri: false }),
        _ => (0, i + 1, Kind2::Weekday),
    };
    let future = (i.saturating_sub(8)..i).any(|k| {
        word(toks, k).is_some_and(|w| is_one_of(&t.future, w) || (w.starts_with('س') && w.chars().count() >= 4 && matches!(w.chars().nth(1), Some('ي' | 'ت' | 'ن'))))
    });
    let mut c = cand(i, end, Value::Day(resolve_weekday(reference, day, dir, future)), true, kind);
    c.clitic = clitic;
    Some(c)
}

/// "منذ ثلاثة أيام", "قبل أسبوعين", "بعد خمسة عشر يوما", "قبل عام".
fn shifted(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let clitic = bare(toks, i, |w| lookup(&t.shifters, w).is_some())?;
    let w = word(toks, i)?;
    let dir = lookup(&t.shifters, w).or_else(|| lookup(&t.shifters, &w[w.char_indices().nth(1)?.0..]))?;
    if dir == 0 {
        return None;
    }
    let unit_at = |j: usize| -> Option<(Unit, u32)> {
        let w = word(toks, j)?;
        t.units.iter().find(|(k, _, _)| k == w).map(|(_, u, n)| (*u, *n))
    };
    let approx = usize::from(word(toks, i + 1).is_some_and(|w| APPROXIMATORS.iter().any(|a| lit_key(a) == w)));
    let i_count = i + approx;
    let (count, unit, next) = if let Some((unit, own)) = unit_at(i_count + 1).filter(|(_, own)| *own > 0) {
        // "منذ عام 2011" is a year, not "a year ago".
        if dates::year(toks, i_count + 2).is_some() {
            return None;
        }
        (own, unit, i_count + 2)
    } else {
        let (n, j) = count_at(toks, i_count + 1)?;
        let (unit, _) = unit_at(j)?;
        (n, unit, j + 1)
    };
    if count == 0 || count > 400 {
        return None;
    }
    let n = i32::try_from(count).ok()? * dir;
    let value = match unit {
        Unit::Day => Value::Day(reference + Duration::days(i64::from(n))),
        Unit::Week => Value::Day(reference + Duration::days(7 * i64::from(n))),
        Unit::Month => month_of(shift_months(reference, n)?),
        Unit::Year => Value::Year(reference.year() + n),
        Unit::Decade => Value::Year(reference.year() + 10 * n),
    };
    let mut c = cand(i, next, value, true, Kind2::Other);
    c.clitic = clitic;
    Some(c)
}

/// "مطلع الشهر", "أواخر العام الماضي", "منتصف يونيو", "نهاية 2023".
fn period_part(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let clitic = bare(toks, i, |w| is_one_of(&t.period_parts, w))?;
    let inner = if let Some((value, next, _)) = period_at(toks, i + 1, reference) {
        cand(i + 1, next, value, true, Kind2::Other)
    } else if let Some(c) = month_mention_loose(toks, i + 1, reference) {
        c
    } else if let Some(y) = dates::year(toks, i + 1).filter(|y| (1900..=2100).contains(y)) {
        let mut next = i + 2;
        if let Some((Calendar::Gregorian, n)) = dates::era_marker(toks, next) {
            next = n;
        }
        cand(i + 1, next, Value::Year(y), false, Kind2::Other)
    } else if word(toks, i + 1).is_some_and(|w| w == lit_key("عام") || w == lit_key("سنة")) {
        let y = dates::year(toks, i + 2)?;
        cand(i + 1, i + 3, Value::Year(y), false, Kind2::Other)
    } else {
        return None;
    };
    let value = match inner.value {
        Value::Day(d) => Value::Day(d),
        Value::Minute(d, _) => Value::Day(d),
        v => v,
    };
    let mut c = cand(i, inner.end, value, inner.relative, Kind2::Other);
    c.clitic = clitic;
    Some(c)
}

/// Month name after a period part: no introducer needed ("مطلع يونيو").
fn month_mention_loose(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    if let Some(c) = month_mention(toks, i, reference) {
        return Some(c);
    }
    let (m, cal, after) = dates::month(toks, i)?;
    (cal == Calendar::Gregorian).then(|| cand(i, after, Value::Month(reference.year(), m), true, Kind2::Other))
}

fn meridiem_fix(hour: u32, pm: bool) -> u32 {
    match (pm, hour) {
        (true, 1..=11) => hour + 12,
        (false, 12) => 0,
        _ => hour,
    }
}

/// Clock times: "10:30 ص", "الساعة 14:05", "الساعة العاشرة صباحا", "الساعة 10
/// مساء", "الثامنة والنصف مساء", with "بتوقيت مكة" after.
fn time_mention(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let has_hour_word = word(toks, i) == Some(lit_key("الساعة")) || bare(toks, i, |w| w == lit_key("الساعة")).is_some();
    let start = i;
    let j = if has_hour_word { i + 1 } else { i };
    let (time, mut next, meridiem) = if let Some(m) = dates::time_at(toks, j) {
        (m.time, m.next, m.meridiem)
    } else {
        // Hour as digits or an ordinal word, then optional fraction and meridiem.
        let (hour, mut k) = if let Some(h) = num(toks, j, 2).filter(|h| (0..=24).contains(h)) {
            (h, j + 1)
        } else {
            let (h, k) = ordinal_at(toks, j)?;
            // Without "الساعة", an ordinal is an hour only before a spelled-out
            // part of the day ("في العاشرة صباحا"), not before ص/م.
            let k_after_fraction = k + usize::from(word(toks, k).is_some_and(|w| w == lit_key("والنصف") || w == lit_key("والربع")));
            let spelled_meridiem = word(toks, k_after_fraction).is_some_and(|w| w.chars().count() > 1)
                && dates::meridiem(toks, k_after_fraction).is_some();
            if (!has_hour_word && !spelled_meridiem) || h > 12 {
                return None;
            }
            (h, k)
        };
        let mut minute = 0;
        match word(toks, k) {
            Some(w) if w == lit_key("والنصف") => {
                minute = 30;
                k += 1;
            }
            Some(w) if w == lit_key("والربع") => {
                minute = 15;
                k += 1;
            }
            // "إلا ربعا": rare, and not worth a wrong minute.
            Some(w)
                if (w == lit_key("إلا") || w == lit_key("الا"))
                    && word(toks, k + 1).is_some_and(|x| x.starts_with(lit_key("ربع"))) =>
            {
                return None;
            }
            _ => {}
        }
        let mer = dates::meridiem(toks, k);
        if mer.is_none() && !has_hour_word {
            return None;
        }
        let mut hour = hour;
        let mut has = false;
        if let Some((pm, after)) = mer {
            let w = word(toks, k).unwrap_or_default();
            let night = w == lit_key("ليلا");
            let pm = if night { hour >= 6 } else { pm };
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = meridiem_fix(hour, pm);
            k = after;
            has = true;
        }
        (NaiveTime::from_hms_opt(hour % 24, minute, 0)?, k, has)
    };
    if !has_hour_word && !meridiem && !matches!(toks.get(j + 1).map(|t| &t.kind), Some(Kind::Punct(':'))) {
        return None;
    }
    if !has_hour_word && !meridiem {
        // A bare H:MM is a time only when the text around it says so; scores
        // ("2:1") and verses look the same.
        let hh_mm = matches!(toks.get(j + 2).map(|t| &t.kind), Some(Kind::Num { digits: 2, .. }));
        if !hh_mm {
            return None;
        }
    }
    // "بتوقيت مكة المكرمة", "بالتوقيت المحلي", "(ت.غ)", "GMT".
    if word_in(toks, next, &t.zone_words) {
        next += 1;
        if word(toks, next).is_some() {
            next += 1;
            if word(toks, next).is_some_and(|w| w == lit_key("المكرمة") || w == lit_key("المحلي")) {
                next += 1;
            }
        }
    } else if let Some((_, n)) = dates::utc_offset(toks, next) {
        next = n;
    }
    let mut c = cand(start, next, Value::Minute(reference, time), true, Kind2::Time { meridiem });
    c.clitic = has_hour_word && word(toks, i) != Some(lit_key("الساعة"));
    Some(c)
}

/// Part of the day before a day word or weekday: "صباح أمس", "مساء الخميس".
fn day_part(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let t = tables();
    let clitic = bare(toks, i, |w| lookup(&t.day_parts, w).is_some())?;
    let w = word(toks, i)?;
    let pm = lookup(&t.day_parts, w).or_else(|| lookup(&t.day_parts, &w[w.char_indices().nth(1)?.0..]))?;
    let inner = day_word(toks, i + 1, reference).or_else(|| weekday_mention(toks, i + 1, reference))?;
    if inner.clitic {
        return None;
    }
    let mut c = cand(i, inner.end, inner.value, true, Kind2::Date { hijri: false });
    c.clitic = clitic;
    c.pm_hint = pm;
    Some(c)
}

fn candidates_at(toks: &[Tok], i: usize, reference: NaiveDate) -> Option<Cand> {
    let all = [
        absolute(toks, i),
        day_of_period(toks, i, reference),
        day_month(toks, i, reference),
        month_mention(toks, i, reference),
        month_with_clitic(toks, i, reference),
        year_mention(toks, i),
        day_part(toks, i, reference),
        day_word(toks, i, reference),
        weekday_mention(toks, i, reference),
        shifted(toks, i, reference),
        period_part(toks, i, reference),
        this_period(toks, i, reference),
        period_at(toks, i, reference).map(|(value, next, clitic)| {
            let mut c = cand(i, next, value, true, Kind2::Other);
            c.clitic = clitic;
            c
        })
        // A period noun alone ("رجل العام") is no date; with a direction it is.
        .filter(|c| c.end > i + 1),
        time_mention(toks, i, reference),
    ];
    // The longest wins; on a tie, the earlier rule in the list.
    let mut best: Option<Cand> = None;
    for c in all.into_iter().flatten() {
        if best.is_none_or(|b| c.end > b.end) {
            best = Some(c);
        }
    }
    best
}

/// True when only connector tokens lie between `a` (exclusive end) and `b`.
fn only_links(toks: &[Tok], a: usize, b: usize, extra: &[&str]) -> bool {
    if b < a || b - a > 3 {
        return false;
    }
    let t = tables();
    (a..b).all(|k| match &toks[k].kind {
        Kind::Punct(c) => matches!(c, ',' | '،' | '-' | '–' | '—' | '|' | '(' | '/' ),
        Kind::Word(w) => is_one_of(&t.time_links, w) || extra.iter().any(|e| key(e) == *w),
        Kind::Num { .. } => false,
    })
}

fn merge(toks: &[Tok], cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        let Some(prev) = out.last().copied() else {
            out.push(c);
            continue;
        };
        let merged = match (prev.kind, c.kind) {
            // "الأحد 23 يونيو 2024", "الخميس، 5 آذار".
            (Kind2::Weekday, Kind2::Date { .. }) if only_links(toks, prev.end, c.start, &["يوم", "الموافق"]) => {
                Some(Cand { start: prev.start, clitic: prev.clitic, ..c })
            }
            // "أمس الثلاثاء", "صباح اليوم الأربعاء": the weekday confirms the day.
            (Kind2::Date { .. }, Kind2::Weekday) if prev.relative && prev.end == c.start => {
                Some(Cand { end: c.end, ..prev })
            }
            // "غدا الثلاثاء 31 ديسمبر 2024": the absolute date gives the value.
            (Kind2::Date { .. }, Kind2::Date { .. }) if prev.relative && !c.relative && prev.end == c.start => {
                Some(Cand { start: prev.start, clitic: prev.clitic, ..c })
            }
            // A date and its clock time, in either order.
            (Kind2::Date { .. }, Kind2::Time { meridiem }) | (Kind2::Time { meridiem }, Kind2::Date { .. })
                if only_links(toks, prev.end, c.start, &["يوم", "صباح", "مساء", "ظهر", "مساء"]) =>
            {
                let (date_c, time_c) = if matches!(prev.kind, Kind2::Date { .. }) { (prev, c) } else { (c, prev) };
                let (Value::Day(d), Value::Minute(_, t)) = (date_c.value, time_c.value) else {
                    out.push(c);
                    continue;
                };
                let pm_word = date_c.pm_hint
                    || (prev.end..c.start).any(|k| word(toks, k).is_some_and(|w| w == lit_key("مساء") || w == lit_key("ظهر")));
                let t = if !meridiem && pm_word {
                    NaiveTime::from_hms_opt(meridiem_fix(chrono::Timelike::hour(&t), true), chrono::Timelike::minute(&t), 0).unwrap_or(t)
                } else {
                    t
                };
                                Some(Cand {
                    start: prev.start,
                    end: c.end,
                    value: Value::Minute(d, t),
                    relative: date_c.relative,
                    kind: Kind2::Date { hijri: false },
                    clitic: prev.clitic,
                    pm_hint: false,
                })
            }
            // "17 ذو الحجة 1445 هـ الموافق 23 يونيو 2024": one mention, the
            // Gregorian value.
            (Kind2::Date { hijri: h1 }, Kind2::Date { hijri: h2 })
                if h1 != h2
                    && (prev.end..c.start).any(|k| word(toks, k).is_some_and(|w| w == lit_key("الموافق") || w == lit_key("والموافق") || w == lit_key("الموافقة")))
                    && only_links(toks, prev.end, c.start, &["الموافق", "والموافق", "الموافقة", "ل", "م"]) =>
            {
                let greg = if h1 { c } else { prev };
                Some(Cand { start: prev.start, end: c.end, clitic: prev.clitic, ..greg })
            }
            _ => None,
        };
        match merged {
            Some(m) => {
                out.pop();
                out.push(m);
            }
            None => out.push(c),
        }
    }
    out
}

/// Every date and time mention in `text`, resolved against `reference`.
pub fn find_mentions(text: &str, reference: NaiveDate) -> Vec<DateMention> {
    let toks = lex(text);
    let mut cands = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !may_start(&toks, i) {
            i += 1;
            continue;
        }
        match candidates_at(&toks, i, reference) {
            Some(c) if c.end > i => {
                i = c.end;
                cands.push(c);
            }
            _ => i += 1,
        }
    }
    let cands = merge(&toks, cands);
    // Byte offsets to character offsets, in one pass.
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        // A bare weekday that merged with nothing is still a day.
        let Some(first) = toks.get(c.start) else { continue };
        let Some(last) = toks.get(c.end.saturating_sub(1)) else { continue };
        let mut start = first.start;
        if c.clitic {
            start = skip_clitic(text, start);
        }
        let end = last.end;
        if start >= end {
            continue;
        }
        out.push(DateMention {
            text: text[start..end].to_owned(),
            start: text[..start].chars().count(),
            end: text[..end].chars().count(),
            value: c.value.iso(),
            granularity: c.value.granularity(),
            relative: c.relative,
        });
    }
    out
}

/// Byte index after one proclitic letter (and its diacritics) at `start`.
fn skip_clitic(text: &str, start: usize) -> usize {
    let mut iter = text[start..].char_indices();
    let _ = iter.next();
    for (k, c) in iter {
        if !crate::normalize::is_arabic_diacritic(c) {
            return start + k;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    /// Every mention in `text` as "span = value granularity", against `reference`.
    fn check(reference: &str, text: &str, want: &[&str]) {
        let got: Vec<String> = find_mentions(text, day(reference))
            .iter()
            .map(|m| format!("{} = {} {}", m.text, m.value, m.granularity.as_str()))
            .collect();
        assert_eq!(got, want, "text {text:?}");
    }

    #[test]
    fn relative_days_and_weeks() {
        // 2024-06-23 is a Sunday.
        let r = "2024-06-23";
        check(r, "قال الوزير أمس إن المحادثات تستأنف بعد غد.", &["أمس = 2024-06-22 day", "بعد غد = 2024-06-25 day"]);
        check(r, "صادق البرلمان أول من أمس على القانون.", &["أول من أمس = 2024-06-21 day"]);
        check(r, "قصف عنيف الليلة الماضية.", &["الليلة الماضية = 2024-06-22 day"]);
        check(r, "عقد الاجتماع الخميس الماضي.", &["الخميس الماضي = 2024-06-20 day"]);
        check(r, "يعقد الاجتماع الأحد المقبل.", &["الأحد المقبل = 2024-06-30 day"]);
        check(r, "وقع منذ ثلاثة أيام وقبل أسبوعين.", &["منذ ثلاثة أيام = 2024-06-20 day", "قبل أسبوعين = 2024-06-09 day"]);
        check(r, "صدر قبل خمسة عشر يوما.", &["قبل خمسة عشر يوما = 2024-06-08 day"]);
        check(r, "تأسس قبل خمسة وعشرين عاما.", &["قبل خمسة وعشرين عاما = 1999 year"]);
        check(r, "غداً الاثنين 24 يونيو 2024", &["غداً الاثنين 24 يونيو 2024 = 2024-06-24 day"]);
        check(r, "أعلن أمس الثلاثاء", &["أمس الثلاثاء = 2024-06-22 day"]);
    }

    #[test]
    fn periods_are_coarser() {
        let r = "2024-06-23";
        check(r, "في 11 من الشهر الجاري", &["11 من الشهر الجاري = 2024-06-11 day"]);
        check(r, "مطلع الشهر", &["مطلع الشهر = 2024-06 month"]);
        check(r, "أواخر العام الماضي", &["أواخر العام الماضي = 2023 year"]);
        check(r, "الشهر المقبل والعام المقبل", &["الشهر المقبل = 2024-07 month", "العام المقبل = 2025 year"]);
        check(r, "في يونيو الماضي وسبتمبر المقبل", &["يونيو الماضي = 2023-06 month", "سبتمبر المقبل = 2024-09 month"]);
        check(r, "منذ عام 2011", &["عام 2011 = 2011 year"]);
        check(r, "بين عامي 1990 و2020", &["1990 = 1990 year", "2020 = 2020 year"]);
    }

    #[test]
    fn absolute_hijri_and_pairs() {
        let r = "2024-06-23";
        check(r, "الأحد 17 ذو الحجة 1445 هـ الموافق 23 يونيو 2024 م", &["الأحد 17 ذو الحجة 1445 هـ الموافق 23 يونيو 2024 م = 2024-06-23 day"]);
        // Umm al-Qura, not the tabular calendar: 1 Ramadan 1445 was 11 March 2024.
        check(r, "في 1 رمضان 1445 هـ", &["1 رمضان 1445 هـ = 2024-03-11 day"]);
        check(r, "في 5 جويلية 2022 و13 ماي 2024 و14 غشت 2023", &["5 جويلية 2022 = 2022-07-05 day", "13 ماي 2024 = 2024-05-13 day", "14 غشت 2023 = 2023-08-14 day"]);
        check(r, "جرت في 12 أيار (مايو) 2024", &["12 أيار (مايو) 2024 = 2024-05-12 day"]);
        check(r, "بتاريخ ٢٣/٦/٢٠٢٤", &["٢٣/٦/٢٠٢٤ = 2024-06-23 day"]);
        check(r, "ابتداء من فاتح يوليوز 2026", &["فاتح يوليوز 2026 = 2026-07-01 day"]);
    }

    #[test]
    fn times() {
        let r = "2024-06-23";
        check(r, "يبدأ الساعة 8:30 مساء بتوقيت مكة المكرمة.", &["الساعة 8:30 مساء بتوقيت مكة المكرمة = 2024-06-23T20:30 minute"]);
        check(r, "عند الساعة العاشرة والنصف ليلا", &["الساعة العاشرة والنصف ليلا = 2024-06-23T22:30 minute"]);
        check(r, "الساعة الرابعة عصر أمس", &["الساعة الرابعة عصر أمس = 2024-06-22T16:00 minute"]);
        check(r, "23 حزيران/يونيو 2024 الساعة 10:30 صباحا", &["23 حزيران/يونيو 2024 الساعة 10:30 صباحا = 2024-06-23T10:30 minute"]);
    }

    #[test]
    fn not_dates() {
        let r = "2024-06-23";
        for text in [
            "خسر الفريق 2:1 في الدوري",
            "باع المتجر 1445 قطعة",
            "مارس الحزب ضغوطا",
            "اشترى سيارة نيسان",
            "رجل العام",
            "اليوم الوطني",
            "",
            "٢٣/٢٣/٢٣",
        ] {
            check(r, text, &[]);
        }
    }

    #[test]
    fn offsets_are_characters() {
        let text = "قال أمس";
        let m = &find_mentions(text, day("2024-06-23"))[0];
        assert_eq!((m.start, m.end), (4, 7));
        let chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(chars, m.text);
        // A proclitic stays outside the span.
        let m = &find_mentions("وأمس", day("2024-06-23"))[0];
        assert_eq!((m.text.as_str(), m.start), ("أمس", 1));
    }
}
