//! Exact and near-duplicate detection for Khabar.
//!
//! Wire stories are republished verbatim or lightly edited by many outlets.
//! This crate recognises the copies so later stages can treat them as one
//! article with many outlets. It is a pure state machine: it never reads or
//! writes files, and everything it holds can be persisted and restored
//! exactly (see [`persist`]).
//!
//! - [`fingerprint`]: tokens → exact hash, shingle hashes, signature;
//! - [`sketch`]: the stable MinHash signature (universal hashing, fixed coefficients);
//! - [`lsh`]: banding index proposing candidates;
//! - [`jaccard`]: exact verification of candidates;
//! - [`deduplicator`]: the streaming state machine (groups, canonicals, TTL);
//! - [`decision`]: what it reports; [`config`]: every threshold.

pub mod config;
pub mod decision;
pub mod deduplicator;
pub mod error;
pub mod fingerprint;
pub mod jaccard;

pub mod lsh;
pub mod persist;
mod shingle_set;
pub mod sketch;

pub use config::{DedupConfig, ShortDocumentPolicy};
pub use decision::{
    ArticleMeta, ArticleRef, CanonicalChange, DedupDecision, DedupInput, DuplicateGroup,
    DuplicateKind, Explanation, GroupMember, RemovalOutcome, Similarity, SkipReason,
};
pub use deduplicator::Deduplicator;
pub use error::DedupError;
pub use fingerprint::{ExactHash, Fingerprinter, Fingerprints};
pub use persist::{
    u64s_from_le_bytes, u64s_to_le_bytes, DedupState, PersistedGroup, PersistedSignature,
    SKETCH_FORMAT_VERSION,
};
