//! Dates as news pages print them: Arabic month names from every region, Arabic-Indic
//! digits, numeric forms, ISO 8601, 12-hour clocks with ص/م, and Hijri dates
//! (converted with the Umm al-Qura calendar). Parsing is token based so that
//! day names, "نشر في:" labels and other words around a date are simply skipped.

use chrono::{Datelike, NaiveDate, NaiveTime};
use std::sync::OnceLock;

use crate::normalize::{digit_value, is_arabic_diacritic, lossy_with, LossyOptions};

/// One calendar date, with the time of day and UTC offset when the text gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Minutes east of UTC.
    pub offset_minutes: Option<i32>,
}

impl ParsedDate {
    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, or that followed by `+HH:MM` when the
    /// offset is known. An offset without a time is meaningless and left out.
    pub fn to_iso(&self) -> String {
        let day = self.date.format("%Y-%m-%d").to_string();
        let Some(time) = self.time else {
            return day;
        };
        let mut out = format!("{day}T{}", time.format("%H:%M:%S"));
        if let Some(offset) = self.offset_minutes {
            let sign = if offset < 0 { '-' } else { '+' };
            let abs = offset.unsigned_abs();
            out.push_str(&format!("{sign}{:02}:{:02}", abs / 60, abs % 60));
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Calendar {
    Gregorian,
    Hijri,
}

/// Month names, each set in month order. Spellings are matched after the lossy
/// normalization (hamza seats, alef maqsura and teh marbuta folded), so one
/// spelling per word stands for its variants; two-word names are separated by one
/// space.
const MONTHS: &[(&str, u32, Calendar)] = {
    use Calendar::{Gregorian as G, Hijri as H};
    &[
        // Levantine and Iraqi (Syriac names).
        ("كانون الثاني", 1, G), ("كانون ثاني", 1, G), ("شباط", 2, G), ("آذار", 3, G),
        ("نيسان", 4, G), ("أيار", 5, G), ("حزيران", 6, G), ("تموز", 7, G), ("آب", 8, G),
        ("أيلول", 9, G), ("تشرين الأول", 10, G), ("تشرين أول", 10, G),
        ("تشرين الثاني", 11, G), ("تشرين ثاني", 11, G), ("كانون الأول", 12, G),
        ("كانون أول", 12, G),
        // Egyptian and Gulf (from the European names).
        ("يناير", 1, G), ("فبراير", 2, G), ("مارس", 3, G), ("أبريل", 4, G), ("إبريل", 4, G),
        ("مايو", 5, G), ("يونيو", 6, G), ("يونيه", 6, G), ("يوليو", 7, G), ("يوليه", 7, G),
        ("أغسطس", 8, G), ("سبتمبر", 9, G), ("أكتوبر", 10, G), ("نوفمبر", 11, G),
        ("ديسمبر", 12, G),
        // Maghreb: Algeria and Tunisia (from French).
        ("جانفي", 1, G), ("فيفري", 2, G), ("أفريل", 4, G), ("ماي", 5, G), ("جوان", 6, G),
        ("جويلية", 7, G), ("جويلة", 7, G), ("أوت", 8, G),
        // Morocco: the rest are shared with the sets above.
        ("يوليوز", 7, G), ("غشت", 8, G), ("شتنبر", 9, G), ("نونبر", 11, G), ("دجنبر", 12, G),
        // English, full and abbreviated.
        ("january", 1, G), ("jan", 1, G), ("february", 2, G), ("feb", 2, G),
        ("march", 3, G), ("mar", 3, G), ("april", 4, G), ("apr", 4, G), ("may", 5, G),
        ("june", 6, G), ("jun", 6, G), ("july", 7, G), ("jul", 7, G), ("august", 8, G),
        ("aug", 8, G), ("september", 9, G), ("sep", 9, G), ("sept", 9, G),
        ("october", 10, G), ("oct", 10, G), ("november", 11, G), ("nov", 11, G),
        ("december", 12, G), ("dec", 12, G),
        // French, which Maghreb pages mix in.
        ("janvier", 1, G), ("février", 2, G), ("fevrier", 2, G), ("mars", 3, G),
        ("avril", 4, G), ("mai", 5, G), ("juin", 6, G), ("juillet", 7, G), ("août", 8, G),
        ("aout", 8, G), ("septembre", 9, G), ("octobre", 10, G), ("novembre", 11, G),
        ("décembre", 12, G), ("decembre", 12, G),
        // Hijri.
        ("محرم", 1, H), ("صفر", 2, H), ("ربيع الأول", 3, H), ("ربيع أول", 3, H),
        ("ربيع الآخر", 4, H), ("ربيع الثاني", 4, H), ("ربيع ثاني", 4, H),
        ("جمادى الأولى", 5, H), ("جمادى الأول", 5, H), ("جمادى الآخرة", 6, H),
        ("جمادى الآخر", 6, H), ("جمادى الثانية", 6, H), ("رجب", 7, H), ("شعبان", 8, H),
        ("رمضان", 9, H), ("شوال", 10, H), ("ذو القعدة", 11, H), ("ذي القعدة", 11, H),
        ("ذو الحجة", 12, H), ("ذي الحجة", 12, H),
    ]
};

pub(crate) fn key(word: &str) -> String {
    lossy_with(word, &LossyOptions { teh_marbuta_to_heh: true })
}

/// The first word of every month name, for a quick "could a date start here".
pub(crate) fn month_first_words() -> impl Iterator<Item = String> {
    month_keys().iter().map(|(k, _, _)| k.split(' ').next().unwrap_or_default().to_owned())
}

fn month_keys() -> &'static [(String, u32, Calendar)] {
    static KEYS: OnceLock<Vec<(String, u32, Calendar)>> = OnceLock::new();
    KEYS.get_or_init(|| MONTHS.iter().map(|(name, m, cal)| (key(name), *m, *cal)).collect())
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Num { value: u64, digits: usize },
    Word(String),
    Punct(char),
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Whitespace separates this token from the previous one.
    pub(crate) gap: bool,
}

fn is_word_char(c: char) -> bool {
    crate::chars::is_alphabetic(c) || is_arabic_diacritic(c) || c == '\u{0640}'
}

pub(crate) fn lex(s: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut iter = s.char_indices().peekable();
    let mut gap = false;
    while let Some((start, c)) = iter.next() {
        if crate::chars::is_whitespace(c) || crate::normalize::is_invisible_control(c) {
            gap = true;
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if let Some(d) = digit_value(c) {
            let mut value = u64::from(d);
            let mut digits = 1;
            while let Some(&(i, n)) = iter.peek() {
                let Some(nd) = digit_value(n) else { break };
                value = value.saturating_mul(10).saturating_add(u64::from(nd));
                digits += 1;
                end = i + n.len_utf8();
                iter.next();
            }
            Kind::Num { value, digits }
        } else if is_word_char(c) {
            while let Some(&(i, n)) = iter.peek() {
                if !is_word_char(n) {
                    break;
                }
                end = i + n.len_utf8();
                iter.next();
            }
            Kind::Word(key(&s[start..end]))
        } else {
            Kind::Punct(c)
        };
        toks.push(Tok { kind, start, end, gap });
        gap = false;
    }
    toks
}

/// A number of 1..=max_digits digits at `i`.
pub(crate) fn num(toks: &[Tok], i: usize, max_digits: usize) -> Option<u32> {
    match toks.get(i)?.kind {
        Kind::Num { value, digits } if digits <= max_digits => u32::try_from(value).ok(),
        _ => None,
    }
}

pub(crate) fn year(toks: &[Tok], i: usize) -> Option<i32> {
    match toks.get(i)?.kind {
        Kind::Num { value, digits: 4 } => i32::try_from(value).ok(),
        _ => None,
    }
}

pub(crate) fn word(toks: &[Tok], i: usize) -> Option<&str> {
    match &toks.get(i)?.kind {
        Kind::Word(w) => Some(w.as_str()),
        _ => None,
    }
}

pub(crate) fn punct(toks: &[Tok], i: usize) -> Option<char> {
    match toks.get(i)?.kind {
        Kind::Punct(c) => Some(c),
        _ => None,
    }
}

pub(crate) fn is_punct(toks: &[Tok], i: usize, set: &[char]) -> bool {
    punct(toks, i).is_some_and(|c| set.contains(&c))
}

/// Month name at `i` (two-word names first), with the index after it.
fn month_name(toks: &[Tok], i: usize) -> Option<(u32, Calendar, usize)> {
    let first = word(toks, i)?;
    if let Some(second) = word(toks, i + 1) {
        let joined = format!("{first} {second}");
        if let Some((_, m, cal)) = month_keys().iter().find(|(k, _, _)| *k == joined) {
            return Some((*m, *cal, i + 2));
        }
    }
    month_keys()
        .iter()
        .find(|(k, _, _)| k == first)
        .map(|(_, m, cal)| (*m, *cal, i + 1))
}

/// Month name plus an optional second name for the same month, as in
/// "حزيران/يونيو" or "يونيو (حزيران)".
pub(crate) fn month(toks: &[Tok], i: usize) -> Option<(u32, Calendar, usize)> {
    let (m, cal, next) = month_name(toks, i)?;
    if is_punct(toks, next, &['/', '-', '–', '|']) {
        if let Some((m2, cal2, after)) = month_name(toks, next + 1) {
            if m2 == m && cal2 == cal {
                return Some((m, cal, after));
            }
        }
    }
    if is_punct(toks, next, &['(']) {
        if let Some((m2, _, after)) = month_name(toks, next + 1) {
            if m2 == m && is_punct(toks, after, &[')']) {
                return Some((m, cal, after + 1));
            }
        }
    }
    Some((m, cal, next))
}

/// Skips English ordinal suffixes ("23rd") after a day number.
fn skip_ordinal(toks: &[Tok], i: usize) -> usize {
    match word(toks, i) {
        Some("st" | "nd" | "rd" | "th") if !toks[i].gap => i + 1,
        _ => i,
    }
}

pub(crate) fn skip_commas(toks: &[Tok], mut i: usize) -> usize {
    while is_punct(toks, i, &[',', '،']) {
        i += 1;
    }
    i
}

/// Converts a Hijri date to the Gregorian calendar with the Umm al-Qura calendar
/// (Saudi Arabia's official tables, which most Arab news sites print), through
/// `icu_calendar`. The tabular (arithmetic) calendar the first version used was a
/// day off for about a third of months; it remains the fallback for the rare date
/// icu refuses (day 30 of a 29-day month, which pages do print).
pub fn hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1..=9999).contains(&year) {
        return None;
    }
    let (m8, d8) = (u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    let cal = icu_calendar::cal::Hijri::new_umm_al_qura();
    if let Ok(date) = icu_calendar::Date::try_new_hijri_with_calendar(year, m8, d8, cal) {
        let iso = date.to_calendar(icu_calendar::Iso);
        return NaiveDate::from_ymd_opt(
            iso.year().extended_year(),
            u32::from(iso.month().ordinal),
            u32::from(iso.day_of_month().0),
        );
    }
    // Day 30 of a 29-day month, as pages print when they count ahead of the
    // tables: the day after the 29th.
    if day == 30 {
        return hijri_to_gregorian(year, month, 29).and_then(|d| d.succ_opt());
    }
    tabular_hijri_to_gregorian(year, month, day)
}

/// The tabular (arithmetic) Islamic calendar, civil epoch (1 Muharram 1 AH =
/// Friday 16 July 622 Julian).
fn tabular_hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    let julian_day = d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y) / 30 + 1_948_439;
    // Julian day 1721426 is 1 January of year 1 (proleptic Gregorian), day 1 from CE.
    let from_ce = i32::try_from(julian_day - 1_721_425).ok()?;
    NaiveDate::from_num_days_from_ce_opt(from_ce)
}

const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

pub(crate) fn make_date(cal: Calendar, y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    let date = match cal {
        Calendar::Gregorian => NaiveDate::from_ymd_opt(y, m, d)?,
        Calendar::Hijri => hijri_to_gregorian(y, m, d)?,
    };
    YEARS.contains(&date.year()).then_some(date)
}

/// After a year: "هـ" marks a Hijri year, "م" a Gregorian one.
pub(crate) fn era_marker(toks: &[Tok], i: usize) -> Option<(Calendar, usize)> {
    match word(toks, i)? {
        "ه" | "هجري" | "هجريه" => Some((Calendar::Hijri, i + 1)),
        "م" | "ميلادي" | "ميلاديه" => Some((Calendar::Gregorian, i + 1)),
        _ => None,
    }
}

pub(crate) struct DateMatch {
    pub(crate) date: NaiveDate,
    pub(crate) cal: Calendar,
    pub(crate) next: usize,
}

fn named_day_month_year(toks: &[Tok], i: usize) -> Option<DateMatch> {
    let d = num(toks, i, 2)?;
    let mut j = skip_ordinal(toks, i + 1);
    if is_punct(toks, j, &['-', '/', '.']) {
        j += 1;
    }
    if word(toks, j) == Some("of") {
        j += 1;
    }
    let (m, cal, j) = month(toks, j)?;
    let j = skip_commas(toks, j);
    let y = year(toks, j)?;
    let mut next = j + 1;
    if let Some((_, after)) = era_marker(toks, next) {
        next = after;
    }
    Some(DateMatch { date: make_date(cal, y, m, d)?, cal, next })
}

fn named_month_day_year(toks: &[Tok], i: usize) -> Option<DateMatch> {
    let (m, cal, j) = month(toks, i)?;
    let d = num(toks, j, 2)?;
    let j = skip_commas(toks, skip_ordinal(toks, j + 1));
    let y = year(toks, j)?;
    Some(DateMatch { date: make_date(cal, y, m, d)?, cal, next: j + 1 })
}

/// Three numbers joined by one separator, without spaces: 2024-06-23, 23/06/2024,
/// 23.6.2024, and Hijri 1445/12/17 هـ.
fn numeric(toks: &[Tok], i: usize) -> Option<DateMatch> {
    let sep = punct(toks, i + 1).filter(|c| matches!(c, '-' | '/' | '.'))?;
    let tight = (i + 1..=i + 4).all(|k| toks.get(k).is_some_and(|t| !t.gap));
    // "26 / 4 / 1947", as some pages and tokenized corpora space it: only
    // day/month/year with slashes, which nothing else looks like.
    let spaced = sep == '/'
        && (i + 1..=i + 4).all(|k| toks.get(k).is_some_and(|t| t.gap))
        && num(toks, i, 2).is_some()
        && year(toks, i + 4).is_some();
    if !(tight || spaced) || punct(toks, i + 3) != Some(sep) {
        return None;
    }
    // Part of a longer chain such as a version number or an IP address.
    if i > 0 && !toks[i].gap && is_punct(toks, i - 1, &['.', '-', '/']) {
        return None;
    }
    if punct(toks, i + 5) == Some(sep) && toks.get(i + 5).is_some_and(|t| !t.gap) && num(toks, i + 6, 4).is_some() {
        return None;
    }
    let (cal, next) = era_marker(toks, i + 5).map_or((Calendar::Gregorian, i + 5), |(c, n)| (c, n));
    if let Some(y) = year(toks, i) {
        let m = num(toks, i + 2, 2)?;
        let d = num(toks, i + 4, 2)?;
        return Some(DateMatch { date: make_date(cal, y, m, d)?, cal, next });
    }
    let first = num(toks, i, 2)?;
    let second = num(toks, i + 2, 2)?;
    let y = year(toks, i + 4)?;
    // Day first, as Arabic and European pages write it; month first only when the
    // day-first reading is impossible (06/23/2024).
    let date = make_date(cal, y, second, first).or_else(|| make_date(cal, y, first, second))?;
    Some(DateMatch { date, cal, next })
}

pub(crate) fn date_at(toks: &[Tok], i: usize) -> Option<DateMatch> {
    numeric(toks, i)
        .or_else(|| named_day_month_year(toks, i))
        .or_else(|| named_month_day_year(toks, i))
}

/// Words between a date and its time: "الساعة", "at", "T", dashes, bars.
fn skip_time_connectors(toks: &[Tok], mut i: usize) -> usize {
    for _ in 0..3 {
        let connector = match &toks.get(i).map(|t| &t.kind) {
            Some(Kind::Punct(c)) => matches!(c, '-' | '–' | '—' | '|' | ',' | '،' | '@' | '/' | '•' | '·'),
            Some(Kind::Word(w)) => matches!(w.as_str(), "الساعه" | "ساعه" | "at" | "t" | "في" | "على" | "um" | "à" | "a"),
            _ => false,
        };
        if !connector {
            break;
        }
        i += 1;
    }
    i
}

/// Morning/evening words after a 12-hour clock. `Some(false)` = AM, `Some(true)` = PM.
pub(crate) fn meridiem(toks: &[Tok], i: usize) -> Option<(bool, usize)> {
    let w = word(toks, i)?;
    let pm = match w {
        "ص" | "صباحا" | "صباح" | "فجرا" | "am" => false,
        "م" | "مساء" | "مساءا" | "مسا" | "ظهرا" | "عصرا" | "ليلا" | "pm" => true,
        "a" | "p" if is_punct(toks, i + 1, &['.']) && word(toks, i + 2) == Some("m") => {
            let after = if is_punct(toks, i + 3, &['.']) { i + 4 } else { i + 3 };
            return Some((w == "p", after));
        }
        _ => return None,
    };
    Some((pm, i + 1))
}

/// "+03:00", "+0300", "+3", "Z", "GMT", "GMT+3", "UTC-05:00".
pub(crate) fn utc_offset(toks: &[Tok], i: usize) -> Option<(i32, usize)> {
    let mut j = i;
    let mut named = false;
    match word(toks, j) {
        Some("z") if !toks[j].gap => return Some((0, j + 1)),
        Some("gmt" | "utc" | "غرينتش" | "جرينتش") => {
            named = true;
            j += 1;
        }
        _ => {}
    }
    let sign = match punct(toks, j) {
        Some('+') => 1,
        Some('-' | '−') => -1,
        _ => return named.then_some((0, j)),
    };
    if toks.get(j + 1).is_none_or(|t| t.gap) {
        return named.then_some((0, j));
    }
    let (hours, minutes, next) = match toks.get(j + 1)?.kind {
        Kind::Num { value, digits: 4 } => (value / 100, value % 100, j + 2),
        Kind::Num { value, digits: 1..=2 } => {
            if is_punct(toks, j + 2, &[':']) {
                let mm = num(toks, j + 3, 2)?;
                (value, u64::from(mm), j + 4)
            } else {
                (value, 0, j + 2)
            }
        }
        _ => return named.then_some((0, j)),
    };
    if hours > 14 || minutes > 59 {
        return named.then_some((0, j));
    }
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some((sign * total, next))
}

pub(crate) struct TimeMatch {
    pub(crate) time: NaiveTime,
    pub(crate) offset: Option<i32>,
    pub(crate) next: usize,
    /// A morning/evening word fixed the half of the day.
    pub(crate) meridiem: bool,
}

/// A clock time at `i`: H:MM[:SS[.fff]] with an optional meridiem and UTC offset.
pub(crate) fn time_at(toks: &[Tok], i: usize) -> Option<TimeMatch> {
    let h = num(toks, i, 2)?;
    if !is_punct(toks, i + 1, &[':']) {
        return None;
    }
    let m = num(toks, i + 2, 2)?;
    let mut j = i + 3;
    let mut sec = 0;
    if is_punct(toks, j, &[':']) {
        if let Some(s) = num(toks, j + 1, 2) {
            sec = s;
            j += 2;
            if is_punct(toks, j, &['.', ',']) && matches!(toks.get(j + 1).map(|t| &t.kind), Some(Kind::Num { .. })) {
                j += 2;
            }
        }
    }
    let mut hour = h;
    let mut has_meridiem = false;
    if let Some((pm, after)) = meridiem(toks, j) {
        if !(1..=12).contains(&h) {
            return None;
        }
        hour = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, _) => h + 12,
            (false, _) => h,
        };
        j = after;
        has_meridiem = true;
    }
    let time = NaiveTime::from_hms_opt(hour, m, sec)?;
    let (offset, next) = match utc_offset(toks, j) {
        Some((o, n)) => (Some(o), n),
        None => (None, j),
    };
    Some(TimeMatch { time, offset, next, meridiem: has_meridiem })
}

struct Found {
    start: usize,
    end: usize,
    parsed: ParsedDate,
    cal: Calendar,
}

fn find_all(toks: &[Tok]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(found) = date_at(toks, i) else {
            i += 1;
            continue;
        };
        let mut last = found.next;
        let mut parsed = ParsedDate { date: found.date, time: None, offset_minutes: None };
        if let Some(t) = time_at(toks, skip_time_connectors(toks, found.next)) {
            parsed.time = Some(t.time);
            parsed.offset_minutes = t.offset;
            last = t.next;
        }
        let end = toks.get(last.saturating_sub(1)).map_or(0, |t| t.end);
        out.push(Found { start: toks[i].start, end, parsed, cal: found.cal });
        i = last.max(i + 1);
    }
    out
}

/// Every absolute date in `s` (day, month and year all present), with its byte span
/// (including a time that follows it) in `s`.
pub fn find_dates(s: &str) -> Vec<(usize, usize, ParsedDate)> {
    find_all(&lex(s)).into_iter().map(|f| (f.start, f.end, f.parsed)).collect()
}

/// The date in a short visible string such as a byline or a "published" label.
/// When the string carries both a Hijri and a Gregorian date, the Gregorian one
/// wins, because it is the one the page's own calendar is unlikely to shift. A
/// time printed before the date ("10:30 ص - الأحد 23 يونيو 2024") is attached too.
pub fn parse_date(s: &str) -> Option<ParsedDate> {
    let toks = lex(s);
    let found = find_all(&toks);
    let chosen = found
        .iter()
        .find(|f| f.cal == Calendar::Gregorian)
        .or_else(|| found.first())?;
    let mut parsed = chosen.parsed;
    if parsed.time.is_none() {
        let inside_a_date = |t: &Tok| found.iter().any(|f| t.start >= f.start && t.start < f.end);
        for i in 0..toks.len() {
            if inside_a_date(&toks[i]) {
                continue;
            }
            if let Some(t) = time_at(&toks, i) {
                parsed.time = Some(t.time);
                parsed.offset_minutes = t.offset;
                break;
            }
        }
    }
    Some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|p| p.to_iso())
    }

    #[test]
    fn parses_many_forms() {
        let cases: &[(&str, &str)] = &[
            ("الأحد 23 يونيو 2024", "2024-06-23"),
            ("23 حزيران/يونيو 2024 - 10:30 ص", "2024-06-23T10:30:00"),
            ("٢٣ يونيو ٢٠٢٤", "2024-06-23"),
            ("نشر في: 2024/06/23 14:05", "2024-06-23T14:05:00"),
            ("23-06-2024", "2024-06-23"),
            ("2024-06-23T14:05:00+03:00", "2024-06-23T14:05:00+03:00"),
            ("2024-06-23T11:05:00Z", "2024-06-23T11:05:00+00:00"),
            ("23 جوان 2024", "2024-06-23"),
            ("23 يونيه 2024", "2024-06-23"),
            ("الثلاثاء، 5 آذار 2024", "2024-03-05"),
            ("1 كانون الثاني 2025", "2025-01-01"),
            ("31 كانون الأول 2023", "2023-12-31"),
            ("12 تشرين الثاني 2022", "2022-11-12"),
            ("3 تشرين الأول، 2021", "2021-10-03"),
            ("9 شباط 2020", "2020-02-09"),
            ("14 نيسان 2019", "2019-04-14"),
            ("2 أيار 2018", "2018-05-02"),
            ("17 تموز 2017", "2017-07-17"),
            ("6 آب 2016", "2016-08-06"),
            ("11 أيلول 2015", "2015-09-11"),
            ("7 إبريل 2024", "2024-04-07"),
            ("7 ابريل 2024", "2024-04-07"),
            ("8 مايو 2024", "2024-05-08"),
            ("4 يوليه 2024", "2024-07-04"),
            ("15 أغسطس 2024", "2024-08-15"),
            ("1 فيفري 2024", "2024-02-01"),
            ("10 أفريل 2023", "2023-04-10"),
            ("5 جويلية 2022", "2022-07-05"),
            ("20 أوت 2021", "2021-08-20"),
            ("3 جانفي 2020", "2020-01-03"),
            ("13 ماي 2024", "2024-05-13"),
            ("30 يوليوز 2024", "2024-07-30"),
            ("14 غشت 2024", "2024-08-14"),
            ("2 شتنبر 2024", "2024-09-02"),
            ("18 نونبر 2024", "2024-11-18"),
            ("25 دجنبر 2024", "2024-12-25"),
            ("June 23, 2024", "2024-06-23"),
            ("Sunday 23rd June 2024, 9:15 pm", "2024-06-23T21:15:00"),
            ("Jun 3, 2024 12:00 a.m.", "2024-06-03T00:00:00"),
            ("le 2 août 2024", "2024-08-02"),
            ("آخر تحديث: 23.06.2024 | 08:45", "2024-06-23T08:45:00"),
            ("الأحد 23 يونيو 2024 الساعة 09:30 مساءً", "2024-06-23T21:30:00"),
            ("23 يونيو 2024 م", "2024-06-23"),
            ("10:30 ص - الأحد 23 يونيو 2024", "2024-06-23T10:30:00"),
            ("2024-06-23 14:05:00 +0300", "2024-06-23T14:05:00+03:00"),
            ("23 يونيو 2024 7:05 GMT+3", "2024-06-23T07:05:00+03:00"),
            ("2024-01-05T23:59:59.123-05:00", "2024-01-05T23:59:59-05:00"),
            ("06/23/2024", "2024-06-23"),
            ("المُوافق ٢٣ حزيران ٢٠٢٤م", "2024-06-23"),
            ("يونيو (حزيران) 23، 2024", "2024-06-23"),
        ];
        for (input, want) in cases {
            assert_eq!(iso(input).as_deref(), Some(*want), "input {input:?}");
        }
    }

    #[test]
    fn hijri_dates() {
        // Reference Gregorian dates from the Umm al-Qura calendar; the tabular
        // calendar may be one day off, which is accepted.
        let cases: &[(&str, &str)] = &[
            ("1 رمضان 1445 هـ", "2024-03-11"),
            ("1 شوال 1445هـ", "2024-04-10"),
            ("10 ذو الحجة 1445 هـ", "2024-06-16"),
            ("10 ذي الحجة 1445 هـ", "2024-06-16"),
            ("1 محرم 1446 هـ", "2024-07-07"),
            ("12 ربيع الأول 1446 هـ", "2024-09-15"),
            ("1 جمادى الآخرة 1446 هـ", "2024-12-03"),
            ("1 جمادى الثانية 1446", "2024-12-03"),
            ("1 رجب 1446 هـ", "2025-01-01"),
            ("١٥ شعبان ١٤٤٥ هـ", "2024-02-25"),
            ("1445/09/01 هـ", "2024-03-11"),
        ];
        for (input, want) in cases {
            let got = parse_date(input).unwrap_or_else(|| panic!("no date in {input:?}"));
            let want = NaiveDate::parse_from_str(want, "%Y-%m-%d").expect("test date");
            let diff = (got.date - want).num_days().abs();
            assert!(diff <= 1, "{input:?}: got {} want {want}", got.date);
        }
    }

    #[test]
    fn gregorian_preferred_over_hijri() {
        let s = "الأحد 17 ذو الحجة 1445 هـ الموافق 23 يونيو 2024 م";
        assert_eq!(iso(s).as_deref(), Some("2024-06-23"));
        let both = find_dates(s);
        assert_eq!(both.len(), 2);
        // With Umm al-Qura both halves of the pair name the same day (the tabular
        // calendar put the Hijri one a day off).
        assert_eq!(both[0].2.date, both[1].2.date);
    }

    #[test]
    fn rejects_impossible_and_out_of_range() {
        let cases = [
            "31 فبراير 2024",
            "30 February 2023",
            "29-02-2023",
            "32 يونيو 2024",
            "23 يونيو 1850",
            "2024-13-01",
            "1 January 2150",
            "",
            "لا تاريخ هنا",
            "يونيو 2024",
            "10:30 ص",
            "version 1.2.3.2024",
            "تاريخ 23 خ 2024",
        ];
        for input in cases {
            assert_eq!(parse_date(input), None, "input {input:?}");
        }
        assert_eq!(iso("29 شباط 2024").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn find_dates_gives_spans() {
        let s = "وقع الحادث في 3 مارس 2023، ثم تكرر في 2024/06/23 14:05 قرب المدينة.";
        let found = find_dates(s);
        let spans: Vec<&str> = found.iter().map(|(a, b, _)| &s[*a..*b]).collect();
        assert_eq!(spans, vec!["3 مارس 2023", "2024/06/23 14:05"]);
        let isos: Vec<String> = found.iter().map(|(_, _, p)| p.to_iso()).collect();
        assert_eq!(isos, vec!["2023-03-03", "2024-06-23T14:05:00"]);
    }

    #[test]
    fn to_iso_forms() {
        let date = NaiveDate::from_ymd_opt(2024, 6, 23).expect("valid");
        let time = NaiveTime::from_hms_opt(4, 5, 6);
        let p = |time, offset_minutes| ParsedDate { date, time, offset_minutes }.to_iso();
        assert_eq!(p(None, None), "2024-06-23");
        assert_eq!(p(None, Some(180)), "2024-06-23");
        assert_eq!(p(time, None), "2024-06-23T04:05:06");
        assert_eq!(p(time, Some(-330)), "2024-06-23T04:05:06-05:30");
        assert_eq!(p(time, Some(0)), "2024-06-23T04:05:06+00:00");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let long_number = "9".repeat(500);
        let inputs = [
            long_number.as_str(),
            "+:+:+ 99:99 ص",
            "٢٣/٢٣/٢٣",
            "ـــ 23 ـ يونيو ـ",
            "12:30 +99:99",
            "2024-06-23T",
            "2024-06-23T25:00",
        ];
        for input in inputs {
            let _ = parse_date(input);
            let _ = find_dates(input);
        }
        assert_eq!(iso("2024-06-23T25:00").as_deref(), Some("2024-06-23"));
    }
}
