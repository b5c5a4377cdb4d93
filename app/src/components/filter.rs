//! "Vis": the active / deactivated / all filter over a list of scopes or integrations
//! (nothing is deleted, so deactivated ones are a filter away).

use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ActiveFilter {
    Active,
    Deactivated,
    All,
}

impl ActiveFilter {
    pub fn keeps(self, active: bool) -> bool {
        match self {
            ActiveFilter::Active => active,
            ActiveFilter::Deactivated => !active,
            ActiveFilter::All => true,
        }
    }

    /// What to say when the filter leaves nothing of a non-empty list of `noun`.
    pub fn nothing_shown(self, noun: &str) -> String {
        match self {
            ActiveFilter::Active => format!("Ingen aktive {noun}. Velg «Alle {noun}» for å se de deaktiverte."),
            _ => format!("Ingen deaktiverte {noun}."),
        }
    }
}

/// The "Vis" select; `noun` is the plural shown in the options ("scopes", "integrasjoner").
#[component]
pub fn ActiveFilterSelect(id: &'static str, filter: RwSignal<ActiveFilter>, noun: &'static str) -> impl IntoView {
    view! {
        <div class="field narrow">
            <label for=id>"Vis"</label>
            <select id=id on:change:target=move |ev| filter.set(match ev.target().value().as_str() {
                "deactivated" => ActiveFilter::Deactivated,
                "all" => ActiveFilter::All,
                _ => ActiveFilter::Active,
            })>
                <option value="active">{format!("Aktive {noun}")}</option>
                <option value="deactivated">{format!("Deaktiverte {noun}")}</option>
                <option value="all">{format!("Alle {noun}")}</option>
            </select>
        </div>
    }
}
