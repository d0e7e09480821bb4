//! Properties of the text layer on arbitrary strings (proptest): strings are
//! built from pieces of every kind news text mixes (Arabic letters, harakat,
//! tatweel, Arabic-Indic and Persian digits, Latin, punctuation, whitespace,
//! zero-width and bidi controls, presentation forms, date words) and from any
//! Unicode character at all. Nothing may panic; spans must point into the text;
//! normalization must be idempotent; stems never grow or vanish; mentions come
//! in order without overlap; and every fast path must give what the
//! straightforward version in `arabic::reference` gives.

use proptest::prelude::*;

/// Whole words that steer the date grammar and the stemmer into their rules.
const WORDS: &[&str] = &[
    "أمس", "أول من أمس", "بعد غد", "الخميس الماضي", "منذ ثلاثة أيام", "قبل أسبوعين",
    "مطلع الشهر", "أواخر العام الماضي", "23 يونيو 2024", "١٧ ذو الحجة ١٤٤٥ هـ", "الموافق",
    "كانون الثاني", "جانفي", "يوليوز", "الساعة 10:30 صباحا", "بتوقيت مكة", "فاتح",
    "وبالمفاوضات", "حكومتها", "امتحانات", "الكهربائية", "وكالة", "https://example.com/a",
    "l'état", "3.5", "١٬٠٠٠", "٢٣/٦/٢٠٢٤", "2024-06-23",
];

/// One piece of text: a character of one kind, or a whole word.
fn piece() -> impl Strategy<Value = String> {
    let ch = |lo: char, hi: char| proptest::char::range(lo, hi).prop_map(String::from);
    prop_oneof![
        4 => ch('\u{0621}', '\u{064A}'),                      // Arabic letters
        2 => ch('\u{064B}', '\u{065F}'),                      // harakat and other marks
        1 => Just("\u{0640}".to_owned()),                     // tatweel
        1 => ch('\u{0660}', '\u{0669}'),                      // Arabic-Indic digits
        1 => ch('\u{06F0}', '\u{06F9}'),                      // Persian digits
        1 => ch('\u{0671}', '\u{06FF}'),                      // Persian, Urdu, Sorani letters and more
        2 => ch('a', 'z'),
        1 => ch('A', 'Z'),
        1 => ch('0', '9'),
        2 => proptest::sample::select(vec![" ", " ", "\n", "\t", "\u{00A0}", "\u{2009}"]).prop_map(String::from),
        2 => proptest::sample::select(vec!["،", "؛", "؟", "«", "»", ".", ",", ":", "!", "(", ")", "-", "/", "'", "٫", "٬", "…"])
            .prop_map(String::from),
        1 => proptest::sample::select(vec![
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}",
            "\u{202D}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{FEFF}", "\u{061C}",
        ])
        .prop_map(String::from),
        1 => ch('\u{FB50}', '\u{FDFF}'),                      // presentation forms A
        1 => ch('\u{FE70}', '\u{FEFC}'),                      // presentation forms B
        1 => ch('\u{0300}', '\u{036F}'),                      // Latin combining marks
        2 => any::<char>().prop_map(String::from),
        3 => proptest::sample::select(WORDS).prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..24).prop_map(|pieces| pieces.concat())
}

fn reference_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 23).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn token_spans_slice_the_original(s in text()) {
        let tokens = arabic::tokenize::tokens(&s);
        let mut previous_end = 0;
        for t in &tokens {
            prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            prop_assert!(t.start >= previous_end && t.start < t.end && t.end <= s.len());
            prop_assert_eq!(&s[t.start..t.end], t.text);
            previous_end = t.end;
        }
        prop_assert_eq!(tokens, arabic::reference::tokens(&s));
        let terms = arabic::index_terms(&s);
        for (term, start, end) in &terms {
            prop_assert!(!term.is_empty());
            prop_assert!(s.is_char_boundary(*start) && s.is_char_boundary(*end) && start < end && *end <= s.len());
        }
        let mut borrowed = Vec::new();
        arabic::for_each_index_term(&s, |t, a, b| borrowed.push((t.to_owned(), a, b)));
        prop_assert_eq!(&borrowed, &terms);
        let iterated: Vec<(String, usize, usize)> =
            arabic::index_terms_iter(&s).map(|(t, a, b)| (t.into_owned(), a, b)).collect();
        prop_assert_eq!(&iterated, &terms);
    }

    #[test]
    fn normalization_is_idempotent_and_matches_reference(s in text()) {
        let lossless = arabic::normalize::lossless(&s);
        prop_assert_eq!(&lossless, &arabic::reference::lossless(&s));
        prop_assert_eq!(&arabic::normalize::lossless(&lossless), &lossless);
        for opts in [
            arabic::normalize::LossyOptions::default(),
            arabic::normalize::LossyOptions { teh_marbuta_to_heh: true },
        ] {
            let lossy = arabic::normalize::lossy_with(&s, &opts);
            prop_assert_eq!(&lossy, &arabic::reference::lossy_with(&s, &opts));
            prop_assert_eq!(&arabic::normalize::lossy_with(&lossy, &opts), &lossy);
            // By design: the lossy key starts from the lossless text, and
            // lossless is idempotent, so a stored text keys like the page.
            prop_assert_eq!(&arabic::normalize::lossy_with(&lossless, &opts), &lossy);
        }
    }

    #[test]
    fn stems_never_vanish_or_grow(s in text()) {
        for t in arabic::tokenize::tokens(&s) {
            let key = arabic::normalize::lossy(t.text);
            for word in [t.text, key.as_str()] {
                let light = arabic::stem::light(word);
                prop_assert_eq!(&light, &arabic::reference::light(word));
                let borrowed = arabic::stem::light_cow(word);
                prop_assert_eq!(borrowed.as_ref(), light.as_str());
                let light10 = arabic::stem::light10(word);
                for stem in [&light, &light10] {
                    prop_assert!(word.is_empty() || !stem.is_empty(), "{:?} -> {:?}", word, stem);
                    prop_assert!(stem.len() <= word.len(), "{:?} -> {:?}", word, stem);
                }
                let _ = arabic::stem::snowball(word);
            }
        }
    }

    #[test]
    fn mentions_are_ordered_spans_inside_the_text(s in text()) {
        let chars: Vec<char> = s.chars().collect();
        let mut previous_end = 0;
        for m in arabic::mentions::find_mentions(&s, reference_date()) {
            prop_assert!(m.start >= previous_end, "{:?}", m);
            prop_assert!(m.start < m.end && m.end <= chars.len(), "{:?}", m);
            let sliced: String = chars[m.start..m.end].iter().collect();
            prop_assert_eq!(&sliced, &m.text);
            prop_assert!(matches!(m.value.len(), 4 | 7 | 10 | 16), "{:?}", m);
            previous_end = m.end;
        }
        if let Some(d) = arabic::dates::parse_date(&s) {
            prop_assert!(d.to_iso().len() >= 10);
        }
        for (start, end, _) in arabic::dates::find_dates(&s) {
            prop_assert!(start < end && s.get(start..end).is_some());
        }
        let _ = arabic::lang::detect(&s);
    }
}
