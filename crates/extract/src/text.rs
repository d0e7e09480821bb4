//! Small text helpers shared by the stages: whitespace folding, invisible
//! character removal, comparison keys and prefix matching for Arabic labels.

/// Characters that carry no text: zero-width space, direction marks and
/// embeddings, word joiner, BOM, soft hyphen. ZWNJ (U+200C) is kept on purpose:
/// Persian and Urdu spell words with it.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Folds every whitespace run (including no-break spaces) into one space, drops
/// invisible characters and trims.
pub fn fold(s: &str) -> String {
    fold_counting(s).0
}

/// [`fold`], and the [`weight`] of the result, in one pass.
pub fn fold_counting(s: &str) -> (String, usize) {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut count = 0;
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        // Text that is already folded (ordinary characters and single
        // spaces) is copied whole: most text is such stretches, read eight
        // bytes at a time by [`clean_run`].
        let (end, ordinary) = clean_run(bytes, i);
        if end > i {
            let mut stretch = &s[i..end];
            if let Some(rest) = stretch.strip_prefix(' ') {
                pending_space = !out.is_empty();
                stretch = rest;
            }
            let (core, trailing_space) = match stretch.strip_suffix(' ') {
                Some(core) => (core, true),
                None => (stretch, false),
            };
            if !core.is_empty() {
                if pending_space {
                    out.push(' ');
                }
                out.push_str(core);
            }
            pending_space = trailing_space || pending_space && core.is_empty();
            count += ordinary;
            i = end;
            if i == bytes.len() {
                break;
            }
        }
        // A byte [`FOLD_BYTES`] calls special (or a second space): only
        // ASCII and the characters behind the lead bytes of
        // [`may_be_blank`] can be whitespace, control or invisible.
        let b = bytes[i];
        if b < 0x80 {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                pending_space = !out.is_empty();
                // The rest of an ASCII whitespace run (indentation) at once.
                i += 1;
                while bytes.get(i).is_some_and(|&b| matches!(b, b'\t'..=b'\r' | b' ')) {
                    i += 1;
                }
            } else {
                // A control character: dropped.
                i += 1;
            }
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !(is_invisible(c) || c.is_control()) {
            count += 1;
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
        i += c.len_utf8();
    }
    (out, count)
}

/// The stretch of `bytes` from `start` that is already folded text: the end
/// of the longest run, ending on a character boundary, with no byte
/// [`FOLD_BYTES`] calls special but single spaces, and the number of
/// characters in it that are not spaces. Eight bytes at a time, then byte
/// by byte for the last few.
fn clean_run(bytes: &[u8], start: usize) -> (usize, usize) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero = |y: u64| !(((y & LOW7) + LOW7) | y | LOW7);
    let marked = |m: u64| (((m >> 7).wrapping_mul(ONES)) >> 56) as usize;
    let mut count = 0;
    // The high bit of byte 0 set when the byte before the word is a space.
    let mut space_before = 0;
    let mut i = start;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(lanes);
        // The special bytes of [`FOLD_BYTES`] but the space: ASCII below it
        // and DEL (the ASCII bytes that are below 0x21 once one is added to
        // their low seven bits, which makes DEL 0), and the lead bytes of
        // [`may_be_blank`], 0xE0 with them (it opens no blank character, so
        // stopping there only sends its character to the slower path, and
        // 0xE0-0xE3 are one test).
        let wrapped = ((x & LOW7) + ONES) & LOW7;
        let controls = !((wrapped + (0x80 - 0x21) * ONES) | x) & HIGH;
        let leads = zero(x ^ (ONES * 0xC2)) | zero(x ^ (ONES * 0xEF)) | zero((x & (ONES * 0xFC)) ^ (ONES * 0xE0));
        let spaces = zero(x ^ (ONES * 0x20));
        let stop = controls | leads | (spaces & ((spaces << 8) | space_before));
        let skipped = (x & !(x << 1) & HIGH) | spaces;
        if stop != 0 {
            // The first stop byte is ASCII or a lead byte: a character
            // boundary. The bytes before it are clean.
            let before = stop.trailing_zeros() as usize / 8;
            let kept = if before == 0 { 0 } else { u64::MAX >> (64 - 8 * before) };
            return (i + before, count + before - marked(skipped & kept));
        }
        count += 8 - marked(skipped);
        space_before = spaces >> 56;
        i += 8;
    }
    let mut previous_space = space_before != 0;
    while let Some(&b) = bytes.get(i) {
        let class = FOLD_BYTES[usize::from(b)];
        if class == FOLD_SPECIAL {
            if b != b' ' || previous_space {
                break;
            }
            previous_space = true;
        } else {
            count += usize::from(class);
            previous_space = false;
        }
        i += 1;
    }
    (i, count)
}

/// [`FOLD_BYTES`] of a byte that needs a closer look: ASCII whitespace and
/// controls (up to the space, and DEL), and the lead bytes of [`may_be_blank`].
const FOLD_SPECIAL: u8 = 2;

/// What [`fold_counting`] makes of each byte of UTF-8 text: [`FOLD_SPECIAL`],
/// or 1 for a byte that starts an ordinary character (printable ASCII, the lead
/// byte of any other character) and 0 for a continuation byte, which is part
/// of whatever character its lead byte starts. So every byte of an Arabic or
/// Latin-1 letter is read without decoding it.
static FOLD_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte <= b' ' || byte == 0x7F || byte >= 0x80 && may_be_blank(byte) {
            FOLD_SPECIAL
        } else if byte < 0x80 || byte >= 0xC0 {
            1
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Lead bytes of every non-ASCII character that is whitespace, a control or
/// invisible (U+0080-U+00BF, U+1680, U+2000-U+206F, U+3000, U+FEFF).
const fn may_be_blank(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// Counts characters that are not whitespace: the measure of "how much text".
pub fn weight(s: &str) -> usize {
    // Characters minus whitespace, eight bytes at a time (this runs on every
    // text of the page): a character is a byte that is not a UTF-8
    // continuation byte. Non-ASCII whitespace has one of four lead bytes; a
    // word holding one of them is checked at those bytes only.
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(word);
        let (chars, special) = count_word(u64::from_le_bytes(lanes));
        count += chars;
        if special {
            count -= blank_leads(s, base, word);
        }
        base += 8;
    }
    // The last few bytes as one more word, padded with NULs: a NUL counts
    // as one character and is no lead byte, so the padding is taken back
    // (the texts are short, and a byte loop cost more than the words).
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut lanes = [0; 8];
        lanes[..rest.len()].copy_from_slice(rest);
        let (chars, special) = count_word(u64::from_le_bytes(lanes));
        count += chars - (8 - rest.len());
        if special {
            count -= blank_leads(s, base, rest);
        }
    }
    count
}

/// Whether [`weight`] of `s` is below `limit`, reading only as much of `s`
/// as it takes to tell: the weight of a string is the sum of the weights of
/// its pieces cut at character boundaries, so it is summed piece by piece
/// until it reaches the limit.
pub fn weight_below(s: &str, limit: usize) -> bool {
    /// Bytes read between two looks at the sum.
    const PIECE: usize = 512;
    let mut total = 0;
    let mut start = 0;
    while start < s.len() {
        let mut end = (start + PIECE).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        total += weight(&s[start..end]);
        if total >= limit {
            return false;
        }
        start = end;
    }
    total < limit
}

/// How many commas and semicolons `s` holds, Latin or Arabic (U+060C, U+061B).
pub fn commas(s: &str) -> usize {
    // Eight bytes at a time (this reads every text of the page): the Arabic
    // ones are 0xD8 then 0x8C or 0x9B, and `after_lead` marks the bytes that
    // follow a 0xD8, the last byte of the word before included.
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero = |y: u64| !(((y & LOW7) + LOW7) | y | LOW7);
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut carried = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(word);
        let x = u64::from_le_bytes(lanes);
        let latin = zero(x ^ (ONES * b',' as u64)) | zero(x ^ (ONES * b';' as u64));
        let lead = zero(x ^ (ONES * 0xD8));
        let after_lead = (lead << 8) | carried;
        let arabic = (zero(x ^ (ONES * 0x8C)) | zero(x ^ (ONES * 0x9B))) & after_lead;
        count += (((latin | arabic) >> 7).wrapping_mul(ONES) >> 56) as usize;
        carried = lead >> 56;
    }
    let mut previous = if carried != 0 { 0xD8 } else { 0 };
    for &b in words.remainder() {
        count += usize::from(matches!(b, b',' | b';') || previous == 0xD8 && matches!(b, 0x8C | 0x9B));
        previous = b;
    }
    count
}

/// Bytes of an eight-byte word that start a character other than ASCII
/// whitespace, and whether one is the lead byte of a possible non-ASCII
/// whitespace. Bit tricks on the word's bytes; each test below sets the high
/// bit of exactly the bytes it matches (no carry crosses a byte).
fn count_word(x: u64) -> (usize, bool) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Bytes equal to zero.
    let zero = |y: u64| !(((y & LOW7) + LOW7) | y | LOW7);
    // Bytes whose low seven bits are at least `n` (no carry leaves a byte).
    let low = x & LOW7;
    let at_least = |n: u64| low + (0x80 - n) * ONES;
    let continuation = x & !(x << 1) & HIGH;
    // The space, and ASCII 0x09-0x0D.
    let space = zero(x ^ (ONES * 0x20)) | (at_least(0x09) & !at_least(0x0E) & !x & HIGH);
    // Lead bytes 0xC2 and 0xE0-0xE3: 0xE0 opens no whitespace, but testing
    // the four together is cheaper than testing 0xE1-0xE3.
    let special = zero(x ^ (ONES * 0xC2)) | zero((x & (ONES * 0xFC)) ^ (ONES * 0xE0));
    // Sum of the marked bytes' high bits (at most 8: no overflow into the top byte).
    let skipped = (((continuation | space) >> 7).wrapping_mul(ONES) >> 56) as usize;
    (8 - skipped, special != 0)
}

/// Non-ASCII whitespace characters starting in `word`, which sits at `base` in `s`.
fn blank_leads(s: &str, base: usize, word: &[u8]) -> usize {
    let mut blanks = 0;
    for (offset, &b) in word.iter().enumerate() {
        if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) && s[base + offset..].chars().next().is_some_and(char::is_whitespace) {
            blanks += 1;
        }
    }
    blanks
}

/// Whether every character of `s` is one that stored-text normalization
/// (`arabic::normalize::lossless`: NFKC, invisible controls) leaves alone and
/// [`fold`] keeps as is: printable ASCII, single spaces, Latin-1 letters, the
/// Arabic, Persian and Urdu letters, digits and punctuation, a single haraka
/// after a letter, and common typographic quotes and dashes. Runs of combining
/// marks and the composing ones (madda, hamza above/below) are left out on
/// purpose: NFKC reorders and composes them.
#[cfg(test)]
pub fn is_plain(s: &str) -> bool {
    plain_weight(s).is_some()
}

/// The [`weight`] of `s` if it [`is_plain`]: plain text has no whitespace
/// but single spaces, so its weight is counted on the way.
pub fn plain_weight(s: &str) -> Option<usize> {
    /// Which class may follow which, one bit per (last class, next class)
    /// at `4 * last + next`: after a space (or at the start) only a plain
    /// character; after a mark a space or a plain character; after a plain
    /// character anything but `Other`. The last class is all the state.
    const ALLOWED: u16 = 1 << PlainClass::Plain as u16
        | 1 << (4 * PlainClass::Mark as u16 + PlainClass::Space as u16)
        | 1 << (4 * PlainClass::Mark as u16 + PlainClass::Plain as u16)
        | 1 << (4 * PlainClass::Plain as u16 + PlainClass::Space as u16)
        | 1 << (4 * PlainClass::Plain as u16 + PlainClass::Mark as u16)
        | 1 << (4 * PlainClass::Plain as u16 + PlainClass::Plain as u16);
    let bytes = s.as_bytes();
    let table = &*PLAIN_CLASSES;
    let mut chars = 0;
    let mut spaces = 0;
    // A space before the start: no space or mark may open the text.
    let mut last = PlainClass::Space as u16;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII and two-byte characters below U+0700 (Latin-1, Arabic) from
        // a table; the rest through [`plain_class`], which the table holds.
        let (class, len) = if b < 0x80 {
            (table[usize::from(b)], 1)
        } else if (0xC2..=0xDB).contains(&b) && bytes.get(i + 1).is_some_and(|&n| n & 0xC0 == 0x80) {
            let code = (usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F);
            (table[code & 0x7FF], 2)
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            (plain_class(c), c.len_utf8())
        };
        let class = class as u16;
        if ALLOWED >> (4 * last + class) & 1 == 0 {
            return None;
        }
        last = class;
        chars += 1;
        spaces += usize::from(class == PlainClass::Space as u16);
        i += len;
    }
    (last != PlainClass::Space as u16 || s.is_empty()).then_some(chars - spaces)
}

/// How [`is_plain`] treats a character (the values index
/// [`plain_weight`]'s table of what may follow what).
#[derive(Clone, Copy, PartialEq)]
#[repr(u8)]
enum PlainClass {
    /// The space: plain unless it follows another (or starts the text).
    Space,
    /// A haraka: plain unless it follows another mark or a space.
    Mark,
    Plain,
    Other,
}

fn plain_class(c: char) -> PlainClass {
    match c {
        ' ' => PlainClass::Space,
        // One haraka on a letter is left alone; two in a row may be reordered.
        '\u{064B}'..='\u{0652}' => PlainClass::Mark,
        // Persian and Urdu letters and digits, except the compatibility forms ٵ-ٸ.
        '\u{0671}'..='\u{0674}' | '\u{0679}'..='\u{06D4}' | '\u{06F0}'..='\u{06F9}' => PlainClass::Plain,
        '!'..='~' | '\u{C0}'..='\u{FF}' | '\u{AB}' | '\u{BB}' => PlainClass::Plain,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{0621}'..='\u{063A}' | '\u{0640}'..='\u{064A}' | '\u{0660}'..='\u{066D}' => PlainClass::Plain,
        '\u{2013}' | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => PlainClass::Plain,
        _ => PlainClass::Other,
    }
}

/// [`plain_class`] of U+0000-U+07FF (ASCII, Latin-1, Arabic), worked out once.
static PLAIN_CLASSES: std::sync::LazyLock<[PlainClass; 0x800]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|code| char::from_u32(code as u32).map_or(PlainClass::Other, plain_class)));

/// FxHash (rustc's hasher), for the tables looked up once per element or per
/// word with short strings (the walker's hint cache, tag names, label words),
/// where SipHash's setup cost dominated. No DoS concern: the tables are fixed
/// or live for one page, bounded by the page's length.
#[derive(Default)]
pub struct FxHasher(u64);

/// Builds [`FxHasher`]s, for `HashMap` and `HashSet`.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(SEED);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}


/// Whether any character of `s` is numeric (`char::is_numeric`), with the
/// answer for U+0000-U+07FF from a table: the standard library searches its
/// tables for every Arabic letter, and this runs on every short line.
pub fn has_numeric(s: &str) -> bool {
    any_char_in(s, &CHAR_CLASSES, NUMERIC, char::is_numeric)
}

/// Whether any character of `s` is alphanumeric (`char::is_alphanumeric`),
/// as [`has_numeric`].
pub fn has_alphanumeric(s: &str) -> bool {
    any_char_in(s, &CHAR_CLASSES, ALPHANUMERIC, char::is_alphanumeric)
}

const NUMERIC: u8 = 1;
const ALPHANUMERIC: u8 = 2;

/// [`NUMERIC`] and [`ALPHANUMERIC`] of U+0000-U+07FF, from the `char` methods.
static CHAR_CLASSES: std::sync::LazyLock<[u8; 0x800]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|code| {
        char::from_u32(code as u32).map_or(0, |c| if c.is_numeric() { NUMERIC } else { 0 } | if c.is_alphanumeric() { ALPHANUMERIC } else { 0 })
    })
});

fn any_char_in(s: &str, table: &[u8; 0x800], bit: u8, slow: fn(char) -> bool) -> bool {
    s.chars().any(|c| match table.get(c as usize) {
        Some(&classes) => classes & bit != 0,
        None => slow(c),
    })
}

/// A table of phrases searched for in many texts: each phrase's searcher is
/// built once (a substring search set up per call cost more than the search
/// on paragraph-sized texts).
pub struct Phrases(Vec<memchr::memmem::Finder<'static>>);

impl Phrases {
    pub fn new<P: AsRef<str>>(phrases: &[P]) -> Phrases {
        Phrases(phrases.iter().map(|p| memchr::memmem::Finder::new(p.as_ref().as_bytes()).into_owned()).collect())
    }

    /// Whether `text` contains one of the phrases (as `str::contains` says).
    pub fn any_in(&self, text: &str) -> bool {
        self.0.iter().any(|finder| finder.find(text.as_bytes()).is_some())
    }

    /// Whether one of the phrases occurs in `text` as whole words: on spaces or
    /// the ends of `text` on both sides (for comparison keys, see [`key`]).
    pub fn any_as_words_in(&self, text: &str) -> bool {
        self.0.iter().any(|finder| {
            let len = finder.needle().len();
            len > 0
                && finder.find_iter(text.as_bytes()).any(|at| {
                    let before = text[..at].chars().next_back().is_none_or(|c| c == ' ');
                    let after = text[at + len..].chars().next().is_none_or(|c| c == ' ');
                    before && after
                })
        })
    }
}

/// [`control_counts`] of the first `max` characters of `s` (of
/// `clip(s, max)`), in one pass that stops there: the binary-data test of
/// a page's head. Eight bytes at a time whatever they hold, with the bit
/// tricks of [`count_word`]: a character is a byte that is not a UTF-8
/// continuation byte, the ASCII tests mark ASCII bytes only, and a C1
/// control is a 0xC2 byte followed by 0x80-0x9F other than 0x85 (the next
/// byte can be the first of the next word).
pub fn head_control_counts(s: &str, max: usize) -> (usize, usize, usize) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero = |y: u64| !(((y & LOW7) + LOW7) | y | LOW7);
    let marked = |m: u64| (((m >> 7).wrapping_mul(ONES)) >> 56) as usize;
    let bytes = s.as_bytes();
    let (mut total, mut nul, mut control) = (0, 0, 0);
    // Whether the last byte read was 0xC2 (its follower decides).
    let mut after_c2 = false;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(lanes);
        let continuation = x & !(x << 1) & HIGH;
        let chars = 8 - marked(continuation);
        if total + chars > max {
            // The cut is inside this word: byte by byte below.
            break;
        }
        total += chars;
        // Most words hold no control, no DEL and no 0xC2 (all that can make
        // a control), nor a C1 control's second byte after a 0xC2 ending
        // the word before: their characters are all there is to count.
        let wrapped = ((x & LOW7) + ONES) & LOW7;
        let control_or_del = !((wrapped + (0x80 - 0x21) * ONES) | x) & HIGH;
        let c2 = zero(x ^ (ONES * 0xC2));
        if control_or_del | c2 == 0 && !after_c2 {
            i += 8;
            continue;
        }
        let below = |n: u64| !(((x & LOW7) + (0x80 - n) * ONES) | x) & HIGH;
        let whitespace_or_esc = (below(0x0E) & !below(0x09)) | zero(x ^ (ONES * 0x1B));
        // 0x80-0x9F: the high bit set and the next two clear.
        let c1_byte = zero((x & (ONES * 0xE0)) ^ (ONES * 0x80)) & !zero(x ^ (ONES * 0x85));
        let c1 = ((c2 << 8) | u64::from(after_c2) << 7) & c1_byte;
        nul += marked(zero(x));
        control += marked((below(0x20) & !whitespace_or_esc) | zero(x ^ (ONES * 0x7F)) | c1);
        after_c2 = c2 >> 63 != 0;
        i += 8;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if (b as i8) >= -0x40 {
            if total == max {
                break;
            }
            total += 1;
        }
        if b < 0x80 {
            nul += usize::from(b == 0);
            control += usize::from(b < 0x20 && !matches!(b, 0x09..=0x0D | 0x1B) || b == 0x7F);
        } else if after_c2 && (0x80..=0x9F).contains(&b) && b != 0x85 {
            control += 1;
        }
        after_c2 = b == 0xC2;
        i += 1;
    }
    (total, nul, control)
}

/// Bytes of `bytes` below 0x20 other than tab, newline, form feed, carriage
/// return and escape: the binary-data test of a page's raw bytes, eight
/// bytes at a time with the bit tricks of [`count_word`].
pub fn control_bytes(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TEXT_CONTROLS: u32 = 1 << 0x09 | 1 << 0x0A | 1 << 0x0C | 1 << 0x0D | 1 << 0x1B;
    let zero = |y: u64| !(((y & LOW7) + LOW7) | y | LOW7);
    let mut words = bytes.chunks_exact(8);
    let mut count = 0;
    for word in &mut words {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(word);
        let x = u64::from_le_bytes(lanes);
        let below_space = !(((x & LOW7) + (0x80 - 0x20) * ONES) | x) & HIGH;
        if below_space == 0 {
            continue;
        }
        let text = zero(x ^ (ONES * 0x09)) | zero(x ^ (ONES * 0x0A)) | zero(x ^ (ONES * 0x0C)) | zero(x ^ (ONES * 0x0D)) | zero(x ^ (ONES * 0x1B));
        count += (((below_space & !text) >> 7).wrapping_mul(ONES) >> 56) as usize;
    }
    count + words.remainder().iter().filter(|&&b| b < 0x20 && TEXT_CONTROLS >> b & 1 == 0).count()
}

/// Characters of `s`, NULs, and control characters other than whitespace and
/// ESC (the binary-data test), by the `char` properties: what
/// [`head_control_counts`] counts.
#[cfg(test)]
fn control_counts(s: &str) -> (usize, usize, usize) {
    let total = s.chars().count();
    let nul = s.chars().filter(|&c| c == '\0').count();
    let control = s.chars().filter(|c| c.is_control() && !c.is_whitespace() && *c != '\u{1B}').count();
    (total, nul, control)
}

/// Whether `haystack` contains `needle` (ASCII), ignoring ASCII case.
pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else { return true };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    // Jump from one occurrence of the first byte to the next (`memchr`, SIMD:
    // "<noscript" is looked for in whole pages), then compare.
    while from + needle.len() <= hay.len() {
        let found = if lower == upper { memchr::memchr(lower, &hay[from..]) } else { memchr::memchr2(lower, upper, &hay[from..]) };
        let Some(offset) = found else { return false };
        let at = from + offset;
        if hay.get(at..at + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// A comparison key: letters and digits only, lowercase, Arabic letter variants
/// (hamza forms of alef, teh marbuta, alef maksura) and diacritics folded, so that
/// "اقرأ أيضاً" and "اقرا ايضا" compare equal.
pub fn key(s: &str) -> String {
    // Bytes rather than chars: ASCII and the Arabic block (two-byte
    // characters led by 0xD8 or 0xD9), most of every page, are handled
    // without decoding through `char`; anything else goes through
    // [`key_char`], which holds the rules for every character. Characters
    // the key keeps as they are (lowercase letters, digits, Arabic letters, a
    // single space after one of them) are not copied one by one: `run` is
    // where the bytes still to be copied whole begin.
    let bytes = s.as_bytes();
    // The block's table, dereferenced once (a lazy static checks that it is
    // filled on every use).
    let block = &*ARABIC_BLOCK_KEY;
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                i += 1;
                continue;
            }
            if b == b' ' {
                // A space the key keeps: the last byte kept is not a space
                // (in the run, or in `out` when the run is empty).
                let kept = if run < i { bytes[i - 1] != b' ' } else { !out.is_empty() && !out.ends_with(' ') };
                if kept {
                    i += 1;
                    continue;
                }
            }
            out.push_str(&s[run..i]);
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
            } else if matches!(b, b'\t'..=b'\r' | b' ') && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            i += 1;
            run = i;
        } else if (0xD8..=0xDB).contains(&b) && bytes.get(i + 1).is_some_and(|&n| n & 0xC0 == 0x80) {
            // U+0600-U+06FF: Arabic, Persian, Urdu.
            let c = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            let folded = match block[(c & 0xFF) as usize] {
                BlockKey::Keep => {
                    i += 2;
                    continue;
                }
                BlockKey::Fold(letter) => Some(letter),
                BlockKey::Drop => None,
                BlockKey::General => {
                    out.push_str(&s[run..i]);
                    key_char(s[i..].chars().next().unwrap_or(' '), &mut out);
                    i += 2;
                    run = i;
                    continue;
                }
            };
            out.push_str(&s[run..i]);
            if let Some(c) = folded {
                out.push(c);
            }
            i += 2;
            run = i;
        } else {
            out.push_str(&s[run..i]);
            let c = s[i..].chars().next().unwrap_or(' ');
            key_char(c, &mut out);
            i += c.len_utf8();
            run = i;
        }
    }
    out.push_str(&s[run..]);
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    out
}

/// What [`key_char`] does with a character of the Arabic block.
#[derive(Clone, Copy)]
enum BlockKey {
    /// A letter or digit without case: kept as is.
    Keep,
    /// Neither a letter, a digit nor a space: dropped.
    Drop,
    /// One of the letter variants [`key_char`] folds: the letter it becomes.
    Fold(char),
    General,
}

/// [`BlockKey`] of U+0600-U+06FF, worked out once: the folds and drops
/// [`key_char`] starts with (the same list), then the same `char` properties
/// it reads.
static ARABIC_BLOCK_KEY: std::sync::LazyLock<[BlockKey; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|low| match char::from_u32(0x0600 + low as u32) {
        Some('أ' | 'إ' | 'آ' | 'ٱ') => BlockKey::Fold('ا'),
        Some('ة') => BlockKey::Fold('ه'),
        Some('ى') => BlockKey::Fold('ي'),
        Some('\u{064B}'..='\u{065F}' | '\u{0670}' | 'ـ') => BlockKey::Drop,
        Some(c) if c.is_alphanumeric() && c.to_lowercase().eq([c]) => BlockKey::Keep,
        Some(c) if !c.is_alphanumeric() && !c.is_whitespace() => BlockKey::Drop,
        _ => BlockKey::General,
    })
});

/// One character of [`key`], by the general rules.
fn key_char(c: char, out: &mut String) {
    let c = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ة' => 'ه',
        'ى' => 'ي',
        '\u{064B}'..='\u{065F}' | '\u{0670}' | 'ـ' => return,
        _ => c,
    };
    // General punctuation (U+2000-U+206F: spaces, dashes, quotes, marks) has
    // no letter or digit, and the Latin-1 letters lowercase by +0x20: the
    // frequent ones, answered without the Unicode tables.
    let code = u32::from(c);
    if (0x2000..=0x206F).contains(&code) {
        if c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        return;
    }
    if (0xC0..=0xFF).contains(&code) {
        match code {
            0xD7 | 0xF7 => {}
            0xC0..=0xDE => out.push(char::from_u32(code + 0x20).unwrap_or(c)),
            _ => out.push(c),
        }
        return;
    }
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
    } else if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}') {
        out.push(c);
    } else if c.is_ascii() {
        if c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    } else if c.is_alphanumeric() {
        out.extend(c.to_lowercase());
    } else if c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() {
        out.push(' ');
    }
}

/// Whether `text` starts with `label` as whole words, compared by [`key`].
pub fn starts_with_label(text_key: &str, label_key: &str) -> bool {
    !label_key.is_empty()
        && text_key.starts_with(label_key)
        && text_key[label_key.len()..].chars().next().is_none_or(|c| c == ' ')
}

/// Words of a comparison key, for overlap measures.
pub fn words(s: &str) -> Vec<String> {
    key(s).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Share of words two strings have in common (Dice coefficient over word sets).
pub fn similarity(a: &str, b: &str) -> f32 {
    let wa: std::collections::HashSet<String> = words(a).into_iter().collect();
    let wb: std::collections::HashSet<String> = words(b).into_iter().collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = wa.intersection(&wb).count() as f32;
    2.0 * common / (wa.len() + wb.len()) as f32
}

/// Cuts a string to at most `max` characters without splitting a character.
pub fn clip(s: &str, max: usize) -> &str {
    // A UTF-8 character is at least one byte: a string of `max` bytes or fewer
    // is short enough without counting (the common case, and O(1)).
    if s.len() <= max {
        return s;
    }
    // The (max+1)-th character starts at the (max+1)-th byte that is not a
    // UTF-8 continuation byte.
    let mut seen = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if (b as i8) >= -0x40 {
            if seen == max {
                return &s[..i];
            }
            seen += 1;
        }
    }
    s
}

/// Cuts a string to at most `max` bytes, backing off to a character boundary.
pub fn clip_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_are_counted_latin_and_arabic_across_words() {
        let by_chars = |s: &str| s.chars().filter(|c| matches!(c, ',' | '،' | '؛' | ';')).count();
        for s in ["", "a,b;c", "قال، ثم؛ ذهب", "1234567،", "123456،،x", "ab,cdefgh;ijklmnop,", "حرب ، سلم ؛ و, و; ؟ ـ"] {
            assert_eq!(commas(s), by_chars(s), "{s}");
        }
        // A comma at every offset, so each lane and the word border are read.
        for pad in 0..17 {
            let s = format!("{}،{}", "x".repeat(pad), "ب".repeat(pad));
            assert_eq!(commas(&s), 1, "{s}");
        }
    }

    #[test]
    fn fold_removes_invisible_and_collapses_space() {
        assert_eq!(fold("  أ\u{200B}ب \u{00A0}\n ج  "), "أب ج");
        assert_eq!(fold("می\u{200C}روم"), "می\u{200C}روم");
    }

    #[test]
    fn fold_and_weight_agree_with_the_char_definitions() {
        let mut samples: Vec<String> = ["", " ", "a", "  a  b ", "\u{200B}", "x\u{200B} y", "\u{A0}ب\u{2003}ج\u{3000}", "\u{7F}a\tb\u{85}c", "تمّ الأمرُ\n\nثم"].map(str::to_owned).to_vec();
        // Every ASCII byte and the characters behind every lead byte the
        // fast path stops at, each between letters and spaces.
        let mut alphabet: Vec<char> = (0u8..0x80).map(char::from).collect();
        alphabet.extend("\u{85}\u{A0}\u{AD}ÂáبÿĀ\u{1680}ᚁ\u{2000}\u{200B}\u{200C}\u{2028}\u{202F}\u{205F}—\u{3000}あ\u{FEFF}\u{FFFD}😀\u{800}ॐ".chars());
        for &c in &alphabet {
            for around in ["ab", "بت", "  ", "a ", " ب"] {
                let mut chars = around.chars();
                let (first, second) = (chars.next().unwrap_or(' '), chars.next().unwrap_or(' '));
                samples.push(format!("{first}{c}{second}"));
                samples.push(format!("{c}{first}{c}{c}{second}{c}"));
            }
        }
        // Longer texts, read eight bytes at a time up to the first byte that
        // needs a look: each character above and each arrangement of spaces
        // at every offset of the words, and Arabic letters cut by the words.
        for &c in &alphabet {
            for shift in 0..9 {
                let pad = "y".repeat(shift);
                samples.push(format!("{pad}ab بت {c}{pad} سلام عليكم xyz"));
                samples.push(format!(" {pad}كلمة{c}كلمة {pad}"));
                samples.push(format!("{pad}ب{c}"));
            }
        }
        for shift in 0..17 {
            let pad = "ب".repeat(shift);
            let latin = "x".repeat(shift);
            for text in [" ", "  ", "   ", "\t", " \n "] {
                samples.extend([
                    format!("{pad}{text}{latin}"),
                    format!("{text}{latin}{pad}{text}"),
                    format!("{latin} {pad}{text}{pad} {latin}"),
                    format!("{pad}{latin}{pad}{text}"),
                ]);
            }
        }
        for sample in &samples {
            let sample = sample.as_str();
            let slow: String = {
                let mut out = String::new();
                let mut pending = false;
                for c in sample.chars() {
                    if is_invisible(c) || c.is_control() && !c.is_whitespace() {
                        continue;
                    }
                    if c.is_whitespace() {
                        pending = !out.is_empty();
                        continue;
                    }
                    if pending {
                        out.push(' ');
                        pending = false;
                    }
                    out.push(c);
                }
                out
            };
            assert_eq!(fold(sample), slow, "fold {sample:?}");
            assert_eq!(fold_counting(sample).1, weight(&slow), "fold_counting {sample:?}");
            assert_eq!(weight(sample), sample.chars().filter(|c| !c.is_whitespace()).count(), "weight {sample:?}");
        }
    }

    #[test]
    fn weight_below_says_what_weight_says() {
        let long = "كلمة عربية، and some English words\u{00A0}\u{3000}\t".repeat(40);
        for end in (0..long.len()).filter(|&e| long.is_char_boundary(e)).step_by(7) {
            let s = &long[..end];
            for limit in [0, 1, 5, 200, 511, 512, 513, 1000, 5000] {
                assert_eq!(weight_below(s, limit), weight(s) < limit, "{end} {limit}");
            }
        }
    }

    #[test]
    fn weight_counts_every_character_class_at_every_offset() {
        // Every ASCII byte, the Latin-1 and Unicode spaces and some letters,
        // shifted through the eight-byte words the fast count reads.
        let mut alphabet: String = (0u8..0x80).map(char::from).collect();
        alphabet.push_str("\u{85}\u{A0}\u{AD}ÂáبÿĀ\u{1680}ᚁ\u{2000}\u{200B}\u{2028}\u{202F}\u{205F}—\u{3000}あ\u{FEFF}😀\u{800}ॐ\u{FFF}");
        for shift in 0..8 {
            let sample = format!("{}{alphabet}{alphabet}", "x".repeat(shift));
            for end in 0..sample.len() {
                if sample.is_char_boundary(end) {
                    let s = &sample[..end];
                    assert_eq!(weight(s), s.chars().filter(|c| !c.is_whitespace()).count(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn plain_text_is_what_normalization_leaves_alone() {
        let plain = ["قال الوزير، في بيان: «المفاوضات ستستأنف» غدا ٢٠٢٤.", "It’s “fine” — café 100%", "a", "أيضاً مُفاوَضات", "پاکستان میں بارش ۱۴۰۲", "کہا ہے۔"];
        for p in plain {
            assert!(is_plain(p), "{p:?}");
            assert_eq!(plain_weight(p), Some(weight(p)), "{p:?}");
            assert_eq!(arabic::normalize::lossless(p), p);
        }
        // Every character below U+0800 and some above, alone and in pairs,
        // against the char-by-char rules.
        fn reference(s: &str) -> bool {
            let mut previous_space = true;
            let mut previous_mark = true;
            for c in s.chars() {
                let plain = match plain_class(c) {
                    PlainClass::Space => !previous_space,
                    PlainClass::Mark => !previous_mark,
                    PlainClass::Plain => true,
                    PlainClass::Other => false,
                };
                if !plain {
                    return false;
                }
                previous_space = c == ' ';
                previous_mark = matches!(c, ' ' | '\u{064B}'..='\u{0652}');
            }
            !previous_space || s.is_empty()
        }
        let chars: Vec<char> = ('\0'..='\u{7FF}').chain(['\u{2013}', '\u{2026}', '\u{FEFF}', '😀']).collect();
        for &a in &chars {
            for b in ['a', ' ', '\u{064E}', 'ب'] {
                for sample in [format!("{a}"), format!("{a}{b}"), format!("{b}{a}"), format!("x{a}{b}y")] {
                    assert_eq!(is_plain(&sample), reference(&sample), "{sample:?}");
                    assert_eq!(plain_weight(&sample), reference(&sample).then(|| weight(&sample)), "{sample:?}");
                }
            }
        }
        let not_plain = ["ﻻ", "a\u{00A0}b", "x  y", " x", "x ", "مّ\u{064E}", "ا\u{0653}", "…", "a\u{200F}b", "½", "ٵ", " \u{064B}"];
        for p in not_plain {
            assert!(!is_plain(p), "{p:?}");
        }
    }

    #[test]
    fn control_bytes_counts_as_the_byte_rule_says() {
        let every: Vec<u8> = (0..=255).collect();
        for shift in 0..8 {
            let mut bytes = vec![b'a'; shift];
            bytes.extend(&every);
            bytes.extend(&every[..shift * 3]);
            for end in 0..bytes.len() {
                let head = &bytes[..end];
                let expected = head.iter().filter(|&&b| b < 0x20 && !matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x1B)).count();
                assert_eq!(control_bytes(head), expected, "{shift} {end}");
            }
        }
    }

    #[test]
    fn control_counts_agree_with_char_properties() {
        let sample: String = ('\0'..='\u{2FF}').chain(['\u{2028}', '\u{FEFF}', 'ب', '😀']).collect();
        // Every ASCII byte at every offset of the eight-byte words read at once.
        let ascii: String = (0u8..0x80).map(char::from).collect();
        let mut shifted: Vec<String> = (0..8).map(|k| format!("{}{ascii}\u{85}{ascii}\u{9F}x", "a".repeat(k))).collect();
        // Arabic words around a C1 control and a NUL, at every offset too.
        shifted.extend((0..8).map(|k| format!("{}بتث\u{85}جحخ\u{0}\u{9F}دذ{}", "a".repeat(k), "ر".repeat(k))));
        // C1 controls and their neighbours (0xC2 then 0x80-0xBF) across word borders.
        shifted.extend((0..8).map(|k| format!("{}\u{80}\u{85}«\u{9F}\u{A0}Â\u{81}ب\u{9E}", "a".repeat(k))));
        // A C1 control cut by a word border, the next word otherwise clean.
        shifted.extend((0..16).map(|k| format!("{}\u{9F}abcdefghijklmnop", "a".repeat(k))));
        for s in [sample.as_str(), "", "abc\u{1B}\u{85}\u{9F}\u{0}"].into_iter().chain(shifted.iter().map(String::as_str)) {
            for max in [0, 1, 5, 7, 8, 9, 15, 16, 17, 100, 8192] {
                assert_eq!(head_control_counts(s, max), control_counts(clip(s, max)), "{s:?} {max}");
            }
        }
    }

    #[test]
    fn numeric_and_alphanumeric_as_the_char_methods_say() {
        let mut every: Vec<String> = ('\0'..='\u{0FFF}').chain(['\u{2160}', '\u{FF10}', '😀', '\u{10FFFF}']).map(String::from).collect();
        every.extend(["", "abc", "قال ٣", "، ٫", "- —"].map(str::to_owned));
        for s in &every {
            assert_eq!(has_numeric(s), s.chars().any(char::is_numeric), "{s:?}");
            assert_eq!(has_alphanumeric(s), s.chars().any(char::is_alphanumeric), "{s:?}");
        }
    }

    #[test]
    fn contains_ignore_ascii_case_in_any_case_and_position() {
        assert!(contains_ignore_ascii_case("<p>a</p><NoScript>", "<noscript"));
        assert!(contains_ignore_ascii_case("display: NONE", "none"));
        assert!(contains_ignore_ascii_case("x", ""));
        assert!(!contains_ignore_ascii_case("<noscrip", "<noscript"));
        assert!(!contains_ignore_ascii_case("nonon", "none"));
        assert!(contains_ignore_ascii_case("nonone", "none"));
    }

    #[test]
    fn clip_counts_characters() {
        for s in ["", "abc", "أبجد هوز", "a😀bج"] {
            for max in 0..6 {
                let expected: String = s.chars().take(max).collect();
                assert_eq!(clip(s, max), expected, "{s:?} {max}");
            }
        }
    }

    #[test]
    fn key_matches_the_char_rules() {
        // The char-by-char definition the byte-wise key must agree with.
        fn reference(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                let c = match c {
                    'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
                    'ة' => 'ه',
                    'ى' => 'ي',
                    '\u{064B}'..='\u{065F}' | '\u{0670}' | 'ـ' => continue,
                    _ => c,
                };
                if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                } else if c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            out.truncate(out.trim_end().len());
            out
        }
        let mut every_arabic: String = ('\u{0600}'..='\u{06FF}').collect();
        every_arabic.extend('\u{A0}'..='\u{FF}');
        every_arabic.extend('\u{2000}'..='\u{2070}');
        every_arabic.push_str(" \t\u{A0}AbC-9 İstanbul ÉCOLE ٱلْعَرَبِيَّة \u{3000}x\u{200B}y ۱۲۳ 😀 ");
        for sample in ["", "  ", "اقرأ أيضاً: خبر", "Hello,  World! 42", "a\u{0301}", every_arabic.as_str()] {
            assert_eq!(key(sample), reference(sample), "{sample:?}");
        }
        // Spaces in every arrangement around kept, folded and dropped
        // characters (where the byte-wise key copies runs whole): strings of
        // up to four pieces.
        let pieces = [" ", "  ", "\t", "\u{A0}", "\u{2003}", "a", "Z", "9", "ب", "أ", "ة", "\u{064E}", "ـ", "،", "-", "é", "ٱ", "😀", "ß", "İ"];
        let mut sample = String::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in [" ", "ب", "x", "\u{064E}", "."] {
                        sample.clear();
                        sample.extend([a, b, c, d]);
                        assert_eq!(key(&sample), reference(&sample), "{sample:?}");
                        sample.insert_str(0, d);
                        assert_eq!(key(&sample), reference(&sample), "{sample:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn key_folds_arabic_variants() {
        assert_eq!(key("اقرأ أيضاً:"), key("اقرا ايضا"));
        assert!(starts_with_label(&key("اقرأ أيضا: خبر آخر"), &key("اقرأ أيضا")));
        assert!(!starts_with_label(&key("شاركت الوزيرة"), &key("شارك")));
    }

    #[test]
    fn similarity_is_dice_over_words() {
        assert!((similarity("a b c d", "a b c d") - 1.0).abs() < 1e-6);
        assert!(similarity("a b", "c d") < 1e-6);
    }
}
