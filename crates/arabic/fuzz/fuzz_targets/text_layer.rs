//! Fuzz target: any bytes, read as UTF-8 with replacement characters, go
//! through every public function of the text layer. Nothing may panic; token
//! and mention spans must point into the text; normalizing twice must change
//! nothing more; and each fast path must agree with the straightforward
//! version kept in `arabic::reference`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s = text.as_ref();

    let lossless = arabic::normalize::lossless(s);
    assert_eq!(lossless, arabic::reference::lossless(s), "lossless {s:?}");
    assert_eq!(arabic::normalize::lossless(&lossless), lossless, "lossless twice {s:?}");
    for opts in [
        arabic::normalize::LossyOptions::default(),
        arabic::normalize::LossyOptions { teh_marbuta_to_heh: true },
    ] {
        let lossy = arabic::normalize::lossy_with(s, &opts);
        assert_eq!(lossy, arabic::reference::lossy_with(s, &opts), "lossy {s:?}");
        assert_eq!(arabic::normalize::lossy_with(&lossy, &opts), lossy, "lossy twice {s:?}");
    }

    let tokens = arabic::tokenize::tokens(s);
    assert_eq!(tokens, arabic::reference::tokens(s), "tokens {s:?}");
    let mut previous_end = 0;
    for t in &tokens {
        assert!(t.start >= previous_end && t.start < t.end, "token order {s:?}");
        assert_eq!(s.get(t.start..t.end), Some(t.text), "token span {s:?}");
        previous_end = t.end;
        let key = arabic::normalize::lossy(t.text);
        for word in [t.text, key.as_str()] {
            let stem = arabic::stem::light(word);
            assert_eq!(stem, arabic::reference::light(word), "light {word:?}");
            assert_eq!(arabic::stem::light_cow(word), stem.as_str(), "light_cow {word:?}");
            let _ = arabic::stem::light10(word);
            let _ = arabic::stem::snowball(word);
        }
    }
    let terms = arabic::index_terms(s);
    let mut borrowed = Vec::new();
    arabic::for_each_index_term(s, |t, a, b| borrowed.push((t.to_owned(), a, b)));
    assert_eq!(terms, borrowed, "for_each_index_term {s:?}");
    let iterated: Vec<(String, usize, usize)> = arabic::index_terms_iter(s).map(|(t, a, b)| (t.into_owned(), a, b)).collect();
    assert_eq!(terms, iterated, "index_terms_iter {s:?}");
    for (term, start, end) in &terms {
        assert!(!term.is_empty() && s.get(*start..*end).is_some(), "term {s:?}");
    }

    let _ = arabic::lang::detect(s);
    let _ = arabic::dates::parse_date(s);
    for (start, end, _) in arabic::dates::find_dates(s) {
        assert!(start < end && s.get(start..end).is_some(), "find_dates {s:?}");
    }
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 6, 23).unwrap_or_default();
    let chars: Vec<char> = s.chars().collect();
    let mut previous_end = 0;
    for m in arabic::mentions::find_mentions(s, reference) {
        assert!(m.start >= previous_end && m.start < m.end && m.end <= chars.len(), "mention span {s:?} {m:?}");
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text, "mention text {s:?}");
        previous_end = m.end;
    }
});
