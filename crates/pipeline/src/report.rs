//! What one ingest run did.

use khabar_ingest::Rejection;
use serde::Serialize;

/// The most rejections a report lists one by one; the counts stay exact.
pub const MAX_LISTED_REJECTIONS: usize = 200;

/// Counts for one ingest run, printed at the end and returned as JSON.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    pub files: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub rejected_by_kind: std::collections::BTreeMap<String, usize>,
    /// The first rejections, each naming its file and line.
    pub rejections: Vec<Rejection>,
    /// Files inside named directories that were passed over: unknown type.
    pub skipped_files: Vec<String>,
}

impl IngestReport {
    pub fn add_rejection(&mut self, rejection: Rejection) {
        self.rejected += 1;
        *self
            .rejected_by_kind
            .entry(rejection.kind.to_string())
            .or_default() += 1;
        if self.rejections.len() < MAX_LISTED_REJECTIONS {
            self.rejections.push(rejection);
        }
    }

    /// Adds the counts of a committed batch.
    pub fn merge(&mut self, batch: IngestReport) {
        self.inserted += batch.inserted;
        self.updated += batch.updated;
        self.unchanged += batch.unchanged;
        self.rejected += batch.rejected;
        for (kind, count) in batch.rejected_by_kind {
            *self.rejected_by_kind.entry(kind).or_default() += count;
        }
        let room = MAX_LISTED_REJECTIONS.saturating_sub(self.rejections.len());
        self.rejections
            .extend(batch.rejections.into_iter().take(room));
    }

    pub fn articles_read(&self) -> usize {
        self.inserted + self.updated + self.unchanged
    }
}
