//! The convenience idf: background document frequencies shipped with
//! `khabar-cluster`, so a two-article story still knows that «ياب» is rare
//! and «قال» is not.

use std::sync::Arc;

use khabar_analyze::{AnalyzerConfig, Language};
use khabar_cluster::{unigram_hash, BackgroundStatistics};

/// `idf(term) = ln((N + 1) / (df(term) + 1))` over the `N` Arabic documents
/// of `background`; terms absent from the table (rare, or not Arabic) get
/// the maximum `ln(N + 1)`. An empty background gives every term idf 1, so
/// similarities degrade to plain term overlap instead of vanishing.
pub fn idf_from_background(
    background: Arc<BackgroundStatistics>,
) -> impl Fn(&str) -> f64 + Send + Sync {
    let documents = background.documents(Language::Arabic) as f64;
    move |term: &str| {
        if documents <= 0.0 {
            return 1.0;
        }
        let document_frequency = f64::from(background.document_frequency(unigram_hash(term)));
        ((documents + 1.0) / (document_frequency + 1.0)).ln()
    }
}

/// The shipped background's idf and the analyzer settings its terms were
/// produced with (story terms must be analyzed the same way to be looked up).
pub fn shipped_background_idf() -> (impl Fn(&str) -> f64 + Send + Sync, AnalyzerConfig) {
    let background = BackgroundStatistics::shipped();
    let analyzer_config = *background.analyzer_config();
    (idf_from_background(background), analyzer_config)
}
