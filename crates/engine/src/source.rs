//! What a SOURCE argument is. Decided before any work starts, so that a typo
//! (a missing file, a malformed URL) is a usage error that touches nothing.

use std::path::{Path, PathBuf};

use crate::{EngineError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A feed, sitemap or article URL: which one is learnt from what it answers.
    Url(String),
    OpmlFile(PathBuf),
    HtmlFile(PathBuf),
    HtmlFolder(PathBuf),
    WarcFile(PathBuf),
}

impl Source {
    pub fn label(&self) -> String {
        match self {
            Source::Url(u) => u.clone(),
            Source::OpmlFile(p) | Source::HtmlFile(p) | Source::HtmlFolder(p) | Source::WarcFile(p) => {
                p.display().to_string()
            }
        }
    }
}

/// Classifies one SOURCE argument.
pub fn classify(arg: &str) -> Result<Source> {
    let looks_like_url = arg.contains("://");
    if looks_like_url {
        let url = url::Url::parse(arg)
            .map_err(|e| EngineError::BadSource(format!("not a valid URL: {arg} ({e})")))?;
        return match url.scheme() {
            "http" | "https" if url.host_str().is_some() => Ok(Source::Url(url.to_string())),
            "http" | "https" => Err(EngineError::BadSource(format!("URL has no host: {arg}"))),
            "file" => url
                .to_file_path()
                .map_err(|_| EngineError::BadSource(format!("not a valid file URL: {arg}")))
                .and_then(|p| classify_path(&p)),
            other => Err(EngineError::BadSource(format!(
                "unsupported URL scheme {other}: in {arg} (use http or https)"
            ))),
        };
    }
    classify_path(Path::new(arg))
}

fn classify_path(path: &Path) -> Result<Source> {
    let meta = std::fs::metadata(path).map_err(|e| {
        EngineError::BadSource(match e.kind() {
            std::io::ErrorKind::NotFound => format!("no such file or folder: {}", path.display()),
            _ => format!("cannot read {}: {e}", path.display()),
        })
    })?;
    if meta.is_dir() {
        return Ok(Source::HtmlFolder(path.to_path_buf()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".opml") {
        Ok(Source::OpmlFile(path.to_path_buf()))
    } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        Ok(Source::WarcFile(path.to_path_buf()))
    } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
        Ok(Source::HtmlFile(path.to_path_buf()))
    } else {
        Err(EngineError::BadSource(format!(
            "don't know what {} is: expected a URL, an .html file or folder, an .opml file, or a .warc/.warc.gz file",
            path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_urls_and_rejects_bad_ones() {
        assert_eq!(
            classify("http://127.0.0.1:9/feed.xml").unwrap(),
            Source::Url("http://127.0.0.1:9/feed.xml".into())
        );
        for bad in ["http://", "ftp://example.test/x", "http//no-colon", "https:// spaced host/"] {
            assert!(classify(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn classifies_paths_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.html", "b.opml", "c.warc.gz", "d.warc"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let p = |n: &str| dir.path().join(n);
        assert_eq!(classify(p("a.html").to_str().unwrap()).unwrap(), Source::HtmlFile(p("a.html")));
        assert_eq!(classify(p("b.opml").to_str().unwrap()).unwrap(), Source::OpmlFile(p("b.opml")));
        assert_eq!(classify(p("c.warc.gz").to_str().unwrap()).unwrap(), Source::WarcFile(p("c.warc.gz")));
        assert_eq!(classify(dir.path().to_str().unwrap()).unwrap(), Source::HtmlFolder(dir.path().into()));
        let missing = classify(p("nope.html").to_str().unwrap()).unwrap_err().to_string();
        assert!(missing.contains("no such file"), "{missing}");
    }
}
