//! Organisations as the operator registers them: the name and the e-mail domains.

use super::EmailDomain;

pub const ORG_NAME_MAX: usize = 200;
/// "E-postdomener": at most this many per organisation.
pub const DOMAINS_MAX: usize = 20;

/// "Navn": required, whitespace collapsed, at most `ORG_NAME_MAX` characters.
pub fn parse_org_name(input: &str) -> Result<String, String> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("Navn må fylles ut.".into());
    }
    super::text::check_visible(input, "Navn", false)?;
    if name.chars().count() > ORG_NAME_MAX {
        return Err(format!("Navn kan ha høyst {ORG_NAME_MAX} tegn."));
    }
    Ok(name)
}

/// "E-postdomener": one or more, separated by commas, spaces or new lines; duplicates dropped.
pub fn parse_domains(input: &str) -> Result<Vec<EmailDomain>, String> {
    let mut domains: Vec<EmailDomain> = Vec::new();
    let raw: Vec<&str> = input.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
    if raw.is_empty() {
        return Err("Oppgi minst ett e-postdomene.".into());
    }
    // Counted before anything is parsed, so a huge paste is refused at once.
    if raw.len() > DOMAINS_MAX {
        return Err(format!("Oppgi høyst {DOMAINS_MAX} e-postdomener."));
    }
    for d in raw {
        let d = EmailDomain::parse(d)?;
        if !domains.contains(&d) {
            domains.push(d);
        }
    }
    Ok(domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_counted_before_parsing() {
        assert_eq!(parse_domains("a.no, b.no a.no").unwrap().len(), 2);
        let many = (0..100_000).map(|i| format!("d{i}.no")).collect::<Vec<_>>().join(" ");
        assert!(parse_domains(&many).unwrap_err().contains("høyst 20"));
        assert!(parse_domains(" ").unwrap_err().contains("minst ett"));
    }
}
