//! What one site's robots.txt lets Marsad do, decided once per origin and kept in
//! memory for the life of the [`crate::Fetcher`].

use std::time::Duration;

use texting_robots::Robot;

/// A site may ask for a long Crawl-delay; beyond this a single news page would take
/// minutes, so we cap it and stay far politer than most crawlers anyway.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

pub(crate) struct RobotsRules {
    robot: Option<Robot>,
    pub(crate) crawl_delay: Option<Duration>,
}

impl RobotsRules {
    pub(crate) fn allow_all() -> RobotsRules {
        RobotsRules {
            robot: None,
            crawl_delay: None,
        }
    }

    /// Rules for `agent` (the product token, e.g. "Marsad") from a robots.txt body.
    /// A file the parser cannot read is treated as absent: an unreadable file
    /// expresses no wish we could honour.
    pub(crate) fn parse(agent: &str, body: &[u8]) -> RobotsRules {
        match Robot::new(agent, body) {
            Ok(robot) => {
                let crawl_delay = robot
                    .delay
                    .filter(|secs| secs.is_finite() && *secs > 0.0)
                    .map(|secs| Duration::from_secs_f32(secs.min(MAX_CRAWL_DELAY.as_secs_f32())));
                RobotsRules {
                    robot: Some(robot),
                    crawl_delay,
                }
            }
            Err(err) => {
                tracing::warn!("fetch: unreadable robots.txt, treating as absent: {err}");
                RobotsRules::allow_all()
            }
        }
    }

    pub(crate) fn allows(&self, url: &url::Url) -> bool {
        match &self.robot {
            Some(robot) => robot.allowed(url.as_str()),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).expect("test url parses")
    }

    #[test]
    fn rules_for_our_agent_win_over_the_wildcard() {
        let body = b"User-agent: *\nDisallow: /\n\nUser-agent: Marsad\nDisallow: /drafts/\nCrawl-delay: 2.5\n";
        let rules = RobotsRules::parse("Marsad", body);
        assert!(rules.allows(&url("https://news.example/world/story-1")));
        assert!(!rules.allows(&url("https://news.example/drafts/x")));
        assert_eq!(rules.crawl_delay, Some(Duration::from_millis(2500)));
    }

    #[test]
    fn wildcard_applies_when_we_are_not_named_and_delay_is_capped() {
        let body = b"User-agent: *\nDisallow: /private\nCrawl-delay: 3600\n";
        let rules = RobotsRules::parse("Marsad", body);
        assert!(!rules.allows(&url("http://site.example/private/page")));
        assert!(rules.allows(&url("http://site.example/public")));
        assert_eq!(rules.crawl_delay, Some(MAX_CRAWL_DELAY));
    }
}
