//! Plain text as HTML: the e-mails' HTML part and the development mailbox show the same
//! text, escaped, with its web addresses as links.

/// Escapes the characters that mean something in HTML text and attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escapes the text and turns http(s) URLs into links. Punctuation that ends a sentence
/// right after an address (`…/bekreft.`) stays outside the link.
pub fn linkify(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            let url = trimmed.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            if url.len() > "https://".len() && (url.starts_with("http://") || url.starts_with("https://")) {
                format!("<a href=\"{0}\">{0}</a>{1}", escape(url), escape(&word[url.len()..]))
            } else {
                escape(word)
            }
        })
        .collect()
}

/// A whole text as HTML paragraphs: a blank line starts a new paragraph, a single line
/// break stays a line break.
pub fn paragraphs(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| format!("<p>{}</p>\n", linkify(p).replace('\n', "<br>\n"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_escaping() {
        let out = linkify("Gå til https://x.no/bekreft?token=a&b=1\n<b>");
        assert!(out.contains("<a href=\"https://x.no/bekreft?token=a&amp;b=1\">"));
        assert!(out.contains("&lt;b&gt;"));
    }

    #[test]
    fn sentence_punctuation_stays_outside_the_link() {
        assert_eq!(linkify("Se https://x.no/a."), "Se <a href=\"https://x.no/a\">https://x.no/a</a>.");
        assert_eq!(linkify("(https://x.no)"), "(https://x.no)", "only words that start with the address");
        assert_eq!(linkify("https:// alene"), "https:// alene");
    }

    #[test]
    fn paragraphs_and_line_breaks() {
        let html = paragraphs("Hei Kari,\r\n\r\nFørste linje\nandre <linje>\n\n\n");
        assert_eq!(html, "<p>Hei Kari,</p>\n<p>Første linje<br>\nandre &lt;linje&gt;</p>\n");
    }
}
