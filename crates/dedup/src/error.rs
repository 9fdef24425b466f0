//! Errors of the dedup stage: invalid configuration and state that cannot be
//! restored faithfully.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DedupError {
    #[error("invalid dedup config: {0}")]
    InvalidConfig(String),
    #[error("article key {0} is already active in the deduplicator")]
    DuplicateKey(u64),
    #[error("persisted sketch format {found} is not the supported format {expected}")]
    SketchFormatMismatch { expected: u32, found: u32 },
    #[error(
        "persisted record for key {key} has {found} signature values, config expects {expected}"
    )]
    SignatureLengthMismatch {
        key: u64,
        expected: usize,
        found: usize,
    },
    #[error("persisted shingle size {found} differs from config shingle size {expected}")]
    ShingleSizeMismatch { expected: usize, found: usize },
    #[error("byte buffer of length {0} is not a whole number of little-endian u64 values")]
    InvalidByteLength(usize),
}
