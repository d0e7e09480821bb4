//! Refusing addresses a public news fetcher has no business reaching: loopback,
//! private networks, link-local (cloud metadata at 169.254.169.254), CGNAT and the
//! IPv4-mapped forms of those. Without this guard a feed or a redirect could point
//! Marsad at the machine it runs on or at the operator's internal network (SSRF).
//!
//! The check happens inside the DNS resolver that reqwest connects with, so the
//! addresses that were checked are exactly the addresses that get connected to:
//! there is no window for DNS rebinding between "check" and "connect". Hosts written
//! as IP literals never reach a resolver, so [`check_literal_host`] covers them
//! before each request.

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// True when `ip` is not a public unicast address on the internet.
pub(crate) fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_forbidden_v4(v4),
        IpAddr::V6(v6) => {
            // An IPv4-mapped or IPv4-compatible address reaches the IPv4 host, so it
            // must be judged as that host.
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_forbidden_v4(v4);
            }
            is_forbidden_v6(v6)
        }
    }
}

fn is_forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        // 0.0.0.0/8 is "this network"; Linux connects 0.x to the local host.
        || a == 0
        // 100.64.0.0/10, carrier-grade NAT: internal to the provider's network.
        || (a == 100 && (64..128).contains(&b))
}

fn is_forbidden_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7, unique local addresses (the IPv6 private ranges).
        || (first & 0xfe00) == 0xfc00
        // fe80::/10, link-local.
        || (first & 0xffc0) == 0xfe80
        // ::a.b.c.d, the deprecated IPv4-compatible form, still routes to IPv4
        // on some stacks.
        || (ip.segments()[..6].iter().all(|s| *s == 0) && is_forbidden_v4(ipv4_tail(ip)))
}

fn ipv4_tail(ip: Ipv6Addr) -> Ipv4Addr {
    let o = ip.octets();
    Ipv4Addr::new(o[12], o[13], o[14], o[15])
}

/// The address a host name resolved to that the guard refused. It travels through
/// reqwest's error chain and is recognised again in `error::classify`.
#[derive(Debug)]
pub(crate) struct RefusedAddress(pub(crate) IpAddr);

impl fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused private address {}", self.0)
    }
}

impl StdError for RefusedAddress {}

/// The host name could not be resolved at all; kept apart from other connect
/// errors so the message can say "DNS lookup failed".
#[derive(Debug)]
pub(crate) struct LookupFailed {
    pub(crate) host: String,
    pub(crate) detail: String,
}

impl fmt::Display for LookupFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DNS lookup failed for host {}: {}",
            self.host, self.detail
        )
    }
}

impl StdError for LookupFailed {}

/// Resolver handed to reqwest: the system resolver (through tokio), followed by the
/// address check unless private addresses are allowed.
pub(crate) struct GuardedResolver {
    pub(crate) allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0 tells reqwest to substitute the URL's port.
            let lookup = tokio::net::lookup_host((host.as_str(), 0)).await;
            let found: Vec<SocketAddr> = match lookup {
                Ok(addrs) => addrs.collect(),
                Err(err) => {
                    return Err(Box::new(LookupFailed {
                        host: host.clone(),
                        detail: err.to_string(),
                    }) as Box<dyn StdError + Send + Sync>)
                }
            };
            if found.is_empty() {
                return Err(Box::new(LookupFailed {
                    host: host.clone(),
                    detail: "no addresses".into(),
                }) as _);
            }
            if !allow_private {
                // One bad address refuses the whole name: a name that mixes public
                // and internal addresses is exactly what a rebinding attack looks like.
                if let Some(bad) = found.iter().find(|a| is_forbidden(a.ip())) {
                    return Err(Box::new(RefusedAddress(bad.ip())) as _);
                }
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The forbidden address written directly in `url`, if any.
pub(crate) fn check_literal_host(url: &url::Url) -> Option<IpAddr> {
    let ip = match url.host()? {
        url::Host::Ipv4(v4) => IpAddr::V4(v4),
        url::Host::Ipv6(v6) => IpAddr::V6(v6),
        url::Host::Domain(_) => return None,
    };
    is_forbidden(ip).then_some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address parses")
    }

    #[test]
    fn internal_ranges_are_refused() {
        for bad in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "100.127.255.254",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            assert!(is_forbidden(ip(bad)), "{bad} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for good in [
            "8.8.8.8",
            "172.32.0.1",
            "172.15.255.255",
            "100.128.0.1",
            "100.63.255.255",
            "192.169.0.1",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_forbidden(ip(good)), "{good} should be allowed");
        }
    }

    #[test]
    fn literal_hosts_are_checked_but_names_are_left_to_the_resolver() {
        let literal = url::Url::parse("http://[::ffff:7f00:1]:8080/x").expect("url");
        assert_eq!(check_literal_host(&literal), Some(ip("::ffff:127.0.0.1")));
        let decimal = url::Url::parse("http://2130706433/").expect("url");
        assert_eq!(check_literal_host(&decimal), Some(ip("127.0.0.1")));
        let name = url::Url::parse("http://localhost/").expect("url");
        assert_eq!(check_literal_host(&name), None);
    }
}
