//! "Min profil": the login window when logged out; the person, TOTP, "Endre passord",
//! "Logg ut" and "Logg ut overalt" when in.

use crate::api::accounts::{ChangePassword, Login, Logout, LogoutEverywhere};
use crate::api::totp::{ConfirmTotpEnrolment, StartTotpEnrolment};
use crate::components::{copy::CopyButton, field::TextField, on_result, reload_to, use_session, ErrorBox, ErrorSummary, FormError};
use crate::contract::accounts::ChangePasswordInput;
use crate::domain::views::SessionInfo;
use crate::domain::{Email, Password, TotpCode};
use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where "Logg ut overalt" lands: the login window, saying what happened.
const LOGGED_OUT_EVERYWHERE: &str = "/min-profil?utlogget=overalt";

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = use_session().0;
    view! {
        <leptos_meta::Title text="Min profil"/>
        <Suspense fallback=|| view! { <p class="loading">"Laster …"</p> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(s)) => view! { <Profile info=s/> }.into_any(),
                    Ok(None) => view! { <LoginForm/> }.into_any(),
                    Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<Login>::new();
    on_result(action, |()| reload_to("/"), move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || {
            let e = email.get_untracked();
            let p = password.get_untracked();
            let mut problems = FormErrors::new();
            problems.check("email", Email::parse(&e));
            if p.is_empty() {
                problems.push("password", "Passord må fylles ut.");
            }
            problems.finish().map(|()| (e, p))
        },
        move |(email, password)| {
            action.dispatch(Login { email, password });
        },
    );
    let query = use_query_map();
    let everywhere = move || query.read().get("utlogget").as_deref() == Some("overalt");
    view! {
        <h1>"Logg inn"</h1>
        {move || everywhere().then(|| view! {
            <div class="alert alert-success" role="status"><p>"Du er logget ut overalt: alle øktene dine er avsluttet, på alle enheter."</p></div>
        })}
        <form on:submit=on_submit novalidate class="narrow">
            <ErrorSummary errors=errors fields=&[("email", "email", "E-post"), ("password", "password", "Passord")]/>
            <TextField label="E-post" id="email" value=email error=errors.field("email") input_type="email" autocomplete="username" required=true/>
            <TextField label="Passord" id="password" value=password error=errors.field("password") input_type="password" autocomplete="current-password" required=true/>
            <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Logg inn"</button>
        </form>
        <p><a href="/glemt-passord">"Glemt passord?"</a></p>
        <p>"Ny bruker? " <a href="/registrer">"Registrer deg"</a></p>
    }
}

#[component]
fn Profile(info: SessionInfo) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    // A failed logout leaves the page as it is.
    on_result(logout, |()| reload_to("/"), |_| {});
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let everywhere_error = RwSignal::new(None::<String>);
    on_result(everywhere, |()| reload_to(LOGGED_OUT_EVERYWHERE), move |e| everywhere_error.set(Some(e.to_string())));
    let rights: Vec<_> = info.rights.iter().map(|r| view! { <li>{r.label()}</li> }).collect();
    let has_rights = !rights.is_empty();
    view! {
        <h1>"Min profil"</h1>
        <dl class="facts">
            <dt>"Navn"</dt><dd>{info.name.clone()}</dd>
            <dt>"E-post"</dt><dd>{info.email.clone()}</dd>
            <dt>"Virksomhet"</dt>
            <dd>{info.org.clone().map(|o| format!("{} ({})", o.name, o.org_number)).unwrap_or_else(|| "Ingen".into())}</dd>
            {info.is_operator.then(|| view! { <dt>"Rolle"</dt><dd>"Plattformoperatør"</dd> })}
        </dl>
        <h2>"Rettigheter"</h2>
        {if has_rights {
            view! { <ul>{rights}</ul> }.into_any()
        } else {
            view! { <p>"Du har ingen rettigheter ennå. I testmiljøene kan alle i virksomheten selvbetjene, med mindre virksomheten har strengere tilgangsstyring."</p> }.into_any()
        }}
        <TotpSection enrolled=info.totp_enrolled/>
        <PasswordSection/>
        <h2>"Logg ut"</h2>
        <p class="hint" id="logout-everywhere-hint">"«Logg ut overalt» avslutter alle øktene dine, på alle enheter, også denne."</p>
        <ErrorBox message=everywhere_error/>
        <div class="actions">
            <button type="button" class="button-secondary" on:click=move |_| { logout.dispatch(Logout {}); }>"Logg ut"</button>
            " "
            <button type="button" class="button-secondary" aria-describedby="logout-everywhere-hint" disabled=move || everywhere.pending().get()
                on:click=move |_| { everywhere.dispatch(LogoutEverywhere {}); }>"Logg ut overalt"</button>
        </div>
    }
}

/// "Endre passord": the current password, then the new one (the registration rule). The
/// other sessions end; this one stays.
#[component]
fn PasswordSection() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<ChangePassword>::new();
    on_result(
        action,
        move |()| {
            current.set(String::new());
            new.set(String::new());
        },
        move |e| errors.show(e),
    );
    let on_submit = errors.on_submit(
        move || {
            let input = ChangePasswordInput { current_password: current.get_untracked(), new_password: new.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(ChangePassword { input });
        },
    );
    let changed = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <h2>"Endre passord"</h2>
        <form on:submit=on_submit novalidate class="narrow">
            <ErrorSummary errors=errors fields=&[("current_password", "current_password", "Nåværende passord"), ("new_password", "new_password", "Nytt passord")]/>
            {move || changed().then(|| view! {
                <p class="status-ok" role="status">"Passordet er endret. Du er logget ut på alle andre enheter."</p>
            })}
            <TextField label="Nåværende passord" id="current_password" value=current error=errors.field("current_password") input_type="password"
                autocomplete="current-password" required=true/>
            <TextField label="Nytt passord" id="new_password" value=new error=errors.field("new_password") input_type="password"
                autocomplete="new-password" required=true hint="Minst 10 tegn." check=|v| Password::parse(v).map(|_| ())/>
            <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Endre passord"</button>
        </form>
    }
}

#[component]
fn TotpSection(enrolled: bool) -> impl IntoView {
    let start = ServerAction::<StartTotpEnrolment>::new();
    let confirm = ServerAction::<ConfirmTotpEnrolment>::new();
    let code = RwSignal::new(String::new());
    let errors = FormError::new();
    let enrolled_now = move || enrolled || matches!(confirm.value().get(), Some(Ok(())));
    // Success shows through `enrolled_now`.
    on_result(confirm, |()| {}, move |e| errors.show(e));
    // A new enrolment starts over: the last confirmation belonged to the old secret.
    on_result(start, move |_| confirm.value().set(None), |_| {});
    let on_confirm = errors.on_submit(
        move || TotpCode::parse(&code.get_untracked()).map_err(|m| AppError::field("code", m)),
        move |c| {
            confirm.dispatch(ConfirmTotpEnrolment { code: c.as_str().to_string() });
        },
    );
    view! {
        <h2>"Tofaktorautentisering"</h2>
        <p>"Produksjonsmiljøet krever en engangskode fra en autentiseringsapp (TOTP) i tillegg til passordet."</p>
        {move || {
            // A re-enrolment shows the new QR code too; an error (say, the step-up a
            // re-enrolment needs) is shown above the button that started it.
            let confirmed = matches!(confirm.value().get(), Some(Ok(())));
            let settled = move |error: Option<String>| {
                let error = error.map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> });
                if enrolled_now() {
                    view! {
                        <p class="status-ok" role="status">"Engangskoder er satt opp."</p>
                        {error}
                        <button type="button" class="button-secondary" on:click=move |_| { start.dispatch(StartTotpEnrolment {}); }>
                            "Sett opp engangskoder på nytt"
                        </button>
                    }.into_any()
                } else {
                    view! {
                        {error}
                        <button type="button" class="button-primary" on:click=move |_| { start.dispatch(StartTotpEnrolment {}); }>
                            "Sett opp engangskoder"
                        </button>
                    }.into_any()
                }
            };
            match start.value().get() {
                Some(Ok(_)) if confirmed => settled(None),
                None => settled(None),
                Some(Err(e)) => settled(Some(e.to_string())),
                Some(Ok(enrolment)) => view! {
                    <ol class="steps">
                        <li>"Skann QR-koden med autentiseringsappen, eller skriv inn den hemmelige nøkkelen."
                            <div class="qr" inner_html=enrolment.qr_svg.clone()></div>
                            <p>"Hemmelig nøkkel: " <code data-testid="totp-secret">{enrolment.secret.clone()}</code>
                               <CopyButton value=enrolment.secret.clone() what="hemmelig nøkkel"/></p>
                            <p class="hint">"Nøkkelen vises bare denne ene gangen."</p>
                        </li>
                        <li>"Skriv inn koden appen viser, og trykk «Bekreft»."</li>
                    </ol>
                    <form on:submit=on_confirm.clone() novalidate class="narrow">
                        <TextField label="Engangskode" id="totp-code" value=code error=errors.field("code") autocomplete="one-time-code" required=true/>
                        <button type="submit" class="button-primary">"Bekreft"</button>
                    </form>
                }.into_any(),
            }
        }}
    }
}
