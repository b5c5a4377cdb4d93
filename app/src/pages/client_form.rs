//! The integration form, shared by "Ny integrasjon" and "Endre": name, description, the
//! scopes ("Legg til scopes", a live list of what the organisation may use here) and, for
//! ID-porten, redirect URIs.

use crate::api::clients::client_scope_options;
use crate::components::{dialog::Modal, field::TextField, live::use_live_changes, FormError, SummaryField};
use crate::contract::clients::ClientInput;
use crate::domain::client::{parse_client_description, parse_client_name, parse_redirect_uris};
use crate::domain::{IntegrationType, KRR_SCOPES};
use leptos::prelude::*;

/// The fields of "Ny integrasjon" for its error summary, in the form's order.
pub const CLIENT_SUMMARY: &[SummaryField] = &[
    ("integration_type", "client-type", "Difi-tjeneste"),
    ("customer", "client-customer", "For en kunde"),
    ("name", "client-name", "Navn"),
    ("description", "client-description", "Beskrivelse"),
    ("scopes", "client-scopes", "Scopes"),
    ("redirect_uris", "client-redirect-uris", "Redirect-URI-er"),
    ("post_logout_redirect_uris", "client-post-logout-uris", "Post logout-URI-er"),
];

/// The fields "Endre integrasjon" shows: all but type and customer, which never change.
pub const CLIENT_EDIT_SUMMARY: &[SummaryField] = CLIENT_SUMMARY.split_at(2).1;

/// The form's state.
#[derive(Clone, Copy)]
pub struct ClientForm {
    pub integration_type: RwSignal<String>,
    pub name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub scopes: RwSignal<Vec<String>>,
    pub redirect_uris: RwSignal<String>,
    pub post_logout_redirect_uris: RwSignal<String>,
    /// "For en kunde": the customer's org number, or empty.
    pub customer: RwSignal<String>,
}

impl ClientForm {
    pub fn new(input: ClientInput) -> Self {
        Self {
            integration_type: RwSignal::new(input.integration_type),
            name: RwSignal::new(input.name),
            description: RwSignal::new(input.description),
            scopes: RwSignal::new(input.scopes),
            redirect_uris: RwSignal::new(input.redirect_uris),
            post_logout_redirect_uris: RwSignal::new(input.post_logout_redirect_uris),
            customer: RwSignal::new(input.customer),
        }
    }

    pub fn input(&self) -> ClientInput {
        ClientInput {
            integration_type: self.integration_type.get_untracked(),
            name: self.name.get_untracked(),
            description: self.description.get_untracked(),
            scopes: self.scopes.get_untracked(),
            redirect_uris: self.redirect_uris.get_untracked(),
            post_logout_redirect_uris: self.post_logout_redirect_uris.get_untracked(),
            customer: self.customer.get_untracked(),
        }
    }

    fn kind(&self) -> Option<IntegrationType> {
        IntegrationType::from_code(&self.integration_type.get())
    }
}

/// Name, description, scopes and redirect URIs. The "Difi-tjeneste" choice is the caller's:
/// a select when creating, plain text when editing (the type never changes).
#[component]
pub fn ClientFieldInputs(form: ClientForm, errors: FormError, environment: String, environment_label: String) -> impl IntoView {
    view! {
        <TextField label="Navn" id="client-name" value=form.name error=errors.field("name") required=true
            hint="Et navn dere kjenner igjen integrasjonen på, f.eks. systemet som bruker den. Høyst 100 tegn."
            check=|v| parse_client_name(v).map(|_| ())/>
        <TextField label="Beskrivelse" id="client-description" value=form.description error=errors.field("description") required=true multiline=true
            hint="Hva integrasjonen brukes til." check=|v| parse_client_description(v).map(|_| ())/>
        <ScopeChooser form=form errors=errors environment=environment environment_label=environment_label/>
        {move || (form.kind() == Some(IntegrationType::IdPorten)).then(|| view! {
            <TextField label="Redirect-URI-er" id="client-redirect-uris" value=form.redirect_uris error=errors.field("redirect_uris") multiline=true required=true
                hint="Én per linje. https, eller http på localhost under utvikling. Minst én."
                check=|v| parse_redirect_uris(v).map(|_| ())/>
            <TextField label="Post logout-URI-er" id="client-post-logout-uris" value=form.post_logout_redirect_uris error=errors.field("post_logout_redirect_uris") multiline=true
                hint="Valgfritt. Hvor brukeren sendes etter utlogging; én per linje, samme regler."
                check=|v| parse_redirect_uris(v).map(|_| ())/>
        })}
    }
}

/// The chosen scopes and "Legg til scopes". KRR integrations have their two fixed scopes.
#[component]
fn ScopeChooser(form: ClientForm, errors: FormError, environment: String, environment_label: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let error = errors.field("scopes");
    // Closing the list puts focus back on "Legg til scopes" (hidden while the list is open,
    // so the dialog cannot do it itself).
    let add_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |was_open: Option<bool>| {
        let now = open.get();
        if was_open == Some(true) && !now {
            if let Some(b) = add_button.get_untracked() {
                let _ = b.focus();
            }
        }
        now
    });
    view! {
        <fieldset class="group" id="client-scopes" class:has-error=move || error.get().is_some()
            aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=move || error.get().map(|_| "client-scopes-error")>
            <legend>"Scopes"</legend>
            {move || match form.kind() {
                Some(IntegrationType::Krr) => view! {
                    <p>"KRR-integrasjoner får " <code>{KRR_SCOPES[0]}</code> " og " <code>{KRR_SCOPES[1]}</code> ", og kan ikke ha andre."</p>
                }.into_any(),
                // While the list is open it shows the choice itself (and each name once).
                _ if open.get() => ().into_any(),
                _ => {
                    let chosen = form.scopes.get();
                    if chosen.is_empty() {
                        view! { <p class="empty">"Ingen scopes er valgt ennå."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="chosen-scopes" aria-label="Valgte scopes">
                                {chosen.into_iter().map(|s| {
                                    let remove = s.clone();
                                    view! {
                                        <li><code>{s.clone()}</code> " "
                                            <button type="button" class="button-link" aria-label=format!("Fjern scope {s}")
                                                on:click=move |_| form.scopes.update(|l| l.retain(|x| *x != remove))>"Fjern"</button></li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            }}
            {move || error.get().map(|m| view! { <p class="field-error" id="client-scopes-error">{m}</p> })}
            <Show when=move || !open.get() && form.kind() != Some(IntegrationType::Krr)>
                <button type="button" class="button-secondary" node_ref=add_button on:click=move |_| open.set(true)>"Legg til scopes"</button>
            </Show>
            <Show when=move || open.get() && form.kind() != Some(IntegrationType::Krr)>
                <ScopePicker form=form open=open environment=environment.clone() environment_label=environment_label.clone()/>
            </Show>
        </fieldset>
    }
}

/// The list behind "Legg til scopes": exactly what the organisation may use here for this
/// type, refetched live when a provider grants, removes or deactivates. A modal dialog:
/// ticking a box chooses the scope, "Legg til" keeps the choice, "Avbryt" or Escape undo it.
#[component]
fn ScopePicker(form: ClientForm, open: RwSignal<bool>, environment: String, environment_label: String) -> impl IntoView {
    let changes = use_live_changes(environment.clone());
    let options = Resource::new(
        move || (environment.clone(), form.integration_type.get(), form.customer.get(), changes.get()),
        |(e, t, c, _)| client_scope_options(e, t, c),
    );
    let for_customer = move || !form.customer.get().is_empty();
    let type_label = move || form.kind().map(|k| k.label()).unwrap_or("");
    // "Avbryt" and Escape put back the choice as it was when the list opened.
    let before = StoredValue::new(form.scopes.get_untracked());
    let cancel = Callback::new(move |_| {
        form.scopes.set(before.get_value());
        open.set(false);
    });
    view! {
        <Modal labelled_by="picker-title" described_by="picker-help" class="dialog picker" on_cancel=cancel>
            <h2 id="picker-title">"Velg scopes"</h2>
            {move || if for_customer() {
                view! {
                    <p id="picker-help">"Her er scopes som kunden " {form.customer.get()} " har delegert til virksomheten i " {environment_label.clone()}
                        ", som er aktive og tillater " {type_label} ". Mangler et scope, må kunden delegere det under «Tilgang til programmeringsgrensesnitt - API»."</p>
                }.into_any()
            } else {
                view! {
                    <p id="picker-help">"Her er scopes som er delt med virksomheten i " {environment_label.clone()}
                        " (eller er åpne for alle), er aktive og tillater " {type_label} ". "
                        "Mangler scopet du skal konsumere? Mest sannsynlig har ikke API-tilbyderen delt tilgang med virksomheten du representerer, "
                        "eller så har de gitt tilgang i et annet miljø. Kontakt API-tilbyderen, eller be om tilgang i API-katalogen."</p>
                }.into_any()
            }}
            <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">"Ingen scopes kan brukes av denne typen integrasjon her ennå."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="picker-list">
                                {list.into_iter().enumerate().map(|(i, s)| {
                                    let id = format!("pick-scope-{i}");
                                    let name = s.name.clone();
                                    let checked = {
                                        let name = name.clone();
                                        move || form.scopes.get().contains(&name)
                                    };
                                    let toggle = move |ev: leptos::ev::Event| {
                                        let on = event_target_checked(&ev);
                                        form.scopes.update(|l| {
                                            l.retain(|x| *x != name);
                                            if on {
                                                l.push(name.clone());
                                            }
                                        });
                                    };
                                    view! {
                                        <li>
                                            <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle aria-describedby=format!("{id}-desc")/>
                                            <label for=id.clone()><code>{s.name.clone()}</code></label>
                                            <span class="muted" id=format!("{id}-desc")>" – " {s.description.clone()} " (" {s.provider.clone()} ")"</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
            <div class="actions">
                <button type="button" class="button-primary" on:click=move |_| open.set(false)>"Legg til"</button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| cancel.run(())>"Avbryt"</button>
            </div>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::super::scope_form::{SCOPE_SETTINGS_SUMMARY, SCOPE_SUMMARY};
    use super::*;

    #[test]
    fn the_edit_forms_list_every_field_but_those_that_never_change() {
        let names = |l: &[SummaryField]| l.iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(names(CLIENT_EDIT_SUMMARY), ["name", "description", "scopes", "redirect_uris", "post_logout_redirect_uris"]);
        assert_eq!(names(SCOPE_SETTINGS_SUMMARY), ["description", "long_description", "visibility", "integration_types", "at_max_age"]);
        assert_eq!(CLIENT_SUMMARY.len(), CLIENT_EDIT_SUMMARY.len() + 2);
        assert_eq!(SCOPE_SUMMARY.len(), SCOPE_SETTINGS_SUMMARY.len() + 2);
    }
}
