//! Feed dates to ISO 8601. Feeds write dates in RFC 822 (often bent: missing
//! weekday, full month names, `GMT+3`, no seconds), RFC 3339, bare ISO, or in
//! Arabic. The original offset is kept because it decides the local day.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

const FULL: &str = "%Y-%m-%dT%H:%M:%S%:z";
const NAIVE: &str = "%Y-%m-%dT%H:%M:%S";

/// ISO 8601 text for a raw feed date, or None when nothing in it is a date.
/// `parsed_utc` is what feed-rs made of the same element, used when our own
/// parsers fail (it loses the offset, so it comes second).
pub(crate) fn to_iso(raw: Option<&str>, parsed_utc: Option<DateTime<Utc>>) -> Option<String> {
    raw.and_then(parse_date_text)
        .or_else(|| parsed_utc.map(|d| d.fixed_offset().format(FULL).to_string()))
        .filter(|iso| plausible_year(iso))
}

/// Generators write placeholders such as "Mon, 01 Jan 0001" for "no date"; a
/// date before any web feed existed is one of those, not a real date.
fn plausible_year(iso: &str) -> bool {
    iso.get(..4).and_then(|y| y.parse::<i32>().ok()).is_some_and(|y| (1970..=2200).contains(&y))
}

pub(crate) fn parse_date_text(raw: &str) -> Option<String> {
    let ascii = ascii_digits(raw.trim());
    let s = ascii.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.format(FULL).to_string());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.format(FULL).to_string());
    }
    parse_iso_variants(s)
        .or_else(|| parse_rfc822_variants(s))
        .or_else(|| arabic::dates::parse_date(raw).map(|d| d.to_iso()))
        .or_else(|| parse_arabic(s))
}

/// Eastern Arabic and Persian digits to ASCII, so every parser below sees 0-9.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            _ => c,
        })
        .collect()
}

fn parse_iso_variants(s: &str) -> Option<String> {
    for fmt in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%:z"] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.format(FULL).to_string());
        }
    }
    let without_z = s.strip_suffix('Z').or_else(|| s.strip_suffix(" UTC")).or_else(|| s.strip_suffix(" GMT"));
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"] {
        if let Some(base) = without_z {
            if let Ok(n) = NaiveDateTime::parse_from_str(base, fmt) {
                return Some(Utc.from_utc_datetime(&n).fixed_offset().format(FULL).to_string());
            }
        }
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(n.format(NAIVE).to_string());
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

fn english_month(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let idx = names.iter().position(|n| w.starts_with(n))?;
    Some(idx as u32 + 1)
}

fn zone_offset(token: &str) -> Option<i32> {
    let t = token.trim_matches(|c| c == '(' || c == ')');
    let upper = t.to_ascii_uppercase();
    let named = match upper.as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EST" => Some(-5 * 3600),
        "EDT" => Some(-4 * 3600),
        "CST" => Some(-6 * 3600),
        "CDT" => Some(-5 * 3600),
        "MST" => Some(-7 * 3600),
        "MDT" => Some(-6 * 3600),
        "PST" => Some(-8 * 3600),
        "PDT" => Some(-7 * 3600),
        "BST" => Some(3600),
        "CET" => Some(3600),
        "CEST" | "EET" => Some(2 * 3600),
        "EEST" => Some(3 * 3600),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let numeric = upper.strip_prefix("GMT").or_else(|| upper.strip_prefix("UTC")).unwrap_or(&upper);
    let (sign, digits) = match numeric.chars().next()? {
        '+' => (1, &numeric[1..]),
        '-' => (-1, &numeric[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (digits[..1].parse::<i32>().ok()?, digits[1..].parse::<i32>().ok()?),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

fn parse_time(token: &str) -> Option<NaiveTime> {
    let parts: Vec<&str> = token.split(':').collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.split('.').next().and_then(|x| x.parse().ok())).collect();
    match nums?.as_slice() {
        [h, m] => NaiveTime::from_hms_opt(*h, *m, 0),
        [h, m, s] => NaiveTime::from_hms_opt(*h, *m, *s),
        _ => None,
    }
}

/// Date parts found in a loose token list: day, month, year, time, offset.
#[derive(Default)]
struct Parts {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
    time: Option<NaiveTime>,
    offset: Option<i32>,
    pm: Option<bool>,
}

impl Parts {
    fn take_number(&mut self, n: u32, len: usize) {
        if len == 4 && self.year.is_none() {
            self.year = Some(n as i32);
        } else if self.day.is_none() && (1..=31).contains(&n) {
            self.day = Some(n);
        } else if self.year.is_none() && len == 2 {
            self.year = Some(if n < 70 { 2000 + n as i32 } else { 1900 + n as i32 });
        }
    }

    fn render(&self) -> Option<String> {
        let date = NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)?;
        let Some(mut time) = self.time else {
            return Some(date.format("%Y-%m-%d").to_string());
        };
        if let Some(pm) = self.pm {
            use chrono::Timelike;
            let h = time.hour() % 12 + if pm { 12 } else { 0 };
            time = time.with_hour(h)?;
        }
        let naive = date.and_time(time);
        match self.offset {
            Some(secs) => {
                let tz = FixedOffset::east_opt(secs)?;
                let dt = tz.from_local_datetime(&naive).single()?;
                Some(dt.format(FULL).to_string())
            }
            None => Some(naive.format(NAIVE).to_string()),
        }
    }
}

fn parse_rfc822_variants(s: &str) -> Option<String> {
    let mut parts = Parts::default();
    let cleaned = s.replace([',', '\u{60c}'], " ");
    for token in cleaned.split_whitespace() {
        if token.contains(':') && parts.time.is_none() && token.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            // "10:00:00+03:00" carries its offset glued on.
            let split = token.find(['+', '-']).unwrap_or(token.len());
            parts.time = parse_time(&token[..split]);
            if split < token.len() {
                parts.offset = zone_offset(&token[split..]);
            }
        } else if let Some(m) = english_month(token).filter(|_| parts.month.is_none()) {
            parts.month = Some(m);
        } else if token.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = token.parse::<u32>() {
                parts.take_number(n, token.len());
            }
        } else if let Some(off) = zone_offset(token).filter(|_| parts.time.is_some()) {
            parts.offset = Some(off);
        } else if token.eq_ignore_ascii_case("pm") {
            parts.pm = Some(true);
        } else if token.eq_ignore_ascii_case("am") {
            parts.pm = Some(false);
        }
    }
    parts.render()
}

fn arabic_month(word: &str) -> Option<u32> {
    let w = word.trim_start_matches('\u{648}'); // a conjunction "و" glued to the word
    const MONTHS: &[(&str, u32)] = &[
        ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("إبريل", 4),
        ("مايو", 5), ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8),
        ("اغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
        ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("اذار", 3), ("نيسان", 4), ("أيار", 5),
        ("ايار", 5), ("حزيران", 6), ("تموز", 7), ("آب", 8), ("اب", 8), ("أيلول", 9), ("ايلول", 9),
        ("تشرين الأول", 10), ("تشرين الاول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12),
        ("كانون الاول", 12), ("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("افريل", 4), ("ماي", 5),
        ("جوان", 6), ("جويلية", 7), ("أوت", 8), ("اوت", 8),
    ];
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, m)| *m)
}

/// Arabic dates such as "الثلاثاء ٥ مارس ٢٠٢٤ - ١٠:٣٠ م" or "5 كانون الثاني 2024".
fn parse_arabic(s: &str) -> Option<String> {
    let mut parts = Parts::default();
    // Two-word Levantine month names are joined so that tokens line up with the table.
    let joined = s
        .replace("كانون الثاني", "كانون_الثاني")
        .replace("كانون الأول", "كانون_الأول")
        .replace("كانون الاول", "كانون_الاول")
        .replace("تشرين الأول", "تشرين_الأول")
        .replace("تشرين الاول", "تشرين_الاول")
        .replace("تشرين الثاني", "تشرين_الثاني");
    let cleaned = joined.replace([',', '\u{60c}', '-', '/', '|'], " ");
    for token in cleaned.split_whitespace() {
        let token = token.replace('_', " ");
        if token.contains(':') && token.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            parts.time = parse_time(&token);
        } else if let Some(m) = arabic_month(&token).or_else(|| english_month(&token)) {
            parts.month.get_or_insert(m);
        } else if token.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = token.parse::<u32>() {
                parts.take_number(n, token.len());
            }
        } else if token == "م" || token == "مساء" || token == "مساءً" {
            parts.pm = Some(true);
        } else if token == "ص" || token == "صباحا" || token == "صباحاً" {
            parts.pm = Some(false);
        }
    }
    parts.render()
}

#[cfg(test)]
mod tests {
    use super::parse_date_text as p;

    #[test]
    fn rfc822_variants_keep_their_offset() {
        assert_eq!(p("Tue, 05 Mar 2024 10:15:00 +0300").as_deref(), Some("2024-03-05T10:15:00+03:00"));
        assert_eq!(p("5 March 2024 10:15 GMT+3").as_deref(), Some("2024-03-05T10:15:00+03:00"));
        assert_eq!(p("Tuesday, 05 Mar 2024 07:15:00 GMT").as_deref(), Some("2024-03-05T07:15:00+00:00"));
        assert_eq!(p("Tue, 5 Mar 2024 7:15:00 EST").as_deref(), Some("2024-03-05T07:15:00-05:00"));
    }

    #[test]
    fn iso_without_offset_stays_local() {
        assert_eq!(p("2024-03-05 10:15:00").as_deref(), Some("2024-03-05T10:15:00"));
        assert_eq!(p("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(p("2024-03-05T07:15:00Z").as_deref(), Some("2024-03-05T07:15:00+00:00"));
    }

    #[test]
    fn arabic_dates() {
        assert_eq!(p("الثلاثاء ٥ مارس ٢٠٢٤ - ١٠:٣٠ م").as_deref(), Some("2024-03-05T22:30:00"));
        assert_eq!(p("12 كانون الثاني 2023").as_deref(), Some("2023-01-12"));
        assert_eq!(p("ليس تاريخا"), None);
    }
}
