//! Search parameters as they arrive in a query string, and their checking, shared
//! by the JSON API and the search page so both accept and refuse the same things.

use model::SearchQuery;
use serde::Deserialize;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
pub const MAX_QUERY_CHARS: usize = 1000;
/// Deep pages make the index collect offset + limit hits; nobody reads that far.
pub const MAX_OFFSET: usize = 10_000;
pub const MAX_FILTER_CHARS: usize = 200;

/// Every field is text so that a malformed number is reported by us, in our words
/// and as JSON, instead of by the extractor.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub sort: Option<String>,
}

/// Which parameter was refused, so each front end can word it for its reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    QueryTooLong,
    Limit,
    Offset,
    Date(&'static str),
    DateOrder,
    Sort,
    FilterTooLong(&'static str),
}

impl Invalid {
    pub fn english(&self) -> String {
        match self {
            Invalid::QueryTooLong => format!("q must be at most {MAX_QUERY_CHARS} characters"),
            Invalid::Limit => format!("limit must be a whole number from 1 to {MAX_LIMIT}"),
            Invalid::Offset => format!("offset must be a whole number from 0 to {MAX_OFFSET}"),
            Invalid::Date(name) => format!("{name} must be a date written YYYY-MM-DD"),
            Invalid::DateOrder => "from must not be after to".to_string(),
            Invalid::Sort => "sort must be relevance or date".to_string(),
            Invalid::FilterTooLong(name) => {
                format!("{name} must be at most {MAX_FILTER_CHARS} characters")
            }
        }
    }

    pub fn arabic(&self) -> String {
        match self {
            Invalid::QueryTooLong => {
                format!("نص البحث طويل جدًا: الحد الأقصى {MAX_QUERY_CHARS} حرف.")
            }
            Invalid::Limit => format!("عدد النتائج يجب أن يكون بين 1 و{MAX_LIMIT}."),
            Invalid::Offset => format!("رقم الصفحة خارج النطاق (الحد {MAX_OFFSET})."),
            Invalid::Date("from") => "تاريخ البداية غير صالح، اكتبه بالشكل YYYY-MM-DD.".to_string(),
            Invalid::Date(_) => "تاريخ النهاية غير صالح، اكتبه بالشكل YYYY-MM-DD.".to_string(),
            Invalid::DateOrder => "تاريخ البداية بعد تاريخ النهاية.".to_string(),
            Invalid::Sort => "طريقة الترتيب غير معروفة.".to_string(),
            Invalid::FilterTooLong(_) => "قيمة التصفية طويلة جدًا.".to_string(),
        }
    }
}

impl SearchParams {
    /// The query text, trimmed; empty when absent.
    pub fn text(&self) -> &str {
        self.q.as_deref().map(str::trim).unwrap_or("")
    }

    /// Checks every parameter and builds the index query. Empty form fields count
    /// as absent, because an HTML form sends `from=` when the box is left blank.
    pub fn to_query(&self) -> Result<SearchQuery, Invalid> {
        let text = self.text();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(Invalid::QueryTooLong);
        }
        let limit = match present(&self.limit) {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => return Err(Invalid::Limit),
            },
        };
        let offset = match present(&self.offset) {
            None => 0,
            Some(raw) => match raw.parse::<usize>() {
                Ok(n) if n <= MAX_OFFSET => n,
                _ => return Err(Invalid::Offset),
            },
        };
        let from = checked_date(&self.from, "from")?;
        let to = checked_date(&self.to, "to")?;
        if let (Some(from), Some(to)) = (&from, &to) {
            // Same fixed-width format, so text order is date order.
            if from > to {
                return Err(Invalid::DateOrder);
            }
        }
        let sort_by_date = match present(&self.sort) {
            None | Some("relevance") => false,
            Some("date") => true,
            Some(_) => return Err(Invalid::Sort),
        };
        Ok(SearchQuery {
            text: text.to_string(),
            from,
            to,
            outlet: checked_filter(&self.outlet, "outlet")?,
            lang: checked_filter(&self.lang, "lang")?,
            limit,
            offset,
            sort_by_date,
        })
    }
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn checked_filter(value: &Option<String>, name: &'static str) -> Result<Option<String>, Invalid> {
    match present(value) {
        None => Ok(None),
        Some(v) if v.chars().count() > MAX_FILTER_CHARS => Err(Invalid::FilterTooLong(name)),
        Some(v) => Ok(Some(v.to_string())),
    }
}

fn checked_date(value: &Option<String>, name: &'static str) -> Result<Option<String>, Invalid> {
    match present(value) {
        None => Ok(None),
        Some(v) if is_calendar_date(v) => Ok(Some(v.to_string())),
        Some(_) => Err(Invalid::Date(name)),
    }
}

/// `YYYY-MM-DD` with a month and a day that exist (leap years included).
pub fn is_calendar_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let mut p = SearchParams::default();
        for (key, value) in pairs {
            let value = Some(value.to_string());
            match *key {
                "q" => p.q = value,
                "from" => p.from = value,
                "to" => p.to = value,
                "limit" => p.limit = value,
                "offset" => p.offset = value,
                "sort" => p.sort = value,
                "outlet" => p.outlet = value,
                _ => {}
            }
        }
        p
    }

    #[test]
    fn defaults_apply_when_fields_are_blank() {
        let query = params(&[("q", "  غزة "), ("from", ""), ("limit", ""), ("outlet", " ")])
            .to_query()
            .expect("blank fields are absent");
        assert_eq!(query.text, "غزة");
        assert_eq!(query.from, None);
        assert_eq!(query.outlet, None);
        assert_eq!(query.limit, DEFAULT_LIMIT);
        assert!(!query.sort_by_date);
    }

    #[test]
    fn limits_outside_range_are_refused() {
        for bad in ["0", "101", "-1", "ten", "99999999999999999999999"] {
            assert_eq!(params(&[("limit", bad)]).to_query(), Err(Invalid::Limit), "{bad}");
        }
        assert_eq!(params(&[("limit", "100")]).to_query().map(|q| q.limit), Ok(100));
    }

    #[test]
    fn dates_must_exist_and_be_ordered() {
        assert_eq!(params(&[("from", "2024-02-30")]).to_query(), Err(Invalid::Date("from")));
        assert_eq!(params(&[("to", "2023-2-01")]).to_query(), Err(Invalid::Date("to")));
        assert_eq!(params(&[("to", "٢٠٢٤-٠١-٠١")]).to_query(), Err(Invalid::Date("to")));
        assert!(params(&[("from", "2024-02-29")]).to_query().is_ok());
        assert!(params(&[("from", "2023-02-29")]).to_query().is_err());
        assert_eq!(
            params(&[("from", "2024-05-02"), ("to", "2024-05-01")]).to_query(),
            Err(Invalid::DateOrder)
        );
    }

    #[test]
    fn long_queries_are_refused_by_characters_not_bytes() {
        // Arabic letters are two bytes each; 1000 of them must still pass.
        let ok = "ب".repeat(MAX_QUERY_CHARS);
        assert!(params(&[("q", &ok)]).to_query().is_ok());
        let long = "ب".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(params(&[("q", &long)]).to_query(), Err(Invalid::QueryTooLong));
    }

    #[test]
    fn sort_accepts_only_known_orders() {
        assert_eq!(params(&[("sort", "date")]).to_query().map(|q| q.sort_by_date), Ok(true));
        assert_eq!(params(&[("sort", "random")]).to_query(), Err(Invalid::Sort));
    }
}
