//! How rare a feature is: the shipped background document frequencies blended
//! with the live corpus's own.
//!
//! `idf = ln((N_bg·w + N_live + 1) / (df_bg·w + df_live + 1)) + 1`, where `w`
//! is [`ClusterConfig::background_weight`](crate::ClusterConfig). The background
//! only applies to articles in a language it has documents for, so an English
//! article is weighted by live statistics alone when the table is Arabic only.
//! A bigram's background frequency is estimated by the smaller frequency of its
//! two terms (an upper bound: a bigram of common words is common, a bigram
//! holding a rare name is rare).
//!
//! The live table is bounded: beyond `max_live_features` entries every count is
//! halved, which ages out one-off features while keeping ratios.

use std::sync::Arc;

use khabar_analyze::Language;

use crate::background::BackgroundStatistics;
use crate::features::{FeatureKind, RawFeature};
use crate::KeyMap;

#[derive(Debug, Clone)]
pub(crate) struct TermStatistics {
    background: Arc<BackgroundStatistics>,
    background_weight: f64,
    max_live_features: usize,
    live_documents: u64,
    live_document_frequency: KeyMap<u32>,
}

impl TermStatistics {
    pub fn new(
        background: Arc<BackgroundStatistics>,
        background_weight: f64,
        max_live_features: usize,
    ) -> TermStatistics {
        TermStatistics {
            background,
            background_weight,
            max_live_features,
            live_documents: 0,
            live_document_frequency: KeyMap::default(),
        }
    }

    pub fn background(&self) -> &Arc<BackgroundStatistics> {
        &self.background
    }

    /// Counts one article's distinct features (`features` must be distinct).
    pub fn observe_document(&mut self, features: &[RawFeature]) {
        self.live_documents += 1;
        for feature in features {
            *self
                .live_document_frequency
                .entry(feature.hash)
                .or_insert(0) += 1;
        }
        if self.live_document_frequency.len() > self.max_live_features {
            self.halve_live_counts();
        }
    }

    fn halve_live_counts(&mut self) {
        self.live_documents /= 2;
        self.live_document_frequency.retain(|_, count| {
            *count /= 2;
            *count > 0
        });
    }

    /// Counts one article's distinct features in the live table and fills
    /// each feature's background frequency and IDF, in one pass over the live
    /// table (each feature is touched once). The IDF includes the article
    /// itself, as if [`TermStatistics::observe_document`] ran first; when the
    /// table overflows, counts are halved and the IDFs recomputed, so the
    /// result is exactly that of counting first and looking up after.
    pub fn observe_and_weigh(&mut self, features: &mut [RawFeature], language: Language) {
        self.live_documents += 1;
        let background_documents =
            self.background.documents(language) as f64 * self.background_weight;
        let use_background = background_documents > 0.0;
        for position in 0..features.len() {
            let background_frequency = if use_background {
                self.background_frequency_at(features, position)
            } else {
                0
            };
            let feature = &mut features[position];
            feature.background_frequency = background_frequency;
            let live = {
                let count = self
                    .live_document_frequency
                    .entry(feature.hash)
                    .or_insert(0);
                *count += 1;
                *count
            };
            feature.idf = self.idf_from(background_documents, background_frequency, live);
        }
        if self.live_document_frequency.len() > self.max_live_features {
            self.halve_live_counts();
            for feature in features.iter_mut() {
                let live = self
                    .live_document_frequency
                    .get(&feature.hash)
                    .copied()
                    .unwrap_or(0);
                feature.idf =
                    self.idf_from(background_documents, feature.background_frequency, live);
            }
        }
    }

    /// A word's or number's background frequency from the table; a bigram's
    /// is the smaller of its two terms' (already filled, as they come first).
    fn background_frequency_at(&self, features: &[RawFeature], position: usize) -> u32 {
        let feature = &features[position];
        match feature.kind {
            FeatureKind::Word | FeatureKind::Number => {
                self.background.document_frequency(feature.hash)
            }
            FeatureKind::Bigram(first, second) => {
                let (first_position, second_position) = feature.part_positions;
                let known = |part_position: u32, part_hash: u64| {
                    let part_position = part_position as usize;
                    match features.get(part_position) {
                        Some(part) if part_position < position && part.hash == part_hash => {
                            part.background_frequency
                        }
                        _ => self.background.document_frequency(part_hash),
                    }
                };
                known(first_position, first).min(known(second_position, second))
            }
        }
    }

    fn idf_from(&self, background_documents: f64, background_frequency: u32, live: u32) -> f32 {
        let background_frequency = f64::from(background_frequency) * self.background_weight;
        let documents = background_documents + self.live_documents as f64 + 1.0;
        let frequency = background_frequency + f64::from(live) + 1.0;
        ((documents / frequency).ln() + 1.0) as f32
    }

    pub fn live_feature_count(&self) -> usize {
        self.live_document_frequency.len()
    }

    pub fn to_state(&self) -> (u64, Vec<(u64, u32)>) {
        let mut entries: Vec<(u64, u32)> = self
            .live_document_frequency
            .iter()
            .map(|(hash, count)| (*hash, *count))
            .collect();
        entries.sort_unstable();
        (self.live_documents, entries)
    }

    pub fn restore(&mut self, live_documents: u64, entries: &[(u64, u32)]) {
        self.live_documents = live_documents;
        self.live_document_frequency = entries.iter().copied().collect();
    }
}
