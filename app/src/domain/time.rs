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
}
