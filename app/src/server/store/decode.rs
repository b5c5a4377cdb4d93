//! Decoding stored values into domain types, once, in the store. A value that does not
//! parse is an error naming the column and the value (logged, shown to the user as an
//! internal error), never a silent default.

use sqlx::any::AnyRow;
use sqlx::Row;

fn bad(column: &str, why: String) -> sqlx::Error {
    sqlx::Error::ColumnDecode { index: column.to_string(), source: why.into() }
}

/// A text column parsed by a domain parser.
pub fn parsed<T>(row: &AnyRow, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, sqlx::Error> {
    let raw: String = row.try_get(column)?;
    parse(&raw).map_err(|e| bad(column, format!("stored value {raw:?}: {e}")))
}

/// A 0/1 integer column (portable across SQLite and PostgreSQL) as a bool.
pub fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    match row.try_get::<i64, _>(column)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(bad(column, format!("stored value {n} is not 0 or 1"))),
    }
}
