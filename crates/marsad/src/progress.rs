//! Progress bars on standard error for long work. indicatif hides them by itself
//! when standard error is not a terminal, so scripts and CI see clean output.

use indicatif::{ProgressBar, ProgressStyle};

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(prefix: &str) -> Bar {
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(prefix.to_string());
        Bar { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl engine::Progress for Bar {
    fn add_work(&self, n: u64) {
        self.bar.inc_length(n);
    }

    fn advance(&self, what: &str) {
        self.bar.set_message(shorten(what));
        self.bar.inc(1);
    }

    fn note(&self, line: &str) {
        // println keeps the bar below the note instead of tearing it.
        if self.bar.is_hidden() {
            tracing::info!("{line}");
        } else {
            self.bar.println(format!("  ! {line}"));
        }
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let tail: String = s.chars().rev().take(MAX - 1).collect::<Vec<_>>().into_iter().rev().collect();
        format!("…{tail}")
    }
}
