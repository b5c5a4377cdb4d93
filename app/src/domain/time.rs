//! Timestamps are stored as UTC Unix seconds on both databases; this formats them for people.

/// `YYYY-MM-DD HH:MM` (UTC) for a Unix timestamp in seconds.
pub fn format_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// `YYYY-MM-DD` (UTC): a day is enough for expiry dates in lists.
pub fn format_date(unix_seconds: i64) -> String {
    let (y, m, d) = civil_from_days(unix_seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// A day typed as `YYYY-MM-DD` (a date field's value) as the Unix time of its first second,
/// UTC; the message names the rule.
pub fn parse_date(text: &str) -> Result<i64, String> {
    let bad = || format!("«{text}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, for eksempel 2026-01-31.");
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d) * 86_400)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's civil-to-days algorithm, the inverse of `civil_from_days`.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::format_utc(0), "1970-01-01 00:00");
        assert_eq!(super::format_utc(1_795_000_000), "2026-11-18 11:06");
        assert_eq!(super::format_utc(951_782_400), "2000-02-29 00:00");
        assert_eq!(super::format_utc(1_709_210_096), "2024-02-29 12:34");
        assert_eq!(super::format_utc(253_402_300_799), "9999-12-31 23:59");
        assert_eq!(super::format_utc(-1), "1969-12-31 23:59");
        assert_eq!(super::format_date(1_709_210_096), "2024-02-29");
    }

    #[test]
    fn parses_dates_and_round_trips() {
        assert_eq!(super::parse_date("1970-01-01"), Ok(0));
        assert_eq!(super::parse_date("2024-02-29").map(super::format_date), Ok("2024-02-29".into()));
        for day in [-1i64, 0, 59, 19_000, 2_932_896] {
            assert_eq!(super::parse_date(&super::format_date(day * 86_400)), Ok(day * 86_400));
        }
        for bad in ["", "2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-32", "2024/01/01", "i går"] {
            assert!(super::parse_date(bad).is_err(), "{bad}");
        }
    }
}
