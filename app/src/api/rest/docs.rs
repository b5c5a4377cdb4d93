//! `/api/v1/docs`: the OpenAPI document as a plain page, rendered on the server from the
//! same document `/api/v1/openapi.json` serves (no scripts, nothing fetched from elsewhere).

use super::ApiDoc;
use axum::response::Html;
use serde_json::Value;
use utoipa::OpenApi;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The JSON schema a request or response carries, as a link to it under "Schemas":
/// `ClientOut`, or `[KeyOut]` for an array of them.
fn schema_link(content: &Value) -> Option<String> {
    let schema = &content["content"]["application/json"]["schema"];
    let (name, array) = match schema["$ref"].as_str() {
        Some(r) => (r, false),
        None => (schema["items"]["$ref"].as_str()?, true),
    };
    let name = esc(name.rsplit('/').next().unwrap_or(name));
    let link = format!("<a href=\"#{name}\"><code>{name}</code></a>");
    Some(if array { format!("[{link}]") } else { link })
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
                let body = schema_link(&op["requestBody"]).unwrap_or_else(|| "–".into());
                let answers = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(code, r)| match schema_link(r) {
                        Some(link) => format!("{} {link}", esc(code)),
                        None => esc(code),
                    })
                    .collect::<Vec<_>>()
                    .join("<br>");
                rows.push_str(&format!(
                    "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{body}</td><td>{answers}</td></tr>\n",
                    esc(&method.to_uppercase()),
                    esc(path),
                    esc(op["description"].as_str().or(op["summary"].as_str()).unwrap_or("")),
                    esc(&scopes.unwrap_or_default()),
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
