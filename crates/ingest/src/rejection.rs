//! Why a record could not be read, and where it was.

use khabar_core::Provenance;
use serde::Serialize;

/// A record (or a whole file) that ingest refused, with a lowercase reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub provenance: Provenance,
    /// A short machine-friendly category such as `invalid_utf8` or `malformed_json`.
    pub kind: &'static str,
    pub reason: String,
}

impl Rejection {
    pub fn new(provenance: Provenance, kind: &'static str, reason: impl Into<String>) -> Self {
        Rejection {
            provenance,
            kind,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}: {}", self.provenance, self.reason)
    }
}
