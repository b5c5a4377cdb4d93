//! The audit log: who changed what, when, for which organisation, before → after.
//! Written in the same transaction as the change it records; never updated or deleted
//! (nothing in the portal writes to it but `record`).

use crate::domain::audit::{AuditAction, AuditFilter, AuditObjectKind};
use crate::server::new_id;
use sqlx::{AnyConnection, FromRow};

/// What a record is about, beyond the action: the object's environment and name, and the
/// other organisation concerned (which sees the record in its log too).
#[derive(Debug, Clone, Copy, Default)]
pub struct About<'a> {
    pub environment: Option<&'a str>,
    pub object: Option<&'a str>,
    pub other_org_id: Option<&'a str>,
}

impl<'a> About<'a> {
    pub fn object(environment: Option<&'a str>, object: &'a str) -> Self {
        About { environment, object: Some(object), other_org_id: None }
    }

    pub fn with_other(self, other_org_id: Option<&'a str>) -> Self {
        About { other_org_id, ..self }
    }
}

pub async fn record(
    conn: &mut AnyConnection,
    actor_user_id: Option<&str>,
    org_id: Option<&str>,
    action: AuditAction,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    record_about(conn, actor_user_id, org_id, action, About::default(), before, after).await
}

pub async fn record_about(
    conn: &mut AnyConnection,
    actor_user_id: Option<&str>,
    org_id: Option<&str>,
    action: AuditAction,
    about: About<'_>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    let micros = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or(0);
    sqlx::query(
        "INSERT INTO audit_log (id, at, at_us, actor_user_id, org_id, action, before_state, after_state, environment, object_label, other_org_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(new_id())
    .bind(micros / 1_000_000)
    .bind(micros)
    .bind(actor_user_id.map(str::to_string))
    .bind(org_id.map(str::to_string))
    .bind(action.code())
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .bind(about.environment.map(str::to_string))
    .bind(about.object.map(str::to_string))
    .bind(about.other_org_id.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(())
}

/// Whose records a reader may see.
#[derive(Debug, Clone)]
pub enum Reach {
    /// The operator: every organisation's.
    All,
    /// An organisation's own records and those about it. `only`: just these actions in
    /// these environments (someone who is not the main administrator sees what they may
    /// manage; an environment of `None` is the organisation-wide records, e.g. the
    /// provider's merkantile data); `None`: all of them.
    Org { org_id: String, only: Option<Vec<(Option<String>, Vec<AuditAction>)>> },
}

#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub id: String,
    pub at: i64,
    pub action: String,
    pub environment: Option<String>,
    pub object_label: Option<String>,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub actor_org_id: Option<String>,
    pub org_name: Option<String>,
    pub org_number: Option<String>,
    pub other_org_id: Option<String>,
    pub other_name: Option<String>,
    pub other_number: Option<String>,
}

enum Bind {
    Text(String),
    Int(i64),
}

/// Codes as SQL literals: they are our own constants (`[a-z_.]`), never user input.
fn in_list(actions: &[AuditAction]) -> String {
    let codes: Vec<String> = actions.iter().map(|a| format!("'{}'", a.code())).collect();
    if codes.is_empty() {
        "(NULL)".into()
    } else {
        format!("({})", codes.join(", "))
    }
}

/// The WHERE clause for `reach` and `filter`, with its bind values in order.
fn conditions(reach: &Reach, filter: &AuditFilter) -> (String, Vec<Bind>) {
    let mut binds = Vec::new();
    let mut push = |b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    let listed: Vec<AuditAction> = AuditObjectKind::LISTED.iter().flat_map(|k| k.actions()).collect();
    let mut clauses = vec![format!("a.action IN {}", in_list(&listed))];
    if let Reach::Org { org_id, only } = reach {
        let (p1, p2) = (push(Bind::Text(org_id.clone())), push(Bind::Text(org_id.clone())));
        clauses.push(format!("(a.org_id = {p1} OR a.other_org_id = {p2})"));
        if let Some(only) = only {
            let mut allowed: Vec<String> = Vec::new();
            for (env, actions) in only {
                if actions.is_empty() {
                    continue;
                }
                let place = match env {
                    Some(env) => format!("a.environment = {}", push(Bind::Text(env.clone()))),
                    None => "a.environment IS NULL".to_string(),
                };
                allowed.push(format!("({place} AND a.action IN {})", in_list(actions)));
            }
            clauses.push(if allowed.is_empty() { "1 = 0".into() } else { format!("({})", allowed.join(" OR ")) });
        }
    }
    if let Some(env) = &filter.environment {
        clauses.push(format!("a.environment = {}", push(Bind::Text(env.clone()))));
    }
    if let Some(kind) = filter.kind {
        clauses.push(format!("a.action IN {}", in_list(&kind.actions())));
    }
    if let Some(person) = &filter.person {
        clauses.push(format!("a.actor_user_id = {}", push(Bind::Text(person.clone()))));
    }
    if let Some(from) = filter.from {
        clauses.push(format!("a.at >= {}", push(Bind::Int(from))));
    }
    if let Some(until) = filter.until {
        clauses.push(format!("a.at < {}", push(Bind::Int(until))));
    }
    (clauses.join(" AND "), binds)
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::Text(s) => q.bind(s),
                Bind::Int(i) => q.bind(i),
            };
        }
        q
    }};
}

/// Newest first; `limit` rows from `offset`.
pub async fn list(conn: &mut AnyConnection, reach: &Reach, filter: &AuditFilter, limit: i64, offset: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    let (clause, mut binds) = conditions(reach, filter);
    binds.push(Bind::Int(limit));
    binds.push(Bind::Int(offset));
    let sql = format!(
        "SELECT a.id, a.at, a.action, a.environment, a.object_label, a.before_state, a.after_state, \
                u.name AS actor_name, u.email AS actor_email, u.org_id AS actor_org_id, o.name AS org_name, o.org_number AS org_number, \
                a.other_org_id, x.name AS other_name, x.org_number AS other_number \
         FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_user_id \
         LEFT JOIN organizations o ON o.id = a.org_id \
         LEFT JOIN organizations x ON x.id = a.other_org_id \
         WHERE {clause} \
         ORDER BY a.at DESC, COALESCE(a.at_us, 0) DESC, a.id DESC LIMIT ${} OFFSET ${}",
        binds.len() - 1,
        binds.len()
    );
    bind_all!(sqlx::query_as::<_, AuditRow>(&sql), binds).fetch_all(conn).await
}

pub async fn count(conn: &mut AnyConnection, reach: &Reach, filter: &AuditFilter) -> Result<i64, sqlx::Error> {
    let (clause, binds) = conditions(reach, filter);
    let sql = format!("SELECT COUNT(*) FROM audit_log a WHERE {clause}");
    let (n,): (i64,) = bind_all!(sqlx::query_as(&sql), binds).fetch_one(conn).await?;
    Ok(n)
}

/// The people who appear in what `reach` sees, of `org_id` only, and a supplier's people
/// who did something for it (`AuditAction::done_for_customer`); `None`: of every
/// organisation. (user id, name, e-mail), by name.
pub async fn persons(conn: &mut AnyConnection, reach: &Reach, org_id: Option<&str>) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let (mut clause, mut binds) = conditions(reach, &AuditFilter::default());
    if let Some(org) = org_id {
        binds.push(Bind::Text(org.to_string()));
        binds.push(Bind::Text(org.to_string()));
        let for_customers = in_list(&AuditAction::for_customers());
        clause.push_str(&format!(" AND (u.org_id = ${} OR (a.other_org_id = ${} AND a.action IN {for_customers}))", binds.len() - 1, binds.len()));
    }
    let sql = format!("SELECT DISTINCT u.id, u.name, u.email FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE {clause} ORDER BY u.name, u.email");
    bind_all!(sqlx::query_as(&sql), binds).fetch_all(conn).await
}
