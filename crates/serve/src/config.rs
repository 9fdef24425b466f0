//! The server's limits and sizes, TOML-loadable with defaults.

use serde::{Deserialize, Serialize};

/// Every limit of the HTTP server. Missing TOML fields take the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeConfig {
    /// Largest accepted request body (`POST /api/articles`), in bytes.
    pub max_body_bytes: usize,
    /// Longest accepted query string, in bytes; longer gets 414.
    pub max_query_string_bytes: usize,
    /// Stories per page when `per_page` is absent.
    pub default_per_page: usize,
    /// Largest accepted `per_page`.
    pub max_per_page: usize,
    /// Stories returned by `/api/search` when `limit` is absent.
    pub default_search_limit: usize,
    /// Story cards kept in memory; the cache is emptied when it grows past this.
    pub max_cached_cards: usize,
    /// Store connections open at most; requests beyond this wait for one.
    /// Each holds a card builder too, so this also bounds concurrent card
    /// builds.
    pub store_pool_size: usize,
    /// Searches run at once; more wait their turn, first come first served,
    /// so a burst shares the cores without stretching every search. 0 means
    /// four per core (a search also waits on memory and the store; with one
    /// per core the cores idle, measured in `scripts/load_test.sh`).
    pub max_concurrent_searches: usize,
    /// Cards of the first stories of the listing built in the background
    /// after the server starts and after each ingest.
    pub warm_cards: usize,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            max_body_bytes: 16 * 1024 * 1024,
            max_query_string_bytes: 4096,
            default_per_page: 20,
            max_per_page: 100,
            default_search_limit: 20,
            max_cached_cards: 5_000,
            store_pool_size: 8,
            warm_cards: 500,
            max_concurrent_searches: 0,
        }
    }
}
