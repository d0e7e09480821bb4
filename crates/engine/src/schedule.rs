//! When to poll a source next. The interval is learnt from how often the source
//! publishes, multiplicatively (like TCP's congestion window): a poll that finds
//! new items halves it, a poll that finds none stretches it by half, always
//! within the configured bounds (5 min .. 24 h by default). A failing source
//! backs off exponentially from its interval with each consecutive failure, up to
//! the upper bound, and is never dropped: it is polled again at the bound.

use std::time::Duration;

/// Bounds of the adaptive schedule. `marsad watch` has hidden flags to shrink
/// them for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleBounds {
    pub min: Duration,
    pub max: Duration,
}

impl Default for ScheduleBounds {
    fn default() -> Self {
        ScheduleBounds {
            min: Duration::from_secs(5 * 60),
            max: Duration::from_secs(24 * 3600),
        }
    }
}

/// Interval given to a source never polled before: one hour, a middle ground
/// that the first few polls correct in either direction.
const FIRST_INTERVAL: Duration = Duration::from_secs(3600);

impl ScheduleBounds {
    fn clamp(&self, d: Duration) -> Duration {
        d.max(self.min).min(self.max.max(self.min))
    }

    /// The learnt interval after a successful poll that found `new_items`.
    pub fn after_success(&self, previous: Option<Duration>, new_items: u64) -> Duration {
        let previous = self.clamp(previous.unwrap_or(FIRST_INTERVAL));
        let next = if new_items > 0 { previous / 2 } else { previous.mul_f64(1.5) };
        self.clamp(next)
    }

    /// The wait before the next try after `consecutive_failures` failures in a row
    /// (1 for the first): the learnt interval doubled per failure, capped.
    pub fn after_failure(&self, learnt: Option<Duration>, consecutive_failures: u64) -> Duration {
        let base = self.clamp(learnt.unwrap_or(self.min));
        let factor = 1u32 << consecutive_failures.saturating_sub(1).min(16);
        self.clamp(base.saturating_mul(factor))
    }
}

/// `now + wait` as RFC 3339 UTC, the form the store compares as text.
pub fn at(wait: Duration) -> String {
    let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::days(1));
    (chrono::Utc::now() + wait).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_sources_are_polled_more_often_quiet_ones_less_within_bounds() {
        let b = ScheduleBounds::default();
        let mut interval = None;
        for _ in 0..20 {
            interval = Some(b.after_success(interval, 3));
        }
        assert_eq!(interval, Some(b.min));
        for _ in 0..40 {
            interval = Some(b.after_success(interval, 0));
        }
        assert_eq!(interval, Some(b.max));
    }

    #[test]
    fn failures_back_off_exponentially_and_stay_bounded() {
        let b = ScheduleBounds::default();
        let first = b.after_failure(Some(b.min), 1);
        let second = b.after_failure(Some(b.min), 2);
        let third = b.after_failure(Some(b.min), 3);
        assert_eq!((first, second, third), (b.min, b.min * 2, b.min * 4));
        assert_eq!(b.after_failure(Some(b.min), 1000), b.max);
    }
}
