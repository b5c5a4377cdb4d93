//! E-mail on the operator's page: a notice when the portal sends none, and "E-post som
//! ikke ble sendt", the messages it gave up on, each with "Send på nytt".

use crate::api::operator::ResendMail;
use crate::components::{on_result, ErrorBox, Refetch};
use crate::domain::time::format_utc;
use crate::domain::views::{FailedMail, MailDelivery, OutgoingMail};
use crate::error::AppError;
use leptos::prelude::*;

/// The operator's view of outgoing e-mail, loaded once for the notice and the list.
pub type MailResource = Resource<Result<OutgoingMail, AppError>>;

/// Shown at the top of the page when e-mail is not sent by SMTP.
#[component]
pub fn MailNotice(mail: MailResource) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match mail.await.map(|m| m.delivery) {
                    Ok(MailDelivery::NotSent) => view! {
                        <div class="alert alert-warning" role="alert">
                            <strong>"E-post blir ikke sendt."</strong>
                            " SMTP_URL er ikke satt, så bekreftelser, lenker til nytt passord og varsler blir liggende i køen. "
                            "Sett SMTP_URL og MAIL_FROM og start tjenesten på nytt; da sendes det som ligger i køen."
                        </div>
                    }
                    .into_any(),
                    Ok(MailDelivery::DevelopmentMailbox) => view! {
                        <p class="alert" role="status">
                            "Utviklingsmodus: e-post sendes ikke, men vises i " <a href="/dev/mailbox">"utviklerpostkassen"</a> "."
                        </p>
                    }
                    .into_any(),
                    // Errors are shown with the list below.
                    Ok(MailDelivery::Smtp) | Err(_) => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// "E-post som ikke ble sendt". The action and its messages live here, above the list,
/// so they outlast the list's reload after "Send på nytt".
#[component]
pub fn FailedMailList(mail: MailResource, refetch: Refetch) -> impl IntoView {
    let resend = ServerAction::<ResendMail>::new();
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(false);
    on_result(
        resend,
        move |()| {
            error.set(None);
            notice.set(true);
            refetch.bump();
        },
        move |e| {
            notice.set(false);
            error.set(Some(e.to_string()));
        },
    );
    view! {
        <section aria-labelledby="failed-mail-title">
            <h2 id="failed-mail-title">"E-post som ikke ble sendt"</h2>
            <Show when=move || notice.get()>
                <div class="alert alert-success" role="status">"E-posten er lagt i køen igjen og sendes straks."</div>
            </Show>
            <ErrorBox message=error/>
            <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {move || Suspend::new(async move {
                    match mail.await {
                        Ok(m) => view! { <FailedMailTable failed=m.failed resend=resend/> }.into_any(),
                        Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn FailedMailTable(failed: Vec<FailedMail>, resend: ServerAction<ResendMail>) -> impl IntoView {
    if failed.is_empty() {
        return view! { <p class="empty">"Ingen e-post har feilet."</p> }.into_any();
    }
    let rows = failed
        .into_iter()
        .map(|m| {
            let id = m.id.clone();
            // The button reads "Send på nytt"; its description names the message.
            let about = format!("failed-mail-{}", m.id);
            view! {
                <tr>
                    <td id=about.clone()>{m.recipient.clone()} ": " {m.subject.clone()}</td>
                    <td>{m.attempts}</td>
                    <td>{m.reason.clone()}</td>
                    <td>{format_utc(m.failed_at)} " UTC"</td>
                    <td>
                        <button type="button" class="button-secondary" aria-describedby=about disabled=move || resend.pending().get()
                            on:click=move |_| { resend.dispatch(ResendMail { id: id.clone() }); }>"Send på nytt"</button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <caption class="visually-hidden">"E-post som ikke ble sendt"</caption>
            <thead><tr>
                <th scope="col">"Mottaker og emne"</th><th scope="col">"Forsøk"</th><th scope="col">"Årsak"</th><th scope="col">"Feilet"</th>
                <th scope="col"><span class="visually-hidden">"Handling"</span></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
