//! Khabar over HTTP: a JSON API (stories, story cards, articles with what
//! cleaning removed, search, authenticated ingest, OpenAPI description) and a
//! right-to-left Arabic web page, all served by one binary over the embedded
//! store and the search index.
//!
//! - [`router`] builds the axum application over an [`AppState`];
//! - [`run`] binds an address and serves until Ctrl-C.
//!
//! Limits (body size, query length, page size) live in [`ServeConfig`].
//! Malformed requests get a 4xx with a JSON body, never a 500.

pub mod api;
mod assets;
mod config;
mod error;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use khabar_index::{index_dir, IndexConfig, SearchIndex};

pub use config::ServeConfig;
pub use error::{ApiError, ErrorBody};
pub use state::AppState;

/// Everything `khabar serve` needs.
pub struct ServeOptions {
    pub address: String,
    pub data_dir: PathBuf,
    pub pipeline_config: khabar_pipeline::Config,
    pub serve_config: ServeConfig,
    pub index_config: IndexConfig,
    /// Bearer token for `POST /api/articles`; `None` makes the server read-only.
    pub api_token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the search index: {0}")]
    Index(#[from] khabar_index::IndexError),
    #[error("cannot prepare the server: {0}")]
    State(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// The application: API routes, the page and its assets, limits.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body_bytes = state.serve_config.max_body_bytes;
    Router::new()
        .route("/", get(assets::index_page))
        .route("/assets/{name}", get(assets::asset))
        .route("/health", get(api::health))
        .route("/api/stories", get(api::list_stories))
        .route("/api/stories/{id}", get(api::get_story))
        .route("/api/articles", post(api::post_articles))
        .route("/api/articles/{id}", get(api::get_article))
        .route("/api/search", get(api::search))
        .route("/api/openapi.json", get(api::openapi_json))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            limit_query_string,
        ))
        .with_state(state)
}

async fn not_found() -> Response {
    ApiError::not_found("no such page").into_response()
}

/// Refuses over-long query strings before any handler parses them.
async fn limit_query_string(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let query_length = request.uri().query().map(str::len).unwrap_or(0);
    if query_length > state.serve_config.max_query_string_bytes {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "query string too long: {query_length} bytes, at most {}",
                state.serve_config.max_query_string_bytes
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// Opens the index (bringing it up to date with the store when it lags) and
/// the caches.
pub fn prepare_state(options: &ServeOptions) -> Result<Arc<AppState>, ServeError> {
    let index =
        SearchIndex::open_or_create(&index_dir(&options.data_dir), options.index_config.clone())?;
    let store = khabar_store::Store::open(&options.data_dir)
        .map_err(|error| ServeError::State(error.to_string()))?;
    if let Err(error) = index.update_from_store(&store) {
        // Another process may be indexing; serve what is there.
        tracing::warn!("index not updated at start: {error}");
    }
    drop(store);
    let state = AppState::new(
        options.data_dir.clone(),
        options.pipeline_config.clone(),
        options.serve_config.clone(),
        options.api_token.clone(),
        index,
    )
    .map_err(|error| ServeError::State(error.message))?;
    let state = Arc::new(state);
    state.start_card_warmup();
    Ok(state)
}

/// Serves until Ctrl-C. `on_listening` is told the bound address (useful with
/// port 0).
pub fn run(options: ServeOptions, on_listening: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let state = prepare_state(&options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io {
            context: "cannot start the async runtime".to_string(),
            source,
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&options.address)
            .await
            .map_err(|source| ServeError::Io {
                context: format!("cannot listen on {}", options.address),
                source,
            })?;
        let local_address = listener.local_addr().map_err(|source| ServeError::Io {
            context: "cannot read the bound address".to_string(),
            source,
        })?;
        on_listening(local_address);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|source| ServeError::Io {
                context: "server failed".to_string(),
                source,
            })
    })
}
