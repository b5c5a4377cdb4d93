//! The scope fields shared by "Nytt scope" and "Endre": description, documentation,
//! visibility, who may use it, token lifetime, delegation. Checked in the browser by the
//! same `ScopeInput::parse` the server runs.

use crate::components::{field::TextField, FormError, SummaryField};
use crate::contract::scopes::ScopeInput;
use crate::domain::{AtMaxAge, IntegrationType, Visibility};
use leptos::prelude::*;

/// The fields of "Nytt scope" for its error summary, in the form's order.
pub const SCOPE_SUMMARY: &[SummaryField] = &[
    ("prefix", "scope-prefix", "Prefiks"),
    ("subscope", "scope-subscope", "Subscope"),
    ("description", "scope-description", "Beskrivelse"),
    ("long_description", "scope-long-description", "Utfyllende dokumentasjon (Markdown)"),
    ("visibility", "scope-visibility", "Synlighet"),
    ("integration_types", "scope-types", "Tillatte integrasjonstyper"),
    ("at_max_age", "scope-at-max-age", "Levetid for token (sekunder)"),
];

/// The fields "Endre" shows: all but prefix and subscope, which never change.
pub const SCOPE_SETTINGS_SUMMARY: &[SummaryField] = SCOPE_SUMMARY.split_at(2).1;

/// The form's state, one signal per field.
#[derive(Clone, Copy)]
pub struct ScopeForm {
    pub prefix: RwSignal<String>,
    pub subscope: RwSignal<String>,
    pub description: RwSignal<String>,
    pub long_description: RwSignal<String>,
    pub visibility: RwSignal<String>,
    pub accessible_for_all: RwSignal<bool>,
    pub integration_types: RwSignal<Vec<String>>,
    pub at_max_age: RwSignal<String>,
    pub delegable: RwSignal<bool>,
}

impl ScopeForm {
    pub fn new(from: ScopeInput) -> Self {
        Self {
            prefix: RwSignal::new(from.prefix),
            subscope: RwSignal::new(from.subscope),
            description: RwSignal::new(from.description),
            long_description: RwSignal::new(from.long_description),
            visibility: RwSignal::new(from.visibility),
            accessible_for_all: RwSignal::new(from.accessible_for_all),
            integration_types: RwSignal::new(from.integration_types),
            at_max_age: RwSignal::new(from.at_max_age),
            delegable: RwSignal::new(from.delegable),
        }
    }

    pub fn input(&self) -> ScopeInput {
        ScopeInput {
            prefix: self.prefix.get_untracked(),
            subscope: self.subscope.get_untracked(),
            description: self.description.get_untracked(),
            long_description: self.long_description.get_untracked(),
            visibility: self.visibility.get_untracked(),
            accessible_for_all: self.accessible_for_all.get_untracked(),
            integration_types: self.integration_types.get_untracked(),
            at_max_age: self.at_max_age.get_untracked(),
            delegable: self.delegable.get_untracked(),
        }
    }
}

/// A message under a non-text control.
#[component]
pub fn ControlError(errors: FormError, field: &'static str, id: &'static str) -> impl IntoView {
    let message = errors.field(field);
    move || message.get().map(|m| view! { <p class="field-error" id=id>{m}</p> })
}

#[component]
pub fn Checkbox(id: &'static str, label: &'static str, checked: RwSignal<bool>, #[prop(optional)] hint: Option<&'static str>) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="checkbox">
            <input type="checkbox" id=id prop:checked=move || checked.get() on:change:target=move |ev| checked.set(ev.target().checked())
                aria-describedby=hint.map(|_| hint_id.clone())/>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
        </div>
    }
}

/// Everything but prefix and subscope.
#[component]
pub fn ScopeFieldInputs(form: ScopeForm, errors: FormError) -> impl IntoView {
    let visibility_options = Visibility::ALL
        .into_iter()
        .map(|v| view! { <option value=v.code() selected=move || form.visibility.get() == v.code()>{v.label()}</option> })
        .collect_view();
    let visibility_error = errors.field("visibility");
    let types_error = errors.field("integration_types");
    let types = IntegrationType::ALL
        .into_iter()
        .map(|t| {
            let id = format!("scope-type-{}", t.code());
            let code = t.code().to_string();
            let checked = {
                let code = code.clone();
                move || form.integration_types.get().contains(&code)
            };
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                form.integration_types.update(|v| {
                    v.retain(|c| c != &code);
                    if on {
                        v.push(code.clone());
                    }
                });
            };
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() prop:checked=checked on:change=on_change/>
                    <label for=id>{t.label()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <TextField label="Beskrivelse" id="scope-description" value=form.description error=errors.field("description") required=true
            hint="Kort tekst som konsumentene ser i listene."/>
        <TextField label="Utfyllende dokumentasjon (Markdown)" id="scope-long-description" value=form.long_description
            error=errors.field("long_description") multiline=true hint="Valgfritt. Markdown; HTML vises som tekst."/>
        <div class="field">
            <label for="scope-visibility">"Synlighet"</label>
            <p class="hint" id="scope-visibility-hint">"Synligheten sier hvem som ser scopet i API-katalogen og kan be om tilgang. "
                "Hvem som kan bruke det, styrer tilgangslisten under «Tilgangsstyring» – eller «Tilgjengelig for alle virksomheter», "
                "som lar alle bruke scopet uten å stå på listen."</p>
            <select id="scope-visibility" aria-invalid=move || visibility_error.get().is_some().then_some("true")
                aria-describedby=move || if visibility_error.get().is_some() { "scope-visibility-hint scope-visibility-error" } else { "scope-visibility-hint" }
                on:change:target=move |ev| form.visibility.set(ev.target().value())>{visibility_options}</select>
            <ControlError errors=errors field="visibility" id="scope-visibility-error"/>
        </div>
        <Checkbox id="scope-accessible-for-all" label="Tilgjengelig for alle virksomheter" checked=form.accessible_for_all
            hint="Alle virksomheter kan bruke scopet uten å stå på tilgangslisten."/>
        <fieldset class="group" id="scope-types" aria-describedby="scope-types-error"
            aria-invalid=move || types_error.get().is_some().then_some("true")>
            <legend>"Tillatte integrasjonstyper"</legend>
            {types}
            <ControlError errors=errors field="integration_types" id="scope-types-error"/>
        </fieldset>
        <TextField label="Levetid for token (sekunder)" id="scope-at-max-age" value=form.at_max_age error=errors.field("at_max_age")
            hint="1–86400 sekunder. Standard er 120." check=|v| AtMaxAge::parse(v).map(|_| ())/>
        <Checkbox id="scope-delegable" label="Kan delegeres til leverandører" checked=form.delegable
            hint="Konsumenter kan delegere tilgangen videre til en leverandør."/>
    }
}
