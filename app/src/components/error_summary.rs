//! The box at the top of a form that could not be sent: what is wrong, each field a link
//! that takes you to it. It takes focus on every failed submit (so the error is in view and
//! read out even when the fields are above or below the screen) and puts "Feil:" in front
//! of the page title while it shows.

use super::{page_title, FormError};
use crate::error::AppError;
use leptos::prelude::*;

/// One field the summary can point to: (field name as the server names it, the id of its
/// control, its label).
pub type SummaryField = (&'static str, &'static str, &'static str);

/// Every error of `errors`. Field errors are named by their label and link to their
/// control, whose own message stays beside it (each message shows once); anything not tied
/// to one of `fields` is shown here in full.
#[component]
pub fn ErrorSummary(errors: FormError, fields: &'static [SummaryField]) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        errors.0.track();
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    move || {
        errors.0.get().map(|e| {
            let (linked, rest) = split(&e, fields);
            let list = (!linked.is_empty()).then(|| {
                view! {
                    <p class="error-summary-title">"Rett opp dette før du går videre:"</p>
                    <ul>
                        {linked.into_iter().map(|(id, label)| view! {
                            <li><a href=format!("#{id}") on:click=move |ev| {
                                ev.prevent_default();
                                focus_control(id);
                            }>{label}</a></li>
                        }).collect_view()}
                    </ul>
                }
            });
            view! {
                <leptos_meta::Title formatter=|t: String| format!("Feil: {}", page_title(&t))/>
                <div class="alert alert-error error-summary" role="alert" tabindex="-1" node_ref=node>
                    {rest.map(|m| view! { <p>{m}</p> })}
                    {list}
                </div>
            }
        })
    }
}

/// The fields of `fields` that have an error, in the form's order, and the message for
/// everything else (or `None`).
fn split(e: &AppError, fields: &'static [SummaryField]) -> (Vec<(&'static str, &'static str)>, Option<String>) {
    let linked: Vec<_> = fields.iter().filter(|(f, _, _)| e.for_field(f).is_some()).map(|(_, id, label)| (*id, *label)).collect();
    let known: Vec<&str> = fields.iter().map(|(f, _, _)| *f).collect();
    (linked, e.general_message(&known))
}

fn focus_control(id: &'static str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = document().get_element_by_id(id) {
        use wasm_bindgen::JsCast;
        // A group of checkboxes: its first box.
        let target =
            if el.tag_name().eq_ignore_ascii_case("fieldset") { el.query_selector("input, select, textarea, button").ok().flatten().unwrap_or(el) } else { el };
        if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldError;

    const FIELDS: &[SummaryField] = &[("name", "client-name", "Navn"), ("scopes", "client-scopes", "Scopes")];

    #[test]
    fn field_errors_link_by_label_and_the_rest_is_said_in_full() {
        let e = AppError::Validation(vec![
            FieldError::new("scopes", "Velg minst ett scope."),
            FieldError::new("name", "Navn må fylles ut."),
            FieldError::new("customer", "Kunden finnes ikke."),
        ]);
        let (linked, rest) = split(&e, FIELDS);
        assert_eq!(linked, vec![("client-name", "Navn"), ("client-scopes", "Scopes")], "in the form's order");
        assert_eq!(rest.as_deref(), Some("Kunden finnes ikke."));
    }

    #[test]
    fn an_error_that_is_not_about_fields_is_shown_as_it_is() {
        let (linked, rest) = split(&AppError::Forbidden("Du har ikke rettigheten.".into()), FIELDS);
        assert!(linked.is_empty());
        assert_eq!(rest.as_deref(), Some("Du har ikke rettigheten."));
    }
}
