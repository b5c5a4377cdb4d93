//! "Endringslogg" under "Virksomhetens tjenester": who changed what, when, for which
//! organisation, before → after. Filters, paging, live, and "Last ned som CSV".

use crate::api::audit::audit_log;
use crate::api::environments::list_environments;
use crate::components::live::use_live_changes;
use crate::components::{Loaded, Login};
use crate::contract::audit::AuditQuery;
use crate::domain::audit::AuditObjectKind;
use crate::domain::audit_diff::FieldChange;
use crate::domain::time::format_utc;
use crate::domain::views::{AuditEntryView, AuditLogPage, AuditPerson, EnvironmentInfo};
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    // Loaded once: the environments for the filter, and whether anyone is logged in.
    let envs = Resource::new(|| (), |_| list_environments());
    view! {
        <leptos_meta::Title text="Endringslogg"/>
        <p class="breadcrumb"><a href="/tjenester">"Virksomhetens tjenester"</a> " › Endringslogg"</p>
        <h1>"Endringslogg"</h1>
        <Loaded data=envs login=Login::Session let:envs>
            <AuditLogView envs=envs/>
        </Loaded>
    }
}

#[component]
fn AuditLogView(envs: Vec<EnvironmentInfo>) -> impl IntoView {
    let query = RwSignal::new(AuditQuery::default());
    let changes = use_live_changes(String::new());
    let log = Resource::new(
        move || (query.get(), changes.get()),
        |(q, _)| async move {
            // The same rules as the server's, before asking it; a broken filter is shown
            // at its field (`Filters`), and the list waits for it to be fixed.
            if q.parse().is_err() {
                return Ok(None);
            }
            audit_log(q.miljo, q.objekt, q.person, q.fra, q.til, q.side).await.map(Some)
        },
    );
    // The "Person" options come with each page of the log; kept apart so the form is not
    // rebuilt (and focus lost) whenever the log reloads.
    let persons = RwSignal::new(Vec::<AuditPerson>::new());
    Effect::new(move || {
        if let Some(Ok(Some(l))) = log.get() {
            persons.set(l.persons);
        }
    });
    view! {
        <p class="lead">"Alle endringer på virksomhetens scopes, tilgangslister, integrasjoner, nøkler, sertifikater, rettigheter, delegeringer og merkantile data. "
            "Loggen kan ikke endres eller slettes."</p>
        <Filters query=query envs=envs persons=persons/>
        <p><a class="button-secondary" href=move || query.read().csv_href() download="">"Last ned som CSV"</a></p>
        <Loaded data=log let:l>
            {l.map(|l| view! { <Entries log=l query=query/> })}
        </Loaded>
    }
}

/// Sets one filter and goes back to the first page.
fn set(query: RwSignal<AuditQuery>, f: impl Fn(&mut AuditQuery, String) + 'static) -> impl Fn(leptos::ev::Event) + 'static {
    move |ev| {
        let value = event_target_value(&ev);
        query.update(|q| {
            f(q, value);
            q.side = 0;
        });
    }
}

#[component]
fn Filters(query: RwSignal<AuditQuery>, envs: Vec<EnvironmentInfo>, persons: RwSignal<Vec<AuditPerson>>) -> impl IntoView {
    let error = move |field: &'static str| move || query.read().parse().err().and_then(|e| e.for_field(field));
    let env_options = envs.into_iter().map(|e| view! { <option value=e.id>{e.label}</option> }).collect_view();
    let kind_options = AuditObjectKind::LISTED.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view();
    view! {
        <form class="filters" aria-label="Filtrer endringsloggen" on:submit=|ev| ev.prevent_default()>
            <div class="field narrow">
                <label for="audit-env">"Miljø"</label>
                // Rights and the provider's merkantile data belong to no environment; say
                // where they are, or filtering by one would seem to lose them.
                <p class="hint" id="audit-env-hint">"Endringer for hele virksomheten, som rettigheter og merkantile data, vises under «Alle miljøer»."</p>
                <select id="audit-env" aria-describedby="audit-env-hint" on:change=set(query, |q, v| q.miljo = v)>
                    <option value="">"Alle miljøer"</option>
                    {env_options}
                </select>
            </div>
            <div class="field narrow">
                <label for="audit-kind">"Objekt"</label>
                <select id="audit-kind" on:change=set(query, |q, v| q.objekt = v)>
                    <option value="">"Alle objekter"</option>
                    {kind_options}
                </select>
            </div>
            <div class="field narrow">
                <label for="audit-person">"Person"</label>
                <select id="audit-person" on:change=set(query, |q, v| q.person = v)>
                    <option value="">"Alle personer"</option>
                    <For each=move || persons.get() key=|p| p.user_id.clone() let:p>
                        <option value=p.user_id.clone() selected=move || query.read().person == p.user_id>{format!("{} ({})", p.name, p.email)}</option>
                    </For>
                </select>
            </div>
            <div class="field narrow">
                <label for="audit-from">"Fra dato"</label>
                <input id="audit-from" type="date" on:change=set(query, |q, v| q.fra = v)
                    aria-invalid=move || error("fra")().is_some().then_some("true") aria-describedby="audit-from-error"/>
                <p id="audit-from-error" class="field-error">{error("fra")}</p>
            </div>
            <div class="field narrow">
                <label for="audit-to">"Til dato"</label>
                <input id="audit-to" type="date" on:change=set(query, |q, v| q.til = v)
                    aria-invalid=move || error("til")().is_some().then_some("true") aria-describedby="audit-to-error"/>
                <p id="audit-to-error" class="field-error">{error("til")}</p>
            </div>
        </form>
    }
}

#[component]
fn Entries(log: AuditLogPage, query: RwSignal<AuditQuery>) -> impl IntoView {
    let filtered = {
        let q = query.read_untracked();
        !(q.miljo.is_empty() && q.objekt.is_empty() && q.person.is_empty() && q.fra.is_empty() && q.til.is_empty())
    };
    let first = u64::from(log.page) * u64::from(log.page_size);
    let last = (first + log.entries.len() as u64).min(log.total);
    let has_next = last < log.total;
    let has_previous = log.page > 0;
    let go = move |delta: i64| move |_| query.update(|q| q.side = (i64::from(q.side) + delta).max(0) as u32);
    if log.entries.is_empty() {
        let hint = if filtered { "Ingen endringer passer med filtrene. Fjern noen av dem for å se flere." } else { "Ingen endringer ennå." };
        return view! {
            <p class="muted">{log.scope_note}</p>
            <p class="empty">{hint}</p>
        }
        .into_any();
    }
    view! {
        <p class="muted">{log.scope_note}</p>
        <p aria-live="polite">{format!("Viser {}–{} av {} endringer, nyeste først.", first + 1, last, log.total)}</p>
        // Focusable, so keyboard users can scroll a table wider than the window.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Endringer">
            <table class="table audit">
                <caption class="visually-hidden">"Endringer"</caption>
                <thead><tr>
                    <th scope="col">"Tidspunkt"</th>
                    <th scope="col">"Person"</th>
                    <th scope="col">"Virksomhet"</th>
                    <th scope="col">"Objekt"</th>
                    <th scope="col">"Hendelse"</th>
                    <th scope="col">"Endringer"</th>
                </tr></thead>
                <tbody>{log.entries.into_iter().map(|e| view! { <Entry entry=e/> }).collect_view()}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Sider i endringsloggen">
            {has_previous.then(|| view! { <button type="button" class="button-secondary" on:click=go(-1)>"Forrige side"</button> })}
            {has_next.then(|| view! { <button type="button" class="button-secondary" on:click=go(1)>"Neste side"</button> })}
        </nav>
    }
    .into_any()
}

#[component]
fn Entry(entry: AuditEntryView) -> impl IntoView {
    let person = match entry.person {
        Some((name, email)) => view! { {name} <br/> <span class="muted">{email}</span> }.into_any(),
        None if entry.person_elsewhere => view! { <span class="muted">"En person i virksomheten som gjorde endringen"</span> }.into_any(),
        // No person: the portal itself (e.g. a registration that expired).
        None => view! { "Selvbetjening" }.into_any(),
    };
    let org = entry.org.map(|o| format!("{} ({})", o.name, o.org_number));
    let other = entry.other_org.map(|(role, o)| view! { <br/> <span class="muted">{format!("{role}: {} ({})", o.name, o.org_number)}</span> });
    let changes = entry.changes.into_iter().map(|c| view! { <Change change=c/> }).collect_view();
    view! {
        <tr>
            <td class="nowrap">{format_utc(entry.at)} " UTC"</td>
            <td>{person}</td>
            <td>{org} {other}</td>
            <td>
                {entry.kind.label()}
                {entry.object.map(|o| view! { <br/> <strong class="break">{o}</strong> })}
                {entry.environment_label.map(|e| view! { <br/> <span class="muted">{e}</span> })}
            </td>
            <td>{entry.action}</td>
            <td><ul class="changes">{changes}</ul></td>
        </tr>
    }
}

/// "Beskrivelse: Gammel → Ny", the two sides marked for screen readers too.
#[component]
fn Change(change: FieldChange) -> impl IntoView {
    let before = change.before.filter(|s| !s.is_empty());
    let after = change.after.filter(|s| !s.is_empty());
    view! {
        <li>
            <span class="field-name">{change.field} ": "</span>
            <del class="before"><span class="visually-hidden">"før: "</span>{before.unwrap_or_else(|| "–".into())}</del>
            " → "
            <ins class="after"><span class="visually-hidden">"etter: "</span>{after.unwrap_or_else(|| "–".into())}</ins>
        </li>
    }
}
