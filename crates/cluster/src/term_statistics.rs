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
use crate::prehashed_map::PrehashedMap;

/// A live table entry: the feature's live document frequency, and its
/// background frequency once looked up (the background is fixed and a
/// bigram's estimate depends only on its two terms, so it is looked up once
/// per feature while the feature stays live, not once per occurrence).
#[derive(Debug, Clone, Copy)]
struct LiveEntry {
    documents: u32,
    /// [`BACKGROUND_NOT_LOOKED_UP`] until an article in a language with a
    /// background looks it up.
    background: u32,
}

/// Marks a [`LiveEntry`] whose background frequency is not known yet. A real
/// frequency equal to it is simply never cached (looked up every time).
const BACKGROUND_NOT_LOOKED_UP: u32 = u32::MAX;

impl Default for LiveEntry {
    fn default() -> LiveEntry {
        LiveEntry {
            documents: 0,
            background: BACKGROUND_NOT_LOOKED_UP,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TermStatistics {
    background: Arc<BackgroundStatistics>,
    background_weight: f64,
    max_live_features: usize,
    live_documents: u64,
    live_document_frequency: PrehashedMap<LiveEntry>,
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
            live_document_frequency: PrehashedMap::default(),
        }
    }

    pub fn background(&self) -> &Arc<BackgroundStatistics> {
        &self.background
    }

    /// Counts one article's distinct features (`features` must be distinct).
    pub fn observe_document(&mut self, features: &[RawFeature]) {
        self.live_documents += 1;
        for feature in features {
            self.live_document_frequency
                .get_or_insert_default(feature.hash)
                .documents += 1;
        }
        if self.live_document_frequency.len() > self.max_live_features {
            self.halve_live_counts();
        }
    }

    fn halve_live_counts(&mut self) {
        self.live_documents /= 2;
        self.live_document_frequency.retain(|_, entry| {
            entry.documents /= 2;
            entry.documents > 0
        });
    }

    /// Counts one article's distinct features in the live table and fills
    /// each feature's background frequency and IDF, with one live-table probe
    /// per feature (the background table is read only for features not yet
    /// live). The IDF includes the article itself, as if
    /// [`TermStatistics::observe_document`] ran first; when the table
    /// overflows, counts are halved and the IDFs recomputed, so the result is
    /// exactly that of counting first and looking up after.
    pub fn observe_and_weigh(&mut self, features: &mut [RawFeature], language: Language) {
        self.live_documents += 1;
        let background_documents =
            self.background.documents(language) as f64 * self.background_weight;
        let use_background = background_documents > 0.0;
        let warmed = features.iter().fold(0u64, |folded, feature| {
            folded ^ self.live_document_frequency.warm(feature.hash)
        });
        std::hint::black_box(warmed);
        for position in 0..features.len() {
            let entry = self
                .live_document_frequency
                .get_or_insert_default(features[position].hash);
            entry.documents += 1;
            let live = entry.documents;
            let background_frequency = if !use_background {
                0
            } else if entry.background != BACKGROUND_NOT_LOOKED_UP {
                entry.background
            } else {
                let looked_up = background_frequency_at(&self.background, features, position);
                entry.background = looked_up;
                looked_up
            };
            let feature = &mut features[position];
            feature.background_frequency = background_frequency;
            feature.idf = self.idf_from(background_documents, background_frequency, live);
        }
        if self.live_document_frequency.len() > self.max_live_features {
            self.halve_live_counts();
            for feature in features.iter_mut() {
                let live = self
                    .live_document_frequency
                    .get(feature.hash)
                    .map_or(0, |entry| entry.documents);
                feature.idf =
                    self.idf_from(background_documents, feature.background_frequency, live);
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
            .map(|(hash, entry)| (hash, entry.documents))
            .collect();
        entries.sort_unstable();
        (self.live_documents, entries)
    }

    pub fn restore(&mut self, live_documents: u64, entries: &[(u64, u32)]) {
        self.live_documents = live_documents;
        self.live_document_frequency = PrehashedMap::with_capacity(entries.len());
        for &(hash, documents) in entries {
            self.live_document_frequency.insert(
                hash,
                LiveEntry {
                    documents,
                    background: BACKGROUND_NOT_LOOKED_UP,
                },
            );
        }
    }
}

/// A word's or number's background frequency from the table; a bigram's
/// is the smaller of its two terms' (already filled, as they come first).
fn background_frequency_at(
    background: &BackgroundStatistics,
    features: &[RawFeature],
    position: usize,
) -> u32 {
    let feature = &features[position];
    match feature.kind {
        FeatureKind::Word | FeatureKind::Number => background.document_frequency(feature.hash),
        FeatureKind::Bigram(first, second) => {
            let (first_position, second_position) = feature.part_positions;
            let known = |part_position: u32, part_hash: u64| {
                let part_position = part_position as usize;
                match features.get(part_position) {
                    Some(part) if part_position < position && part.hash == part_hash => {
                        part.background_frequency
                    }
                    _ => background.document_frequency(part_hash),
                }
            };
            known(first_position, first).min(known(second_position, second))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::config::ClusterConfig;
    use crate::features::{raw_features, FeatureScratch};
    use crate::input::ClusterInput;

    /// IDFs recomputed from scratch: a plain map of live counts (halved the
    /// same way) and uncached background lookups.
    struct Reference {
        documents: u64,
        counts: HashMap<u64, u32>,
    }

    impl Reference {
        fn observe(&mut self, features: &[RawFeature], max_live_features: usize) {
            self.documents += 1;
            for feature in features {
                *self.counts.entry(feature.hash).or_insert(0) += 1;
            }
            if self.counts.len() > max_live_features {
                self.documents /= 2;
                self.counts.retain(|_, count| {
                    *count /= 2;
                    *count > 0
                });
            }
        }

        fn idf(&self, background: &BackgroundStatistics, feature: &RawFeature) -> f32 {
            let background_frequency = match feature.kind {
                FeatureKind::Word | FeatureKind::Number => {
                    background.document_frequency(feature.hash)
                }
                FeatureKind::Bigram(first, second) => background
                    .document_frequency(first)
                    .min(background.document_frequency(second)),
            };
            let background_documents = background.documents(Language::Arabic) as f64;
            let documents = background_documents + self.documents as f64 + 1.0;
            let live = self.counts.get(&feature.hash).copied().unwrap_or(0);
            let frequency = f64::from(background_frequency) + f64::from(live) + 1.0;
            ((documents / frequency).ln() + 1.0) as f32
        }
    }

    #[test]
    fn cached_background_and_halving_give_the_uncached_idfs() {
        let background = BackgroundStatistics::shipped();
        assert!(background.documents(Language::Arabic) > 0);
        let words = [
            "مجلس",
            "امن",
            "قرار",
            "سوريا",
            "حلب",
            "2016",
            "ناتو",
            "روسيا",
            "اجتماع",
            "وزير",
            "خارجيه",
            "زلزال",
            "تركيا",
            "ضحايا",
            "مراكش",
        ];
        // A tiny live table, so counts are halved (and cached entries
        // dropped and looked up again) many times.
        let max_live_features = 40;
        let mut statistics = TermStatistics::new(Arc::clone(&background), 1.0, max_live_features);
        let mut reference = Reference {
            documents: 0,
            counts: HashMap::new(),
        };
        let config = ClusterConfig::default();
        let mut scratch = FeatureScratch::default();
        for article in 0..60usize {
            let terms: Vec<String> = (0..12)
                .map(|offset| words[(article * 7 + offset * (article % 5 + 1)) % words.len()])
                .map(str::to_string)
                .collect();
            let input = ClusterInput {
                key: article as u64,
                article_id: format!("a{article}"),
                source: None,
                published: None,
                title_terms: terms[..3].to_vec(),
                body_terms: terms[3..].to_vec(),
                language: Language::Arabic,
                stated_weekdays: 0,
            };
            raw_features(&input, &config, &mut scratch);
            statistics.observe_and_weigh(&mut scratch.raw, Language::Arabic);
            reference.observe(&scratch.raw, max_live_features);
            for feature in &scratch.raw {
                assert_eq!(
                    feature.idf.to_bits(),
                    reference.idf(&background, feature).to_bits(),
                    "article {article}"
                );
            }
        }
    }
}
