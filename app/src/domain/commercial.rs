//! "Merkantile data": the rules for Fakturainformasjon and Varslingspunkter.

use super::Email;

/// "Fakturareferanse": at most this many characters.
pub const REFERENCE_MAX: usize = 100;
/// "Varslingspunkter": at most this many addresses.
pub const CONTACTS_MAX: usize = 20;

/// "Faktura-e-post": optional.
pub fn parse_invoice_email(input: &str) -> Result<Option<Email>, String> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    Email::parse(input).map(Some).map_err(|m| format!("Faktura-e-post: {m}"))
}

pub fn parse_invoice_reference(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.chars().count() > REFERENCE_MAX {
        return Err(format!("Fakturareferanse kan ha høyst {REFERENCE_MAX} tegn."));
    }
    super::text::check_visible(s, "Fakturareferanse", false)?;
    Ok(s.to_string())
}

/// "Varslingspunkter": addresses separated by commas, semicolons, spaces or new lines;
/// duplicates dropped. The count is checked before any address is parsed, so a huge
/// paste costs nothing.
pub fn parse_contacts(input: &str) -> Result<Vec<Email>, String> {
    let raw: Vec<&str> = input.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
    if raw.len() > CONTACTS_MAX {
        return Err(format!("Oppgi høyst {CONTACTS_MAX} varslingspunkter."));
    }
    let mut contacts: Vec<Email> = Vec::with_capacity(raw.len());
    for r in raw {
        let e = Email::parse(r).map_err(|m| format!("Varslingspunkter: «{r}»: {m}"))?;
        if !contacts.contains(&e) {
            contacts.push(e);
        }
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_counted_before_parsing() {
        assert_eq!(parse_contacts("a@x.no; b@x.no a@x.no").unwrap().len(), 2);
        let many = (0..100_000).map(|i| format!("p{i}@x.no")).collect::<Vec<_>>().join(",");
        assert!(parse_contacts(&many).unwrap_err().contains("høyst 20"));
    }
}
