//! `marsad sources import FILE.opml` and `marsad sources export`: feed lists in
//! and out as OPML 2.0. Import only registers the feeds (nothing is fetched; the
//! next `watch` or `ingest` polls them); export writes every feed and sitemap.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum SourcesAction {
    /// Add the feeds of an OPML file as sources, without fetching them
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// Print every source as an OPML 2.0 list on standard output
    Export,
}

pub fn run(data_dir: &Path, action: SourcesAction) -> anyhow::Result<ExitCode> {
    let (store, _) = engine::open_data_dir(data_dir)
        .with_context(|| format!("cannot open data folder {}", data_dir.display()))?;
    match action {
        SourcesAction::Import { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let entries = feeds::parse_opml(&bytes).with_context(|| file.display().to_string())?;
            let mut added = 0usize;
            let mut refused = 0usize;
            for entry in &entries {
                // Checked like an ingest argument, so a list cannot smuggle in
                // file: or other schemes.
                match engine::classify(&entry.xml_url) {
                    Ok(engine::Source::Url(url)) => added += store.add_source(&url, "feed", entry.title.as_deref())? as usize,
                    _ => {
                        refused += 1;
                        eprintln!("skipped {}: not an http(s) URL", entry.xml_url);
                    }
                }
            }
            println!(
                "{added} new source{} of {} in {} ({} already known{})",
                if added == 1 { "" } else { "s" },
                entries.len(),
                file.display(),
                entries.len() - added - refused,
                if refused > 0 { format!(", {refused} skipped") } else { String::new() },
            );
            Ok(ExitCode::SUCCESS)
        }
        SourcesAction::Export => {
            let entries: Vec<feeds::OpmlEntry> = store
                .sources()?
                .into_iter()
                .map(|s| feeds::OpmlEntry { xml_url: s.url, title: s.title, html_url: None })
                .collect();
            print!("{}", feeds::export_opml("Marsad sources", &entries));
            Ok(ExitCode::SUCCESS)
        }
    }
}
