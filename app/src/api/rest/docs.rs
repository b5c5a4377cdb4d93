//! `/api/v1/docs`: the OpenAPI document as a plain page, rendered on the server from the
//! same document `/api/v1/openapi.json` serves (no scripts, nothing fetched from elsewhere).

use super::ApiDoc;
use axum::response::Html;
use utoipa::OpenApi;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub async fn page() -> Html<String> {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let mut rows = String::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let scopes = op["security"]
                    .as_array()
                    .and_then(|s| s.first())
                    .and_then(|s| s["bearer"].as_array())
                    .map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "));
                let body = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().map(|r| r.rsplit('/').next().unwrap_or(r).to_string());
                let codes = op["responses"].as_object().map(|r| r.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default();
                rows.push_str(&format!(
                    "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                    esc(&method.to_uppercase()),
                    esc(path),
                    esc(op["description"].as_str().or(op["summary"].as_str()).unwrap_or("")),
                    esc(&scopes.unwrap_or_default()),
                    esc(&body.unwrap_or_else(|| "–".into())),
                    esc(&codes),
                ));
            }
        }
    }
    let mut schemas = String::new();
    if let Some(all) = doc["components"]["schemas"].as_object() {
        for (name, schema) in all {
            schemas.push_str(&format!("<h3 id=\"{0}\">{0}</h3>\n<pre>{1}</pre>\n", esc(name), esc(&serde_json::to_string_pretty(schema).unwrap_or_default())));
        }
    }
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} – API</title>\
         <link rel=\"stylesheet\" href=\"/pkg/selvbetjening.css\"></head><body><main class=\"container\">\
         <h1>{title}</h1><p>{desc}</p>\
         <p>Machine-readable: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI {version}).</p>\
         <table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Scope</th><th>Body</th><th>Answers</th></tr></thead>\
         <tbody>{rows}</tbody></table><h2>Schemas</h2>{schemas}</main></body></html>",
        title = esc(doc["info"]["title"].as_str().unwrap_or("API")),
        desc = esc(doc["info"]["description"].as_str().unwrap_or("")),
        version = esc(doc["openapi"].as_str().unwrap_or("")),
    ))
}
