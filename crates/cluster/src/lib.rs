//! Khabar's story clustering: each article joins the story it reports, or
//! starts a new one.
//!
//! - [`ClusterInput`]: an article's analyzed terms, source, date, ingest key;
//! - [`StoryClusterer`]: the online, persistable state machine
//!   ([`StoryClusterer::observe`] → [`ClusterDecision`]);
//! - [`BackgroundStatistics`]: document frequencies shipped with the binary;
//! - [`metrics`] and [`evaluation`]: scoring a clustering against gold labels,
//!   and parameter sweeps.
//!
//! No I/O: the pipeline feeds articles and persists [`ClustererState`].

mod anchors;
mod background;
mod clusterer;
mod config;
pub mod evaluation;
mod features;
mod input;
mod inverted_index;

pub mod metrics;
mod prehashed_map;
mod story;
mod term_statistics;
pub mod weekdays;

pub use background::{BackgroundStatistics, BackgroundTableBuilder};
pub use clusterer::{
    CandidateSignals, ClusterDecision, ClustererState, StateError, StoryClusterer,
};
pub use config::ClusterConfig;
pub use features::unigram_hash;
pub use input::ClusterInput;
pub use story::StoryState;

/// The clusterer's maps: `u64` keys (feature hashes, story numbers) with the
/// shared fast hasher.
pub(crate) type KeyMap<V> = khabar_core::key_hasher::KeyHashMap<u64, V>;
