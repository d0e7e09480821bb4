//! Every public function on many generated strings mixing scripts, marks, digits,
//! punctuation and invisible controls: nothing panics and token spans stay valid.

/// Pieces chosen to hit the edges: marks without a base, tatweel, joiners, digit
/// separators, URL starts, meridiem letters, Hijri markers.
const PIECES: &[&str] = &[
    "ال", "مفاوضات", "ـ", "\u{064E}", "\u{0670}", "\u{200C}", "\u{200F}", "\u{FEFF}", "٢", "۳", "7",
    "٫", "٬", ".", ",", "،", "؛", "؟", "«", "»", " ", "\n", "\t", "http://", "www.", "a", "É", "'",
    "/", "-", ":", "+", "ص", "م", "هـ", "يونيو", "حزيران", "ذو الحجة", "2024", "31", "T", "Z",
    "\u{FEFB}", "ﷺ", "😀", "\u{00A0}", "\u{2009}", "…", "\u{0301}", "ی", "ک", "ە", "ں", "ښ", "(", ")",
    // Date-mention triggers: relative words, weekdays, periods, numbers in words.
    "أمس", "وأمس", "أول", "من", "بعد", "غد", "الليلة", "الماضية", "الخميس", "المقبل", "منذ",
    "ثلاثة", "عشر", "أيام", "أسبوعين", "قبل", "الشهر", "الجاري", "مطلع", "أواخر", "العام",
    "عام", "الساعة", "العاشرة", "والنصف", "صباحا", "مساء", "بتوقيت", "مكة", "الموافق",
    "رمضان", "1445", "الحادي", "والعشرين", "فاتح", "يوليوز", "للعام", "هذا", "بكتاب",
];

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn generated_inputs_never_panic() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..6000 {
        let len = rng.next() % 14;
        let s: String = (0..len).map(|_| PIECES[rng.next() % PIECES.len()]).collect();

        assert_eq!(arabic::tokenize::tokens(&s), arabic::reference::tokens(&s), "{s:?}");
        let mut previous_end = 0;
        for t in arabic::tokenize::tokens(&s) {
            assert_eq!(s.get(t.start..t.end), Some(t.text), "{s:?}");
            assert!(t.start >= previous_end && t.end > t.start, "{s:?}");
            previous_end = t.end;
        }
        for (term, start, end) in arabic::index_terms(&s) {
            assert!(!term.is_empty() && s.get(start..end).is_some(), "{s:?}");
        }
        // The fast paths give what the straightforward ones give.
        assert_eq!(arabic::normalize::lossless(&s), arabic::reference::lossless(&s), "{s:?}");
        let opts = arabic::normalize::LossyOptions::default();
        assert_eq!(arabic::normalize::lossy(&s), arabic::reference::lossy_with(&s, &opts), "{s:?}");
        let _ = arabic::lang::detect(&s);
        for word in s.split_whitespace() {
            let _ = arabic::stem::light10(word);
            assert_eq!(arabic::stem::light(word), arabic::reference::light(word), "{word:?}");
            let key = arabic::normalize::lossy(word);
            assert_eq!(arabic::stem::light(&key), arabic::reference::light(&key), "{key:?}");
            let _ = arabic::stem::snowball(word);
        }
        // Normalizing twice changes nothing more than normalizing once.
        let once = arabic::normalize::lossless(&s);
        assert_eq!(arabic::normalize::lossless(&once), once, "{s:?}");
        let once = arabic::normalize::lossy(&s);
        assert_eq!(arabic::normalize::lossy(&once), once, "{s:?}");
        // Mentions: character spans inside the text, in order, text as sliced.
        let reference = chrono::NaiveDate::from_ymd_opt(2024, 6, 23).expect("valid date");
        let chars: Vec<char> = s.chars().collect();
        let mut previous_end = 0;
        for m in arabic::mentions::find_mentions(&s, reference) {
            assert!(m.start < m.end && m.end <= chars.len() && m.start >= previous_end, "{s:?} {m:?}");
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text, "{s:?}");
            assert!(matches!(m.value.len(), 4 | 7 | 10 | 16), "{s:?} {m:?}");
            previous_end = m.end;
        }
        if let Some(p) = arabic::dates::parse_date(&s) {
            assert!(p.to_iso().len() >= 10);
        }
        for (start, end, _) in arabic::dates::find_dates(&s) {
            assert!(s.get(start..end).is_some() && start < end, "{s:?}");
        }
    }
}
