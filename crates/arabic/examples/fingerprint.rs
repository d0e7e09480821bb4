//! Every output of the text layer on a plain-text file, one paragraph a line, so
//! that a speed change can be checked to change no behaviour: run it before and
//! after and `cmp` the two files (or compare the digest it prints last).
//! `cargo run --release -p arabic --example fingerprint -- FILE > OUT`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: fingerprint FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("fingerprint: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let reference = chrono::NaiveDate::from_ymd_opt(2017, 1, 20).unwrap_or_default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut digest = DefaultHasher::new();
    for p in text.split('\n').filter(|p| !p.trim().is_empty()) {
        let mut line = String::new();
        line.push_str(&format!("lossless {:?}\n", arabic::normalize::lossless(p)));
        line.push_str(&format!("lossy {:?}\n", arabic::normalize::lossy(p)));
        line.push_str(&format!("lang {:?}\n", arabic::lang::detect(p)));
        let terms: Vec<String> = arabic::index_terms(p).into_iter().map(|(t, s, e)| format!("{t}@{s}-{e}")).collect();
        line.push_str(&format!("terms {}\n", terms.join(" ")));
        let stems: Vec<String> = arabic::tokenize::tokens(p)
            .iter()
            .map(|t| {
                let key = arabic::normalize::lossy(t.text);
                format!("{}|{}|{}", arabic::stem::light(&key), arabic::stem::light10(&key), arabic::stem::snowball(&key))
            })
            .collect();
        line.push_str(&format!("stems {}\n", stems.join(" ")));
        for m in arabic::mentions::find_mentions(p, reference) {
            line.push_str(&format!("mention {m:?}\n"));
        }
        for (s, e, d) in arabic::dates::find_dates(p) {
            line.push_str(&format!("date {s}-{e} {}\n", d.to_iso()));
        }
        line.hash(&mut digest);
        if out.write_all(line.as_bytes()).is_err() {
            std::process::exit(1);
        }
    }
    let _ = writeln!(out, "digest {:016x}", digest.finish());
}
