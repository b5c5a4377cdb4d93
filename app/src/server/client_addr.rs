//! The client's address, for rate limits. Behind a reverse proxy the TCP peer is the proxy,
//! so every user would share one bucket; when the peer is one of `TRUSTED_PROXIES`, the
//! address is taken from `X-Forwarded-For` instead: the right-most entry that is not itself
//! a trusted proxy (entries to its left are whatever the client chose to send).

use std::net::IpAddr;

/// The address to count attempts against.
pub fn client_address(peer: Option<IpAddr>, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else { return "unknown".into() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops: Vec<IpAddr> = forwarded_for.unwrap_or("").split(',').filter_map(|h| h.trim().parse().ok()).collect();
    hops.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer).to_string()
}

/// `TRUSTED_PROXIES`: addresses separated by commas or spaces.
pub fn parse_trusted(list: &str) -> Result<Vec<IpAddr>, String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("TRUSTED_PROXIES: «{s}» is not an IP address")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_only_from_a_trusted_proxy() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // Direct clients: the header is theirs to forge, so it is ignored.
        assert_eq!(client_address(Some(ip("198.51.100.7")), Some("203.0.113.9"), &trusted), "198.51.100.7");
        // Through the proxy: the right-most untrusted hop.
        assert_eq!(client_address(Some(ip("10.0.0.1")), Some("203.0.113.9"), &trusted), "203.0.113.9");
        assert_eq!(client_address(Some(ip("10.0.0.1")), Some("1.2.3.4, 203.0.113.9, 10.0.0.2"), &trusted), "203.0.113.9");
        // A proxy that sent no header: the proxy itself.
        assert_eq!(client_address(Some(ip("10.0.0.1")), None, &trusted), "10.0.0.1");
        assert_eq!(client_address(None, Some("203.0.113.9"), &trusted), "unknown");
        assert_eq!(parse_trusted("10.0.0.1, ::1").unwrap().len(), 2);
        assert!(parse_trusted("proxy.local").is_err());
    }
}
