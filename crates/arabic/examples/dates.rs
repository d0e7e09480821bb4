//! Prints the date mentions of each line on stdin as JSON-ish lines, with the
//! reference date as the first argument; a quick way to try the date rules
//! without building the whole `marsad` binary.

use std::io::BufRead;

fn main() {
    let reference = std::env::args()
        .nth(1)
        .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2024, 6, 23).unwrap_or_default());
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        for m in arabic::mentions::find_mentions(&line, reference) {
            println!("{}..{}\t{}\t{}\t{}\t{}", m.start, m.end, m.text, m.value, m.granularity.as_str(), m.relative);
        }
        println!("--");
    }
}
