//! Prints the element tree the extractor's HTML parser builds for one page, one
//! element per line, indented, with its class and the first characters of its
//! text: for seeing why a page's text landed where it did.
//!
//! ```sh
//! cargo run --release -p extract --example extract_tree -- page.html
//! ```

use extract::html::{self, Tag};

struct Printer {
    depth: usize,
}

impl html::Sink for Printer {
    fn open(&mut self, tag: &Tag) {
        let class = tag.attr("class").or_else(|| tag.attr("id")).unwrap_or_default();
        println!("{:indent$}<{} {}>", "", tag.name, class, indent = self.depth.min(80));
        self.depth += 1;
    }
    fn text(&mut self, text: &str) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            let clipped: String = text.chars().take(60).collect();
            println!("{:indent$}\"{clipped}\"", "", indent = self.depth.min(80));
        }
    }
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract_tree PAGE.html");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let text = extract::decode(&bytes, None, None).text;
    html::parse(&text, &mut Printer { depth: 0 });
}
