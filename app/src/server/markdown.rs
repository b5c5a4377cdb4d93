//! Markdown for scope documentation, rendered on the server and made safe: raw HTML is
//! shown as text, links keep only https, mailto and this site's own paths, and remote
//! images are shown as their alt text.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

pub fn to_safe_html(markdown: &str) -> String {
    // Inside a remote image: its alt text is shown as text instead.
    let mut in_remote_image = false;
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
        // Raw HTML would let a provider run script in every consumer's browser.
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => Some(Event::Start(Tag::Link { link_type, dest_url: safe_link(dest_url), title, id })),
        // A remote image would tell another server who reads the page, and when.
        Event::Start(Tag::Image { .. }) if is_remote(&event_url(&event)) => {
            in_remote_image = true;
            None
        }
        Event::End(TagEnd::Image) if in_remote_image => {
            in_remote_image = false;
            None
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

fn event_url(event: &Event<'_>) -> String {
    match event {
        Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
        _ => String::new(),
    }
}

/// The URL's scheme, lower-cased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    lower.split_once(':').map(|(s, _)| s.to_string()).filter(|s| !s.contains('/') && !s.contains('?') && !s.contains('#'))
}

/// Anything that leaves this site: a scheme, or a protocol-relative `//host`.
fn is_remote(url: &str) -> bool {
    scheme(url).is_some() || url.trim().starts_with("//")
}

/// Links keep https, mailto and this site's own paths; anything else becomes `#`.
fn safe_link(url: CowStr<'_>) -> CowStr<'_> {
    match scheme(&url).as_deref() {
        Some("https") | Some("mailto") => url,
        None if !url.trim().starts_with("//") => url,
        _ => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_defuses() {
        assert!(to_safe_html("**fet** og [lenke](https://example.no)").contains("<strong>fet</strong>"));
        let evil = to_safe_html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) <img src=x onerror=alert(3)>");
        assert!(!evil.contains("<script"), "{evil}");
        assert!(!evil.contains("<img"), "{evil}");
        assert!(!evil.to_ascii_lowercase().contains("href=\"javascript"), "{evil}");
        assert!(to_safe_html("[rel](/docs/a)").contains("href=\"/docs/a\""));
    }

    #[test]
    fn only_https_links_and_no_remote_images() {
        assert!(to_safe_html("[s](https://example.no)").contains("href=\"https://example.no\""));
        for insecure in ["[h](http://example.no)", "[p](//example.no/x)", "[f](ftp://example.no)"] {
            let html = to_safe_html(insecure);
            assert!(html.contains("href=\"#\""), "{insecure}: {html}");
        }
        let html = to_safe_html("![sporing](https://tracker.example/pixel.png) ![lokal](/bilder/a.png)");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("sporing"), "the alt text stays: {html}");
        assert!(html.contains("src=\"/bilder/a.png\""), "{html}");
        assert!(!to_safe_html("![x](//tracker.example/p.png)").contains("<img"));
    }
}
