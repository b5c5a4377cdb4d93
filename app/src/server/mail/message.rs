//! An outbox row as the e-mail that is sent: plain text and the same text as HTML
//! (multipart/alternative), in Norwegian, ending with the portal's address.

use super::html;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// The text as sent: the body, then the portal's address unless the body has it already.
pub fn with_portal_link(body: &str, public_url: &str) -> String {
    let body = body.trim_end();
    if body.contains(public_url) {
        format!("{body}\n")
    } else {
        format!("{body}\n\n-- \nSelvbetjening\n{public_url}\n")
    }
}

/// The HTML part: the text, escaped, in paragraphs, with its addresses as links.
pub fn html_part(subject: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nb\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5\">\n{}</body>\n</html>\n",
        html::escape(subject),
        html::paragraphs(text)
    )
}

/// The message for outbox row `id`. Its Message-ID is made from the row's id, so every
/// attempt at one row sends the same message and a receiver can tell a repeat. An `Err`
/// is a message that can never be sent (a recipient that is not an address).
pub fn compose(id: &str, from: &Mailbox, recipient: &str, subject: &str, body: &str, public_url: &str) -> Result<Message, String> {
    let to: Mailbox = recipient.parse().map_err(|e| format!("Mottakeradressen «{recipient}» er ugyldig: {e}"))?;
    let text = with_portal_link(body, public_url);
    let html = html_part(subject, &text);
    let part = |content_type: ContentType, content: String| {
        // Quoted-printable keeps the Norwegian letters readable in the raw message and
        // needs no 8BITMIME from the server.
        SinglePart::builder().header(content_type).header(ContentTransferEncoding::QuotedPrintable).body(content)
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<{id}@{}>", from.email.domain())))
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), "nb".into()))
        .multipart(MultiPart::alternative().singlepart(part(ContentType::TEXT_PLAIN, text)).singlepart(part(ContentType::TEXT_HTML, html)))
        .map_err(|e| format!("E-posten kan ikke lages: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_link_is_added_once() {
        let url = "https://selvbetjening.example.no";
        assert_eq!(with_portal_link("Hei.\n\n", url), "Hei.\n\n-- \nSelvbetjening\nhttps://selvbetjening.example.no\n");
        let has = format!("Logg inn på {url}/profil.");
        assert_eq!(with_portal_link(&has, url), format!("{has}\n"));
    }

    #[test]
    fn composes_text_and_html() {
        let from: Mailbox = "Selvbetjening <noreply@example.no>".parse().unwrap();
        let m = compose("abc", &from, "kari@example.no", "Bekreft e-posten din", "Åpne https://x.no/bekreft?token=t&a=1 <nå>", "https://x.no").unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("Message-ID: <abc@example.no>"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("Content-Language: nb"), "{raw}");
        assert!(raw.contains("text/plain") && raw.contains("text/html"), "{raw}");
        assert_eq!(m.envelope().to().iter().map(|a| a.to_string()).collect::<Vec<_>>(), ["kari@example.no"]);
        assert!(raw.is_ascii(), "quoted-printable throughout");
        assert!(compose("abc", &from, "ikke en adresse", "x", "y", "https://x.no").unwrap_err().contains("ugyldig"));
    }
}
