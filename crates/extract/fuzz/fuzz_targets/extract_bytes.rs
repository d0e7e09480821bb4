//! Fuzz target: any bytes, with or without a charset and a URL, must come back as
//! an article or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the optional inputs so that one corpus covers them all.
    let (selector, page) = match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (0, data),
    };
    let charset = match selector % 4 {
        0 => None,
        1 => Some("utf-8"),
        2 => Some("windows-1256"),
        _ => Some("iso-8859-1"),
    };
    let url = (selector & 4 != 0).then_some("https://news.example.sa/2024/06/23/story");
    let _ = extract::extract_bytes(page, charset, url);
});
