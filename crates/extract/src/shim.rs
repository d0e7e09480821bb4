//! The two services borrowed from the `arabic` crate (date parsing in running text
//! and language detection), behind one seam. Until that crate provides them this
//! module carries minimal private versions: Arabic, Levantine and Maghrebi month
//! names, both digit sets, and script-based language guessing.

/// Finds a date in a short piece of visible text and returns it as ISO 8601.
pub fn parse_date_iso(s: &str) -> Option<String> {
    fallback::parse_date(s)
}

/// ISO 639-1 code of the text's language, if it can tell.
pub fn detect_language(s: &str) -> Option<&'static str> {
    arabic::lang::detect(s)
}

mod fallback {
    /// Month names and the month they mean, sorted by name. Egyptian/Gulf names
    /// (from the Latin months), Levantine/Iraqi (Syriac) names, Maghrebi names.
    const MONTHS: &[(&str, u32)] = &[
        ("آب", 8),
        ("آذار", 3),
        ("أبريل", 4),
        ("أغسطس", 8),
        ("أكتوبر", 10),
        ("أيار", 5),
        ("أيلول", 9),
        ("ابريل", 4),
        ("اغسطس", 8),
        ("اكتوبر", 10),
        ("ايار", 5),
        ("ايلول", 9),
        ("تشرين الأول", 10),
        ("تشرين الاول", 10),
        ("تشرين الثاني", 11),
        ("تموز", 7),
        ("حزيران", 6),
        ("دجنبر", 12),
        ("ديسمبر", 12),
        ("شباط", 2),
        ("غشت", 8),
        ("فبراير", 2),
        ("كانون الأول", 12),
        ("كانون الاول", 12),
        ("كانون الثاني", 1),
        ("مارس", 3),
        ("مايو", 5),
        ("نوفمبر", 11),
        ("نيسان", 4),
        ("يناير", 1),
        ("يوليو", 7),
        ("يوليوز", 7),
        ("يونيو", 6),
        ("يونيوز", 6),
    ];

    fn ascii_digits(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
                '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
                _ => c,
            })
            .collect()
    }

    fn valid(year: i32, month: u32, day: u32) -> Option<String> {
        if !(1990..=2100).contains(&year) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(|d| d.format("%Y-%m-%d").to_string())
    }

    pub fn parse_date(s: &str) -> Option<String> {
        let s = ascii_digits(s);
        let numbers: Vec<(usize, usize, u32)> = {
            let mut found = Vec::new();
            let mut start = None;
            for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
                match (c.is_ascii_digit(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(b)) => {
                        if let Ok(n) = s[b..i].parse::<u32>() {
                            found.push((b, i, n));
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
            found
        };
        // "23 حزيران 2024" / "23 يونيو، 2024"
        for window in numbers.windows(2) {
            let (_, day_end, day) = window[0];
            let (year_start, _, year) = window[1];
            let between: String = s[day_end..year_start].chars().filter(|c| c.is_alphabetic() || *c == ' ').collect();
            let between = between.trim();
            if let Some(&(_, month)) = MONTHS.iter().find(|(name, _)| between == *name || between.ends_with(name)) {
                if let Some(iso) = valid(year as i32, month, day) {
                    return Some(iso);
                }
            }
        }
        // 2024-06-23, 2024/6/23, 23/06/2024, 23-6-2024
        for window in numbers.windows(3) {
            let (a, b, c) = (window[0].2, window[1].2, window[2].2);
            let separated = |x: usize, y: usize| s[x..y].trim().len() == 1 && s[x..y].trim().chars().all(|ch| matches!(ch, '-' | '/' | '.'));
            if !separated(window[0].1, window[1].0) || !separated(window[1].1, window[2].0) {
                continue;
            }
            let iso = if a > 999 { valid(a as i32, b, c) } else { valid(c as i32, b, a) };
            if iso.is_some() {
                return iso;
            }
        }
        None
    }

    #[cfg(test)]
    pub fn detect(s: &str) -> Option<&'static str> {
        let (mut arabic_script, mut latin, mut persian, mut urdu) = (0usize, 0usize, 0usize, 0usize);
        for c in s.chars().take(20_000) {
            match c {
                'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ھ' => {
                    urdu += 1;
                    arabic_script += 1;
                }
                'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => {
                    persian += 1;
                    arabic_script += 1;
                }
                '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}' => arabic_script += 1,
                'a'..='z' | 'A'..='Z' => latin += 1,
                _ => {}
            }
        }
        if arabic_script == 0 && latin == 0 {
            return None;
        }
        if arabic_script >= latin {
            if urdu * 50 > arabic_script {
                Some("ur")
            } else if persian * 30 > arabic_script {
                Some("fa")
            } else {
                Some("ar")
            }
        } else {
            None
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn month_tables_are_sorted() {
            assert!(MONTHS.windows(2).all(|w| w[0].0 < w[1].0));
        }

        #[test]
        fn parses_levantine_and_digits() {
            assert_eq!(parse_date("دمشق، ٢٣ حزيران ٢٠٢٤").as_deref(), Some("2024-06-23"));
            assert_eq!(parse_date("نشر في 5 كانون الثاني 2023").as_deref(), Some("2023-01-05"));
            assert_eq!(parse_date("23/06/2024 - 10:00").as_deref(), Some("2024-06-23"));
            assert_eq!(parse_date("لا تاريخ هنا"), None);
        }

        #[test]
        fn detects_script_languages() {
            assert_eq!(detect("قالت الوزارة إن الطريق سيفتح غدا"), Some("ar"));
            assert_eq!(detect("این یک متن فارسی است که می‌خوانیم"), Some("fa"));
        }
    }
}
