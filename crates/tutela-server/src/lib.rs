//! Tutela's server: the JSON API under `/api/v1`, the obligation scheduler and notification delivery
//! (signed webhooks, and e-mail over SMTP when configured).
//!
//! [`serve`] runs everything on one already-bound listener until the shutdown future resolves. The
//! HTTP layer only translates: it authenticates the caller, checks the caller's roles, parses input
//! into domain types, calls the database and shapes the answer; the rules live in `tutela-core`.

pub mod api;
pub mod app;
pub mod auth;
pub mod datamaps;
pub mod delivery;
pub mod email;
pub mod extract;
pub mod metrics_exporter;
pub mod problem;
pub mod retry;
pub mod scheduler;
pub mod sign_in;
pub mod time;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tutela_db::Db;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Whether this instance runs the scheduler and delivers notifications. Several instances on one
    /// PostgreSQL database may all run it: work is claimed, never done twice.
    pub run_scheduler: bool,
    /// How long a console session lasts, in seconds.
    pub session_ttl_s: i64,
    /// Scheduler settings.
    pub scheduler: scheduler::SchedulerConfig,
    /// Where the operators' stores are, for the fulfilment engine.
    pub fulfilment: api::requests::fulfil::FulfilmentConfig,
    /// Whether the outbox shows one-time codes to staff. Only `tutela demo` without SMTP sets it:
    /// the demo sends no mail, so its outbox is where a requester's or subject's code is read. Also
    /// lets the portal ask for a code without SMTP.
    pub outbox_shows_codes: bool,
    /// The address subjects reach this server at (`https://privacy.example.com`), for links in
    /// e-mails (a cancellation link, the portal). Without it, links use the `Host` the request came
    /// with, which a proxy must then set faithfully.
    pub public_url: Option<String>,
    /// The instant subscriptions and account closures act at (see [`time`]).
    pub time: time::TimeSource,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            run_scheduler: true,
            session_ttl_s: 12 * 3600,
            scheduler: scheduler::SchedulerConfig::default(),
            fulfilment: Default::default(),
            outbox_shows_codes: false,
            public_url: None,
            time: time::TimeSource::default(),
        }
    }
}

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listener failed.
    #[error("server I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Pages served beside the API (the web console and portal, which live in a crate of their own):
/// given the shared state, the routes to merge in front of the API's fallback.
pub type Pages = fn(app::AppState) -> axum::Router<app::AppState>;

/// Serves the API on `listener` until `shutdown` resolves, then drains requests and stops the
/// scheduler.
pub async fn serve(
    db: Db,
    listener: tokio::net::TcpListener,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    serve_with(db, listener, config, None, shutdown).await
}

/// [`serve`], with `pages` merged beside the API.
pub async fn serve_with(
    db: Db,
    listener: tokio::net::TcpListener,
    config: ServerConfig,
    pages: Option<Pages>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    metrics_exporter::install();
    let scheduler =
        config.run_scheduler.then(|| Arc::new(scheduler::Scheduler::spawn(db.clone(), config.scheduler.clone())));
    let consent = Arc::new(api::consent::ledger::ConsentLedger::new(db.clone()));
    let state = app::AppState {
        db,
        config: Arc::new(config),
        scheduler: scheduler.clone(),
        datamaps: Arc::new(datamaps::DataMapCache::default()),
        consent,
        sign_in: Arc::new(sign_in::SignInLimiter::default()),
    };
    if state.config.run_scheduler {
        api::retention::spawn(state.clone());
        api::subscriptions::accounts::spawn(state.clone());
    }
    let router = app::router(state, pages);
    let result = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    // The router and its clones of the handle are gone once serving ends; stop the scheduler cleanly
    // when this is the last handle.
    if let Some(scheduler) = scheduler.and_then(Arc::into_inner) {
        scheduler.shutdown().await;
    }
    Ok(result?)
}
