//! An accessible text field: visible label, hint, inline error tied by `aria-describedby`.

use leptos::prelude::*;

/// A field's own rule, run when it loses focus: the domain parser, its value dropped.
pub type FieldCheck = fn(&str) -> Result<(), String>;

#[component]
pub fn TextField(
    /// The visible label; also the accessible name.
    label: &'static str,
    /// Unique id on the page.
    id: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// Checked when the field loses focus, so a wrong format shows before submitting.
    #[prop(optional)]
    check: Option<FieldCheck>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let blur_error = RwSignal::new(None::<String>);
    let shown = Signal::derive(move || blur_error.get().or_else(|| error.get()));
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        // Focus moving to a button means the user is clicking it (submit, say). Showing an
        // error now would push the button away under the pointer and swallow the click;
        // the submit validates every field anyway.
        if moves_to_button(&ev) {
            return;
        }
        if let Some(check) = check {
            let v = value.get_untracked();
            blur_error.set(if v.trim().is_empty() { None } else { check(&v).err() });
        }
    };
    let on_input = move |v: String| {
        value.set(v);
        if blur_error.get_untracked().is_some() {
            if let Some(check) = check {
                blur_error.set(check(&value.get_untracked()).err());
            }
        }
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if shown.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let invalid = move || if shown.get().is_some() { "true" } else { "false" };
    let input = if multiline {
        view! {
            <textarea id=id name=id rows="3" required=required aria-invalid=invalid aria-describedby=described
                prop:value=move || value.get() on:input:target=move |ev| on_input(ev.target().value()) on:blur=on_blur>
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id name=id type=input_type required=required autocomplete=autocomplete aria-invalid=invalid
                aria-describedby=described prop:value=move || value.get()
                on:input:target=move |ev| on_input(ev.target().value()) on:blur=on_blur/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || shown.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {input}
            {move || shown.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

fn moves_to_button(ev: &leptos::ev::FocusEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.related_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"))
}
