//! "Operatør" → "Virksomheter": the platform operator registers organisations and their
//! e-mail domains, appoints main administrators and assigns prefixes, and sees e-mail that
//! could not be sent (`operator_mail`).

use super::operator_mail::{FailedMailList, MailNotice};
use crate::api::operator::{failed_mail, list_organizations, organization_detail, AppointMainAdmin, AssignPrefix, CreateOrganization};
use crate::api::prefix_requests::list_prefix_requests;
use crate::components::{field::TextField, on_result, reload_to, step_up::AdminStepUp, ErrorSummary, FormError, Loaded, Login, Refetch};
use crate::contract::operator::{AssignPrefixInput, NewOrgInput};
use crate::domain::views::{OrgDetail, OrgListItem};
use crate::domain::{Email, OrgNumber, Prefix};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let refetch = Refetch::new();
    let orgs = Resource::new(move || refetch.track(), |_| list_organizations());
    let requests = Resource::new(move || refetch.track(), |_| list_prefix_requests());
    let mail = Resource::new(move || refetch.track(), |_| failed_mail());
    let show_form = RwSignal::new(false);
    view! {
        <leptos_meta::Title text="Operatør"/>
        <p class="breadcrumb">"Operatør"</p>
        <h1>"Virksomheter"</h1>
        <AdminStepUp purpose="utføre operatørarbeid" requirement="Operatørarbeid krever tofaktorautentisering.">
            <MailNotice mail=mail/>
            <Loaded data=orgs login=Login::Unchecked let:list>
                <OrgTable list=list show_form=show_form/>
            </Loaded>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok(r) => view! { <super::prefix_requests::PrefixRequests requests=r refetch=refetch show_org=true/> }.into_any(),
                        Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                    }
                })}
            </Transition>
            <FailedMailList mail=mail refetch=refetch/>
        </AdminStepUp>
    }
}

/// "Ny virksomhet" and the registered organisations.
#[component]
fn OrgTable(list: Vec<OrgListItem>, show_form: RwSignal<bool>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|o| {
            view! {
                <tr>
                    <td><a href=format!("/operator/virksomheter/{}", o.org_number)>{o.name.clone()}</a></td>
                    <td>{o.org_number.clone()}</td>
                    <td>{o.parent_org_number.clone().unwrap_or_default()}</td>
                    <td>{o.domains.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <button type="button" class="button-primary" on:click=move |_| show_form.set(true)>"Ny virksomhet"</button>
        <Show when=move || show_form.get()>
            <NewOrgForm/>
        </Show>
        <table class="table">
            <caption>"Registrerte virksomheter"</caption>
            <thead><tr><th scope="col">"Navn"</th><th scope="col">"Organisasjonsnummer"</th><th scope="col">"Hovedenhet"</th><th scope="col">"E-postdomener"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn NewOrgForm() -> impl IntoView {
    let org_number = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let domains = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<CreateOrganization>::new();
    on_result(action, |number| reload_to(&format!("/operator/virksomheter/{number}")), move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || {
            let input = NewOrgInput {
                org_number: org_number.get_untracked(),
                name: name.get_untracked(),
                parent_org_number: parent.get_untracked(),
                domains: domains.get_untracked(),
            };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(CreateOrganization { input });
        },
    );
    view! {
        <section class="panel">
            <h2 id="new-org-title">"Ny virksomhet"</h2>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[("org_number", "org-number", "Organisasjonsnummer"), ("name", "org-name", "Navn"), ("parent_org_number", "org-parent", "Hovedenhet"), ("domains", "org-domains", "E-postdomener")]/>
                <TextField label="Organisasjonsnummer" id="org-number" value=org_number error=errors.field("org_number") required=true
                    hint="9 siffer." check=|v| OrgNumber::parse(v).map(|_| ())/>
                <TextField label="Navn" id="org-name" value=name error=errors.field("name") required=true/>
                <TextField label="Hovedenhet" id="org-parent" value=parent error=errors.field("parent_org_number")
                    hint="Valgfritt: organisasjonsnummeret til hovedenheten, hvis dette er en underenhet." check=|v| OrgNumber::parse(v).map(|_| ())/>
                <TextField label="E-postdomener" id="org-domains" value=domains error=errors.field("domains") required=true multiline=true
                    hint="Ett eller flere domener, skilt med komma eller linjeskift, f.eks. virksomhet.no."/>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Opprett"</button>
            </form>
        </section>
    }
}

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let params = use_params_map();
    let refetch = Refetch::new();
    let detail = Resource::new(move || (params.read().get("org_number").unwrap_or_default(), refetch.track()), |(n, _)| organization_detail(n));
    view! {
        <leptos_meta::Title text="Virksomhet"/>
        <p class="breadcrumb"><a href="/operator">"Virksomheter"</a></p>
        <AdminStepUp purpose="utføre operatørarbeid" requirement="Operatørarbeid krever tofaktorautentisering.">
            <Loaded data=detail title="Virksomhet" login=Login::Unchecked let:d>
                <OrgDetailView detail=d refetch=refetch/>
            </Loaded>
        </AdminStepUp>
    }
}

#[component]
fn OrgDetailView(detail: OrgDetail, refetch: Refetch) -> impl IntoView {
    let org_number = detail.org_number.clone();
    let prefixes = detail.prefixes.iter().map(|p| view! { <tr><td>{p.environment.clone()}</td><td><code>{p.prefix.clone()}</code></td></tr> }).collect_view();
    view! {
        <h1>{detail.name.clone()}</h1>
        <dl class="facts">
            <dt>"Organisasjonsnummer"</dt><dd>{detail.org_number.clone()}</dd>
            <dt>"Hovedenhet"</dt><dd>{detail.parent_org_number.clone().unwrap_or_else(|| "–".into())}</dd>
            <dt>"E-postdomener"</dt><dd>{detail.domains.join(", ")}</dd>
            <dt>"Hovedadministrator"</dt>
            <dd>{if detail.main_admins.is_empty() { "Ingen ennå".to_string() } else { detail.main_admins.join(", ") }}</dd>
        </dl>
        <AppointForm org_number=org_number.clone() refetch=refetch/>
        <h2>"Prefikser"</h2>
        {if detail.prefixes.is_empty() {
            view! { <p class="empty">"Virksomheten har ingen prefikser ennå."</p> }.into_any()
        } else {
            view! {
                <table class="table"><caption class="visually-hidden">"Prefikser"</caption>
                    <thead><tr><th scope="col">"Miljø"</th><th scope="col">"Prefiks"</th></tr></thead>
                    <tbody>{prefixes}</tbody>
                </table>
            }.into_any()
        }}
        <super::prefix_requests::PrefixRequests requests=detail.prefix_requests.clone() refetch=refetch show_org=false/>
        <PrefixForm org_number=org_number detail=detail refetch=refetch/>
    }
}

#[component]
fn AppointForm(org_number: String, refetch: Refetch) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<AppointMainAdmin>::new();
    let notice = RwSignal::new(false);
    on_result(
        action,
        move |()| {
            notice.set(true);
            email.set(String::new());
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let on_submit = errors.on_submit(
        move || Email::parse(&email.get_untracked()).map_err(|m| AppError::field("email", m)),
        move |e| {
            action.dispatch(AppointMainAdmin { org_number: org_number.clone(), email: e.to_string() });
        },
    );
    view! {
        <section>
            <h2 id="appoint-title">"Utnevn hovedadministrator"</h2>
            <Show when=move || notice.get()><div class="alert alert-success" role="status">"Hovedadministratoren er utnevnt."</div></Show>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[("email", "admin-email", "E-post")]/>
                <TextField label="E-post" id="admin-email" value=email error=errors.field("email") input_type="email" required=true
                    hint="En bekreftet bruker i virksomheten."/>
                <button type="submit" class="button-primary">"Utnevn hovedadministrator"</button>
            </form>
        </section>
    }
}

#[component]
fn PrefixForm(org_number: String, detail: OrgDetail, refetch: Refetch) -> impl IntoView {
    let environment = RwSignal::new(detail.environments.first().map(|e| e.id.clone()).unwrap_or_default());
    let prefix = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<AssignPrefix>::new();
    on_result(
        action,
        move |()| {
            prefix.set(String::new());
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let on_submit = errors.on_submit(
        move || {
            let input = AssignPrefixInput { org_number: org_number.clone(), environment: environment.get_untracked(), prefix: prefix.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(AssignPrefix { input });
        },
    );
    let options = detail.environments.iter().map(|e| view! { <option value=e.id.clone()>{e.label.clone()}</option> }).collect_view();
    view! {
        <section>
            <h2 id="prefix-title">"Tildel prefiks"</h2>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[("environment", "prefix-env", "Miljø"), ("prefix", "prefix", "Prefiks")]/>
                <div class="field">
                    <label for="prefix-env">"Miljø"</label>
                    <select id="prefix-env" prop:value=move || environment.get() on:change:target=move |ev| environment.set(ev.target().value())>{options}</select>
                    {move || errors.field("environment").get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <TextField label="Prefiks" id="prefix" value=prefix error=errors.field("prefix") required=true
                    hint="2–40 tegn: små bokstaver a–z og sifre, første tegn en bokstav." check=|v| Prefix::parse(v).map(|_| ())/>
                <button type="submit" class="button-primary">"Tildel prefiks"</button>
            </form>
        </section>
    }
}
