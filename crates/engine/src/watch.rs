//! `watch`: poll every known source when its schedule says so, for as long as the
//! process runs. Each round is an ordinary `ingest` of the sources that are due,
//! so everything `ingest` guarantees (nothing stored lost, store before index,
//! pending items picked up after a kill) holds here too. A stop request stores
//! the pages already extracted, drops the pages in flight (their items
//! stay pending), and commits the index before `watch` returns.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::{Engine, IngestReport, Progress, Result, Source};

/// The longest sleep between two looks at the schedule: a source added meanwhile
/// (by an OPML import, or the server) is picked up within this.
const MAX_NAP: Duration = Duration::from_secs(30);

/// What one round of `watch` did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WatchRound {
    pub polled: usize,
    pub report: IngestReport,
}

impl Engine {
    /// Asks a running `ingest` or `watch` to stop at the next safe point.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.stop_notify.notify_waiters();
    }

    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Polls due sources until stopped (or once, when `once`), calling
    /// `on_round` after each round that polled something.
    pub async fn watch(
        &self,
        once: bool,
        progress: &dyn Progress,
        mut on_round: impl FnMut(&WatchRound),
    ) -> Result<()> {
        loop {
            if self.stopping() {
                break;
            }
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let due: Vec<Source> = self.store().sources_due(&now)?.into_iter().map(Source::Url).collect();
            if !due.is_empty() {
                let report = self.ingest(&due, progress).await?;
                on_round(&WatchRound { polled: due.len(), report });
            }
            if once || self.stopping() {
                break;
            }
            let nap = self.until_next_poll()?;
            // Registered before the last look at the flag, so a stop requested
            // in between still wakes this sleep.
            let stopped = self.stop_notify.notified();
            tokio::pin!(stopped);
            stopped.as_mut().enable();
            if self.stopping() {
                break;
            }
            tokio::select! {
                _ = tokio::time::sleep(nap) => {}
                _ = stopped => {}
            }
        }
        Ok(())
    }

    /// Time until the earliest scheduled poll, between 50 ms and [`MAX_NAP`].
    fn until_next_poll(&self) -> Result<Duration> {
        let next = self.store().next_poll_at()?;
        let wait = next
            .and_then(|n| chrono::DateTime::parse_from_rfc3339(&n).ok())
            .map(|n| (n.with_timezone(&chrono::Utc) - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(MAX_NAP);
        Ok(wait.clamp(Duration::from_millis(50), MAX_NAP))
    }
}
