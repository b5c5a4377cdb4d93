//! Live updates in the browser: a counter that goes up whenever the server says something
//! concerning this organisation changed in an environment. Resources that read it refetch,
//! so lists update without reloading. The connection (server-sent events, `/events`)
//! reconnects by itself; on every reconnect the counter goes up too, so nothing missed
//! while away stays stale.

use leptos::prelude::*;

/// Subscribes for as long as the calling component lives.
pub fn use_live_changes(environment: String) -> ReadSignal<u64> {
    let (changes, set_changes) = signal(0u64);
    #[cfg(feature = "hydrate")]
    {
        let (task, handle) = futures::future::abortable(listen(environment, set_changes));
        leptos::task::spawn_local(async move {
            let _ = task.await;
        });
        on_cleanup(move || handle.abort());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (environment, set_changes);
    changes
}

#[cfg(feature = "hydrate")]
async fn listen(environment: String, set_changes: WriteSignal<u64>) {
    use futures::StreamExt;
    use gloo_net::eventsource::futures::EventSource;
    let url = format!("/events?env={environment}");
    let mut first = true;
    loop {
        if let Ok(mut source) = EventSource::new(&url) {
            if let (Ok(ready), Ok(changed)) = (source.subscribe("ready"), source.subscribe("changed")) {
                let mut events = futures::stream::select(ready, changed);
                while let Some(Ok((kind, _))) = events.next().await {
                    // The first `ready` is the page's own load: nothing to catch up on.
                    if kind == "ready" && std::mem::take(&mut first) {
                        continue;
                    }
                    set_changes.update(|n| *n += 1);
                }
            }
            source.close();
        }
        sleep_ms(1000).await;
    }
}

#[cfg(feature = "hydrate")]
async fn sleep_ms(ms: u64) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        std::time::Duration::from_millis(ms),
    );
    let _ = rx.await;
}
