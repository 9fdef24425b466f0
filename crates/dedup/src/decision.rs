//! What the deduplicator says about an article, in terms the store can apply
//! directly (`duplicate_of`, group ids, re-pointed members) and a user can
//! read (`--explain`: estimated and verified similarity).

use serde::{Deserialize, Serialize};

/// The article handed to [`crate::Deduplicator::observe`].
#[derive(Debug, Clone)]
pub struct DedupInput<'a, T: AsRef<str>> {
    /// Ingest sequence number: unique, and lower means ingested earlier. Breaks
    /// canonical ties.
    pub key: u64,
    pub article_id: String,
    pub source: Option<String>,
    /// Publication time in unix seconds, when known.
    pub published: Option<i64>,
    /// Analyzed, normalized terms in text order.
    pub tokens: &'a [T],
}

/// Everything [`DedupInput`] holds but the tokens: used with
/// [`crate::Deduplicator::observe_fingerprinted`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMeta {
    pub key: u64,
    pub article_id: String,
    pub source: Option<String>,
    pub published: Option<i64>,
}

/// A reference to an article, enough to fill `duplicate_of` and to order
/// canonicals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub key: u64,
    pub article_id: String,
    pub published: Option<i64>,
}

impl ArticleRef {
    /// The canonical of a group is the member with the smallest order: earliest
    /// publication date, articles with a date before those without, and the
    /// first ingested (lowest key) on ties.
    pub fn canonical_order(&self) -> (i64, u64) {
        canonical_order(self.published, self.key)
    }
}

pub(crate) fn canonical_order(published: Option<i64>, key: u64) -> (i64, u64) {
    (published.unwrap_or(i64::MAX), key)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKind {
    /// Same normalized token sequence as an active article.
    Exact,
    /// Verified shingle Jaccard at or above the threshold with an active
    /// article.
    Near,
    /// No duplicate found: the article starts its own group.
    Unique,
}

/// Why an article was not indexed at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// No tokens: nothing to compare.
    Empty,
    /// Fewer tokens than `min_tokens_for_near_duplicate` under
    /// [`crate::ShortDocumentPolicy::Ignore`].
    TooShort,
}

/// Estimated (MinHash) and verified (exact shingle Jaccard) similarity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    pub estimated_jaccard: f64,
    pub verified_jaccard: f64,
}

/// A group's canonical changed, or the group absorbed other groups (a new
/// article matched members of several groups and bridged them). The store
/// must move every article of `absorbed_groups` to `group_id`, and point every
/// article of the group (evicted members included) to `current`; `repointed`
/// lists the active members whose pointer changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalChange {
    pub group_id: u64,
    /// Group ids merged into `group_id` (empty for a plain canonical change).
    pub absorbed_groups: Vec<u64>,
    pub previous: ArticleRef,
    pub current: ArticleRef,
    /// Active members other than `current` and the observed article whose
    /// `duplicate_of` or group changes (includes `previous` when it is still
    /// active and no longer canonical).
    pub repointed: Vec<ArticleRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupDecision {
    pub key: u64,
    /// Id of the article's group: the key of the group's first member. It
    /// survives canonical changes; when groups merge, the oldest id survives
    /// (see [`CanonicalChange::absorbed_groups`]). `None` when skipped.
    pub group_id: Option<u64>,
    pub kind: DuplicateKind,
    /// The group's canonical after this observation, unless it is this article.
    pub duplicate_of: Option<ArticleRef>,
    /// The active article whose similarity decided the match.
    pub matched: Option<ArticleRef>,
    /// MinHash estimate of the similarity to `matched`.
    pub estimated_jaccard: Option<f64>,
    /// Exact shingle Jaccard with `matched`.
    pub verified_jaccard: Option<f64>,
    /// Similarity to the canonical, when the canonical is active and is not
    /// this article.
    pub similarity_to_canonical: Option<Similarity>,
    /// LSH candidates whose shingle sets were compared exactly.
    pub candidates_checked: usize,
    /// Set when this article became its group's new canonical or bridged
    /// several groups into one.
    pub canonical_change: Option<CanonicalChange>,
    pub skipped: Option<SkipReason>,
    /// Articles evicted from the active window while observing this one.
    pub evicted: usize,
}

impl DedupDecision {
    pub(crate) fn skipped(key: u64, reason: SkipReason) -> Self {
        DedupDecision {
            key,
            group_id: None,
            kind: DuplicateKind::Unique,
            duplicate_of: None,
            matched: None,
            estimated_jaccard: None,
            verified_jaccard: None,
            similarity_to_canonical: None,
            candidates_checked: 0,
            canonical_change: None,
            skipped: Some(reason),
            evicted: 0,
        }
    }
}

/// Result of [`crate::Deduplicator::remove`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovalOutcome {
    pub removed: ArticleRef,
    pub group_id: u64,
    /// Set when the removed article was its group's canonical and another
    /// active member took over.
    pub canonical_change: Option<CanonicalChange>,
}

/// One member of a listed duplicate group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    pub article: ArticleRef,
    pub source: Option<String>,
    pub kind: DuplicateKind,
    /// The article it matched when it joined (absent for the founder).
    pub matched_key: Option<u64>,
}

/// A duplicate group as currently held in the active window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    pub group_id: u64,
    pub canonical: ArticleRef,
    /// Active members in key order (the canonical included when active).
    pub members: Vec<GroupMember>,
}

/// `article --explain`: how an article relates to its canonical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub key: u64,
    pub group_id: u64,
    pub kind: DuplicateKind,
    pub canonical: ArticleRef,
    pub matched_key: Option<u64>,
    /// `None` when the article is the canonical or the canonical was evicted.
    pub similarity_to_canonical: Option<Similarity>,
}
