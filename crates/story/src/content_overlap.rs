//! Does a candidate summary sentence say anything the chosen ones have not
//! said? Two outlets rarely word one fact alike, so a cosine over all terms
//! misses paraphrases: «غاب كارفاخال عن الحصة التدريبية الاثنين» and «غاب
//! كارفخال عن تدريبات منتخب بلاده يوم الاثنين» share few words, yet the
//! words they share are the informative ones.
//!
//! This module measures *asymmetric containment* over those informative
//! terms: the share of a candidate's informative weight whose terms already
//! occur in the chosen sentences. Informative terms are content terms rare
//! in the background (idf at least `summary_informative_term_minimum_idf`)
//! and numbers; each weighs its idf (numbers at least
//! `summary_number_minimum_weight`). Terms are compared by their consonant
//! skeleton (`skeleton.rs`) when it is long enough, so spelling variants of
//! a name (كارفخال/كارفاخال) count as one term. A candidate whose terms are
//! mostly covered adds nothing, however it is worded.

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;
use crate::fast_hash::IntegerMap;
use crate::skeleton::{consonant_skeleton, without_proclitic};
use crate::term_vectors::TermVector;

/// The informative terms of one sentence: distinct spelling keys with their
/// weights, and the weights' sum.
#[derive(Debug, Clone, Default)]
pub(crate) struct InformativeTerms {
    keys: Vec<(u32, f64)>,
    total_weight: f64,
}

impl InformativeTerms {
    /// Share of this sentence's informative weight whose keys are in
    /// `covered`; 0 for a sentence without informative terms.
    pub(crate) fn covered_share(&self, covered: &CoveredKeys) -> f64 {
        self.share_where(|key| covered.contains(key))
    }

    /// Share of this sentence's informative weight whose keys satisfy
    /// `is_covered`; 0 for a sentence without informative terms.
    fn share_where(&self, is_covered: impl Fn(u32) -> bool) -> f64 {
        if self.total_weight <= 0.0 {
            return 0.0;
        }
        let covered_weight: f64 = self
            .keys
            .iter()
            .filter(|(key, _)| is_covered(*key))
            .map(|(_, weight)| weight)
            .sum();
        covered_weight / self.total_weight
    }

    /// Share of this sentence's informative weight whose keys are in
    /// `first` or in `second`.
    pub(crate) fn covered_share_of_either(&self, first: &CoveredKeys, second: &CoveredKeys) -> f64 {
        self.share_where(|key| first.contains(key) || second.contains(key))
    }

    /// Does this sentence state the fact of `title`: at least
    /// `summary_title_fact_minimum_share` of its informative weight, in at
    /// least `summary_title_fact_minimum_shared_terms` terms (the rule of
    /// [`TitleFacts`], for one title).
    pub(crate) fn states(&self, title: &InformativeTerms, config: &StoryCardConfig) -> bool {
        if title.keys.len() < config.summary_title_fact_minimum_shared_terms
            || title.total_weight <= 0.0
        {
            return false;
        }
        let shared: Vec<f64> = title
            .keys
            .iter()
            .filter(|(key, _)| self.keys.iter().any(|(own, _)| own == key))
            .map(|(_, weight)| *weight)
            .collect();
        states_fact(
            shared.len(),
            shared.iter().sum(),
            title.total_weight,
            config,
        )
    }
}

/// The spelling keys of the sentences chosen so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct CoveredKeys {
    keys: IntegerMap<u32, ()>,
}

impl CoveredKeys {
    pub(crate) fn add(&mut self, terms: &InformativeTerms) {
        for (key, _) in &terms.keys {
            self.keys.insert(*key, ());
        }
    }

    fn contains(&self, key: u32) -> bool {
        self.keys.contains_key(&key)
    }
}

/// Turns term vectors into [`InformativeTerms`], computing each term's
/// spelling key once.
pub(crate) struct InformativeTermExtractor<'a, 'story> {
    story: &'a AnalyzedStory<'story>,
    config: &'a StoryCardConfig,
    /// term id → spelling key (None: not informative).
    key_of_term: IntegerMap<u32, Option<u32>>,
    key_of_spelling: IntegerMap<String, u32>,
}

impl<'a, 'story> InformativeTermExtractor<'a, 'story> {
    pub(crate) fn new(
        story: &'a AnalyzedStory<'story>,
        config: &'a StoryCardConfig,
    ) -> InformativeTermExtractor<'a, 'story> {
        InformativeTermExtractor {
            story,
            config,
            key_of_term: IntegerMap::default(),
            key_of_spelling: IntegerMap::default(),
        }
    }

    fn spelling_key(&mut self, term_id: u32) -> Option<u32> {
        if let Some(&key) = self.key_of_term.get(&term_id) {
            return key;
        }
        let term = self.story.interner.term(term_id);
        let is_number = is_number(term);
        let key = if !is_number
            && self.story.interner.idf(term_id) < self.config.summary_informative_term_minimum_idf
        {
            None
        } else {
            // «لأسباب» is «أسباب» with a glued preposition when the story
            // also has the bare word.
            let spelled = without_proclitic(term)
                .filter(|bare| {
                    bare.chars().count() >= self.config.variant_minimum_bare_word_characters
                        && self.story.interner.id_of(bare).is_some()
                })
                .unwrap_or(term);
            let skeleton = consonant_skeleton(spelled);
            let spelling = if skeleton.chars().count()
                >= self.config.summary_minimum_skeleton_for_spelling_match
            {
                skeleton
            } else {
                // Too short to fold safely: the term itself (marked so it
                // cannot collide with a skeleton).
                format!("={spelled}")
            };
            let next_key = u32::try_from(self.key_of_spelling.len()).unwrap_or(u32::MAX);
            Some(*self.key_of_spelling.entry(spelling).or_insert(next_key))
        };
        self.key_of_term.insert(term_id, key);
        key
    }

    pub(crate) fn of_vector(&mut self, vector: &TermVector) -> InformativeTerms {
        let mut keys: Vec<(u32, f64)> = Vec::new();
        for term_id in vector.term_ids() {
            let Some(key) = self.spelling_key(term_id) else {
                continue;
            };
            let mut weight = self.story.interner.idf(term_id);
            if is_number(self.story.interner.term(term_id)) {
                weight = weight.max(self.config.summary_number_minimum_weight);
            }
            match keys.iter_mut().find(|(existing, _)| *existing == key) {
                Some(entry) => entry.1 = entry.1.max(weight),
                None => keys.push((key, weight)),
            }
        }
        let total_weight = keys.iter().map(|(_, weight)| weight).sum();
        InformativeTerms { keys, total_weight }
    }
}

fn is_number(term: &str) -> bool {
    !term.is_empty() && term.chars().all(|character| character.is_ascii_digit())
}

/// The rule for "a sentence states a title's fact": it shares at least
/// `summary_title_fact_minimum_shared_terms` of the title's informative
/// terms, holding at least `summary_title_fact_minimum_share` of its weight.
fn states_fact(
    shared_terms: usize,
    shared_weight: f64,
    title_total_weight: f64,
    config: &StoryCardConfig,
) -> bool {
    shared_terms >= config.summary_title_fact_minimum_shared_terms
        && title_total_weight > 0.0
        && shared_weight / title_total_weight >= config.summary_title_fact_minimum_share
}

/// The facts the story's titles announce, as informative terms, with an
/// index from spelling key to the titles using it. A sentence *states* a
/// title's fact when it contains at least `summary_title_fact_minimum_share`
/// of the title's informative weight, in at least
/// `summary_title_fact_minimum_shared_terms` terms: «اتهمت الحكومة البريطانية
/// الاستخبارات العسكرية الروسية بالوقوف وراء هجمات إلكترونية» and «قالت
/// بريطانيا إن المخابرات الروسية وراء هجمات إلكترونية» both state «بريطانيا
/// تتهم روسيا بشن هجمات إلكترونية».
pub(crate) struct TitleFacts {
    titles: Vec<InformativeTerms>,
    /// spelling key → (title, the key's weight in it).
    titles_of_key: IntegerMap<u32, Vec<(usize, f64)>>,
    shared_weight: Vec<f64>,
    shared_terms: Vec<usize>,
    touched: Vec<usize>,
}

impl TitleFacts {
    pub(crate) fn new(
        story: &AnalyzedStory<'_>,
        extractor: &mut InformativeTermExtractor<'_, '_>,
        config: &StoryCardConfig,
    ) -> TitleFacts {
        let titles: Vec<InformativeTerms> = story
            .articles
            .iter()
            .filter_map(|article| article.title_vector.as_ref())
            .map(|vector| extractor.of_vector(vector))
            .filter(|title| title.keys.len() >= config.summary_title_fact_minimum_shared_terms)
            .collect();
        let mut titles_of_key: IntegerMap<u32, Vec<(usize, f64)>> = IntegerMap::default();
        for (title_index, title) in titles.iter().enumerate() {
            for &(key, weight) in &title.keys {
                titles_of_key
                    .entry(key)
                    .or_default()
                    .push((title_index, weight));
            }
        }
        let count = titles.len();
        TitleFacts {
            titles,
            titles_of_key,
            shared_weight: vec![0.0; count],
            shared_terms: vec![0; count],
            touched: Vec::new(),
        }
    }

    /// The titles whose fact `sentence` states, ascending.
    pub(crate) fn stated_by(
        &mut self,
        sentence: &InformativeTerms,
        config: &StoryCardConfig,
    ) -> Vec<usize> {
        for (key, _) in &sentence.keys {
            let Some(titles) = self.titles_of_key.get(key) else {
                continue;
            };
            for &(title, weight) in titles {
                if self.shared_terms[title] == 0 {
                    self.touched.push(title);
                }
                self.shared_terms[title] += 1;
                self.shared_weight[title] += weight;
            }
        }
        let mut stated = Vec::new();
        for &title in &self.touched {
            let total = self.titles[title].total_weight;
            if states_fact(
                self.shared_terms[title],
                self.shared_weight[title],
                total,
                config,
            ) {
                stated.push(title);
            }
            self.shared_terms[title] = 0;
            self.shared_weight[title] = 0.0;
        }
        self.touched.clear();
        stated.sort_unstable();
        stated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(keys: &[(u32, f64)]) -> InformativeTerms {
        InformativeTerms {
            keys: keys.to_vec(),
            total_weight: keys.iter().map(|(_, weight)| weight).sum(),
        }
    }

    #[test]
    fn containment_is_asymmetric_and_weighted() {
        let chosen = terms(&[(1, 8.0), (2, 8.0), (3, 2.0)]);
        let mut covered = CoveredKeys::default();
        covered.add(&chosen);
        // All of the short candidate's terms are covered …
        let restatement = terms(&[(1, 8.0), (2, 8.0)]);
        assert!((restatement.covered_share(&covered) - 1.0).abs() < 1e-12);
        // … a candidate adding a rare term is only partly covered …
        let addition = terms(&[(1, 8.0), (4, 10.0)]);
        let share = addition.covered_share(&covered);
        assert!(share > 0.4 && share < 0.5, "{share}");
        // … and one without informative terms is not covered at all.
        assert_eq!(terms(&[]).covered_share(&covered), 0.0);
    }
}
