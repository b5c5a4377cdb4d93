//! `GET /tjenester/endringslogg.csv`: "Last ned som CSV" on "Endringslogg". The same
//! filters and the same reach as the page (`services::audit`), as a download: a plain GET,
//! so the browser saves it as a file.

use crate::contract::audit::{AuditQuery, CSV_PATH};
use crate::error::AppError;
use crate::server::{refusals::status_of, session, AppState};
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new().route(CSV_PATH, get(download))
}

pub async fn download(State(state): State<AppState>, Query(query): Query<AuditQuery>, headers: HeaderMap) -> Response {
    match csv(&state, query, &headers).await {
        Ok(body) => {
            let name = format!("endringslogg-{}.csv", crate::domain::time::format_date(crate::server::now()));
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))], body)
                .into_response()
        }
        Err(e) => {
            if matches!(e, AppError::Internal) {
                tracing::error!("endringslogg.csv failed");
            }
            (status_of(&e), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], e.to_string()).into_response()
        }
    }
}

async fn csv(state: &AppState, query: AuditQuery, headers: &HeaderMap) -> Result<String, AppError> {
    let token = session::token_from_headers(headers).ok_or(AppError::Unauthenticated)?;
    let user = {
        let mut conn = state.pool.acquire().await?;
        session::load(&mut conn, &token).await?.ok_or(AppError::Unauthenticated)?
    };
    let filter = query.parse()?;
    crate::server::services::audit::export_csv(state, &user, filter).await
}
