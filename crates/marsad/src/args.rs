//! Command-line flags, declared with clap's derive API. Help texts are the
//! user-facing documentation of each command; keep them exact.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "marsad",
    version,
    about = "Marsad (مرصد): Arabic-first news monitoring — feeds and pages in, clean searchable articles out",
    long_about = None,
)]
pub struct Cli {
    /// Data folder [default: $XDG_DATA_HOME/marsad, else ~/.local/share/marsad]
    #[arg(long, global = true, env = "MARSAD_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Show the cause chain of errors and more logging (-vv for debug logs)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Fetch feeds, sitemaps, pages, OPML lists, local HTML or WARC files; extract, store and index the articles
    Ingest(IngestArgs),
    /// List every polled source (feed, sitemap) with its health; import or export OPML
    Sources(SourcesArgs),
    /// Poll every known source on its learnt schedule until stopped (SIGINT/SIGTERM)
    Watch(crate::watch::WatchArgs),
    /// Search stored articles (Arabic words match their other forms)
    Search(SearchArgs),
    /// Show one stored article whole
    Show(ShowArgs),
    /// Extract the article from HTML files without storing anything
    Extract(ExtractArgs),
    /// Serve the JSON API and the web UI
    Serve(ServeArgs),
    /// Rebuild the search index from the store
    Reindex,
    /// Start a small Arabic news site on 127.0.0.1, ingest all of it, and serve the UI
    Demo(DemoArgs),
    /// Print every date and time mention in the text on stdin, resolved against --reference
    Dates(crate::text::DatesArgs),
    /// Print the text on stdin normalized as stored (or as index keys with --lossy)
    Normalize(crate::text::NormalizeArgs),
    /// Print each token of the text on stdin with its stem
    Stem(crate::text::StemArgs),
    /// Measure quality and speed on gold sets (`eval extract SET_DIR...`)
    Eval(crate::eval::EvalArgs),
}

#[derive(clap::Args, Debug)]
pub struct FetchFlags {
    /// Allow fetching from private, loopback and link-local addresses
    #[arg(long)]
    pub allow_private: bool,
    /// Minimum seconds between two requests to one host, one at a time (0: no spacing, requests may overlap)
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub per_host_delay: f64,
    /// A URL where site owners can reach whoever runs this crawler (sent in the User-Agent)
    #[arg(long, value_name = "URL")]
    pub contact: Option<String>,
    /// Fetch even what robots.txt disallows (only for sites you own)
    #[arg(long)]
    pub ignore_robots: bool,
    /// Seconds before a whole request gives up
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// Requests in flight at once, across all hosts
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_concurrency: usize,
}

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub fetch: FetchFlags,
    /// Print the run's report as JSON
    #[arg(long)]
    pub json: bool,
    /// Feed/sitemap/article URL, .opml file, .html file or folder, .warc/.warc.gz file
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct SourcesArgs {
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<crate::sources::SourcesAction>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum SortOrder {
    Relevance,
    Date,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    #[arg(long)]
    pub json: bool,
    /// Only articles published on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles of this outlet (its name as `marsad search` shows it)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Only articles in this language (ISO 639-1, e.g. ar)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub limit: u16,
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
    /// Words to find; may be empty when filters are given
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    #[arg(long)]
    pub json: bool,
    pub id: i64,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Print JSON (one object per line when several files are given)
    #[arg(long)]
    pub json: bool,
    /// The page's URL, to resolve relative links and read dates from it
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// HTML files, or - for standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Require the MARSAD_TOKEN bearer token for reads too (writes always need it)
    #[arg(long, env = "MARSAD_REQUIRE_TOKEN")]
    pub require_token: bool,
    /// Let POST /api/v1/crawl fetch private, loopback and link-local addresses
    #[arg(long)]
    pub allow_private: bool,
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Where the UI is served
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Ingest the demo site and exit instead of serving the UI
    #[arg(long)]
    pub no_serve: bool,
    /// Also generate this many synthetic articles (for trying Marsad at scale)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub synthetic: usize,
}
