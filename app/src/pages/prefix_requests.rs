//! "Prefiksbestillinger" for the operator: "Godkjenn" assigns the prefix, "Avslå" closes.

use crate::api::prefix_requests::DecidePrefixRequest;
use crate::components::{on_result, ErrorBox, Refetch};
use crate::domain::time::format_utc;
use crate::domain::views::PrefixRequestEntry;
use leptos::prelude::*;

#[component]
pub fn PrefixRequests(
    requests: Vec<PrefixRequestEntry>,
    /// Bumped after a decision, so the page reloads the list.
    refetch: Refetch,
    /// With the organisation's column (the operator's overview of all organisations).
    show_org: bool,
) -> impl IntoView {
    let decide = ServerAction::<DecidePrefixRequest>::new();
    let error = RwSignal::new(None::<String>);
    on_result(decide, move |()| refetch.bump(), move |e| error.set(Some(e.to_string())));
    let body = if requests.is_empty() {
        view! { <p class="empty">"Ingen bestillinger venter."</p> }.into_any()
    } else {
        let rows = requests
            .into_iter()
            .map(|r| {
                let (a, b) = (r.id.clone(), r.id.clone());
                view! {
                    <tr>
                        {show_org.then(|| view! { <td>{r.org_name.clone()} " (" {r.org_number.clone()} ")"</td> })}
                        <td>{r.environment.clone()}</td>
                        <td><code>{r.prefix.clone()}</code></td>
                        <td>{r.reason.clone()}</td>
                        <td>{r.requested_by.clone().unwrap_or_default()} ", " {format_utc(r.requested_at)}</td>
                        <td>
                            <button type="button" class="button-primary" on:click=move |_| { decide.dispatch(DecidePrefixRequest { request_id: a.clone(), approve: true }); }>"Godkjenn"</button>
                            " "
                            <button type="button" class="button-secondary" on:click=move |_| { decide.dispatch(DecidePrefixRequest { request_id: b.clone(), approve: false }); }>"Avslå"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table">
                <caption class="visually-hidden">"Bestillinger som venter"</caption>
                <thead><tr>
                    {show_org.then(|| view! { <th scope="col">"Virksomhet"</th> })}
                    <th scope="col">"Miljø"</th><th scope="col">"Prefiks"</th><th scope="col">"Begrunnelse"</th><th scope="col">"Bestilt av"</th>
                    <th scope="col"><span class="visually-hidden">"Handling"</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section>
            <h2>"Prefiksbestillinger"</h2>
            <ErrorBox message=error/>
            {body}
        </section>
    }
}
