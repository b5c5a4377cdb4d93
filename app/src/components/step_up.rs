//! The step-up ("Bekreft med engangskode") where work waits for the second factor:
//! production environments, and (when the deployment asks for it) the operator's screens
//! and changes of rights.

use super::{field::TextField, on_result, reload_to, use_session, ErrorBox, FormError};
use crate::api::totp::StepUp as StepUpFn;
use crate::domain::views::StepUp;
use crate::domain::TotpCode;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The form for a one-time code, or the way to enrol, or nothing, by `state`. `purpose`
/// finishes the sentence "For å … må du bekrefte med en engangskode …"; `requirement` says
/// what needs the second factor, for someone who has not enrolled.
#[component]
pub fn StepUpGate(state: StepUp, purpose: &'static str, requirement: &'static str) -> impl IntoView {
    match state {
        StepUp::Required => Some(view! { <StepUpForm purpose=purpose/> }.into_any()),
        StepUp::NotEnrolled => Some(
            view! {
                <div class="alert" role="status">
                    <p>{requirement} " Sett opp engangskoder under «Min profil» først: "
                       <a href="/min-profil">"Gå til profilen din"</a> "."</p>
                </div>
            }
            .into_any(),
        ),
        StepUp::NotNeeded | StepUp::Done => None,
    }
}

/// The operator's screens and the rights page: the step-up first when the logged-in
/// administrator's session still needs it; otherwise `children`.
#[component]
pub fn AdminStepUp(purpose: &'static str, requirement: &'static str, children: ChildrenFn) -> impl IntoView {
    let session = use_session().0;
    let children = StoredValue::new(children);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let state = session.await.ok().flatten().map(|s| s.admin_step_up).unwrap_or(StepUp::NotNeeded);
                match state {
                    StepUp::Required | StepUp::NotEnrolled => view! { <StepUpGate state=state purpose=purpose requirement=requirement/> }.into_any(),
                    StepUp::NotNeeded | StepUp::Done => children.with_value(|c| c()).into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StepUpForm(purpose: &'static str) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<StepUpFn>::new();
    let location = use_location();
    on_result(action, move |()| reload_to(&location.pathname.get_untracked()), move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || TotpCode::parse(&code.get_untracked()).map_err(|m| AppError::field("code", m)),
        move |c| {
            action.dispatch(StepUpFn { code: c.as_str().to_string() });
        },
    );
    view! {
        <section class="step-up">
            <h2 id="step-up-title">"Bekreft med engangskode"</h2>
            <p>"For å " {purpose} " må du bekrefte med en engangskode fra autentiseringsappen din."</p>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorBox message=errors.general(&["code"])/>
                <TextField label="Engangskode" id="step-up-code" value=code error=errors.field("code") autocomplete="one-time-code" required=true/>
                <button type="submit" class="button-primary">"Bekreft"</button>
            </form>
        </section>
    }
}
