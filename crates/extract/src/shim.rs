//! The two services borrowed from the `arabic` crate (dates in visible text and
//! language detection), behind one seam so the extraction rules around them (which
//! years are plausible for a news page) live in one place.

use chrono::Datelike;

/// Years a news page can plausibly be dated in; anything else is a misparse
/// (a phone number, a price, a Hijri year read as Gregorian).
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Finds a date in a short piece of visible text and returns it as ISO 8601.
pub fn parse_date_iso(s: &str) -> Option<String> {
    let parsed = arabic::dates::parse_date(s)?;
    PLAUSIBLE_YEARS.contains(&parsed.date.year()).then(|| parsed.to_iso())
}

/// ISO 639-1 code of the text's language, if it can tell.
pub fn detect_language(s: &str) -> Option<&'static str> {
    arabic::lang::detect(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_dates_become_iso() {
        assert_eq!(parse_date_iso("الأحد ٢٣ حزيران ٢٠٢٤").as_deref(), Some("2024-06-23"));
        assert_eq!(parse_date_iso("لا تاريخ في هذا السطر"), None);
    }
}
