//! Which outlets say the same thing: for every usable sentence, the outlets
//! of the other articles holding a near-identical sentence (they share the
//! credit in the summary), and whether another outlet holds a counterpart at
//! all (the sentence is then not "only here").
//!
//! Comparing every pair of sentences is quadratic, and a story of 400
//! articles has some 10,000 sentences. Pairs are instead found exactly with
//! *prefix filtering*: sentence vectors are unit length, so two sentences
//! reach cosine `t` only if they share a term among the first terms of one of
//! them, taken rarest in the story first, until the terms left have a norm
//! below `t` (the rest cannot add up to `t`, by Cauchy–Schwarz). Only those
//! prefix terms are looked up in the term → sentences index; their postings
//! give a partial dot product, and only pairs that can still reach `t` are
//! compared.

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;
use crate::fast_hash::IntegerMap;

#[derive(Debug, Clone, Default)]
pub(crate) struct SentenceLinks {
    /// Outlets carrying this sentence: its article's carriers, then those of
    /// articles with a near-identical sentence. Empty for unusable sentences.
    pub(crate) carrying_outlets: Vec<usize>,
    /// True when an article carried by another outlet has a counterpart
    /// sentence (cosine ≥ `counterpart_sentence_cosine`), or another outlet
    /// carries this one: the sentence is then not "only here". Computed only
    /// for stories with several outlets.
    pub(crate) has_counterpart_elsewhere: bool,
    /// True when an earlier article (in analysis order) has a near-identical
    /// sentence: this one then adds no vote of its own to the story centroid.
    pub(crate) repeats_earlier_article: bool,
}

/// A sentence long enough to stand for a statement.
pub(crate) fn is_usable_sentence(
    story: &AnalyzedStory<'_>,
    sentence_index: usize,
    config: &StoryCardConfig,
) -> bool {
    story
        .sentences
        .get(sentence_index)
        .is_some_and(|sentence| sentence.content_terms >= config.minimum_sentence_content_terms)
}

fn add_unique(outlets: &mut Vec<usize>, new_outlets: &[usize]) {
    for outlet in new_outlets {
        if !outlets.contains(outlet) {
            outlets.push(*outlet);
        }
    }
}

/// Term → usable sentences containing it, with the term's weight in each
/// sentence's unit vector; sentences ascending.
struct SentenceIndex {
    postings: IntegerMap<u32, Vec<(usize, f64)>>,
}

impl SentenceIndex {
    fn new(story: &AnalyzedStory<'_>, usable: &[usize]) -> SentenceIndex {
        let mut postings: IntegerMap<u32, Vec<(usize, f64)>> = IntegerMap::default();
        for &index in usable {
            let vector = &story.sentences[index].vector;
            let norm = vector.norm();
            if norm == 0.0 {
                continue;
            }
            for &(term_id, weight) in vector.entries() {
                postings
                    .entry(term_id)
                    .or_default()
                    .push((index, weight / norm));
            }
        }
        SentenceIndex { postings }
    }

    fn postings(&self, term_id: u32) -> &[(usize, f64)] {
        self.postings.get(&term_id).map_or(&[], Vec::as_slice)
    }

    /// The sentence's terms as `(term, unit weight)`, rarest in the story
    /// first, and how many of them form the prefix for `minimum_cosine`
    /// with the norm of the remaining suffix.
    fn prefix(
        &self,
        story: &AnalyzedStory<'_>,
        sentence: usize,
        minimum_cosine: f64,
        ordered_terms: &mut Vec<(u32, f64)>,
    ) -> (usize, f64) {
        ordered_terms.clear();
        let vector = &story.sentences[sentence].vector;
        let norm = vector.norm();
        if norm == 0.0 {
            return (0, 0.0);
        }
        let mut with_frequency: Vec<(usize, u32, f64)> = vector
            .entries()
            .iter()
            .map(|&(term_id, weight)| (self.postings(term_id).len(), term_id, weight / norm))
            .collect();
        with_frequency.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        ordered_terms.extend(
            with_frequency
                .iter()
                .map(|&(_, term, weight)| (term, weight)),
        );
        // A little below the threshold, so rounding never loses a pair; the
        // exact cosine decides afterwards.
        let bound = (minimum_cosine * (1.0 - 1e-9)).max(0.0);
        let mut remaining_squared: f64 = 1.0;
        let mut prefix_length = 0;
        for &(_, unit_weight) in ordered_terms.iter() {
            if remaining_squared < bound * bound {
                break;
            }
            remaining_squared -= unit_weight * unit_weight;
            prefix_length += 1;
        }
        (prefix_length, remaining_squared.max(0.0).sqrt())
    }
}

/// Scratch space for accumulating partial dot products per sentence.
struct Accumulator {
    partial_dot: Vec<f64>,
    touched: Vec<usize>,
}

impl Accumulator {
    fn new(sentences: usize) -> Accumulator {
        Accumulator {
            partial_dot: vec![0.0; sentences],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, sentence: usize, product: f64) {
        if self.partial_dot[sentence] == 0.0 {
            self.touched.push(sentence);
        }
        // Never exactly 0 once touched (weights are positive).
        self.partial_dot[sentence] += product.max(f64::MIN_POSITIVE);
    }

    /// The touched sentences with their partial dot products; resets.
    fn drain(&mut self) -> Vec<(usize, f64)> {
        let drained = self
            .touched
            .iter()
            .map(|&sentence| (sentence, self.partial_dot[sentence]))
            .collect();
        for &sentence in &self.touched {
            self.partial_dot[sentence] = 0.0;
        }
        self.touched.clear();
        drained
    }
}

/// Every pair of usable sentences from different articles whose cosine is at
/// least `minimum_cosine`, with that cosine; `left < right`.
///
/// For each sentence, its prefix terms' postings give every candidate and a
/// partial dot product; the terms left out can add at most the norm of the
/// suffix, so a candidate whose partial dot plus that norm stays below the
/// threshold is dropped without computing its cosine.
fn similar_sentence_pairs(
    story: &AnalyzedStory<'_>,
    usable: &[usize],
    index: &SentenceIndex,
    minimum_cosine: f64,
) -> Vec<(usize, usize, f64)> {
    let mut accumulator = Accumulator::new(story.sentences.len());
    let mut pairs = Vec::new();
    let mut ordered_terms: Vec<(u32, f64)> = Vec::new();
    for &left in usable {
        let left_sentence = &story.sentences[left];
        let (prefix_length, suffix_norm) =
            index.prefix(story, left, minimum_cosine, &mut ordered_terms);
        for &(term_id, unit_weight) in &ordered_terms[..prefix_length] {
            let others = index.postings(term_id);
            let first_after_left = others.partition_point(|&(right, _)| right <= left);
            for &(right, right_unit_weight) in &others[first_after_left..] {
                if story.sentences[right].article != left_sentence.article {
                    accumulator.add(right, unit_weight * right_unit_weight);
                }
            }
        }
        let mut candidates = accumulator.drain();
        candidates.sort_unstable_by_key(|&(right, _)| right);
        for (right, partial_dot) in candidates {
            if partial_dot + suffix_norm < minimum_cosine * (1.0 - 1e-9) {
                continue;
            }
            let similarity = left_sentence.vector.cosine(&story.sentences[right].vector);
            if similarity >= minimum_cosine {
                pairs.push((left, right, similarity));
            }
        }
    }
    pairs
}

/// Does `sentence` have a counterpart (cosine ≥ `minimum_cosine`) in an
/// article carried by an outlet other than `own_outlet`? Stops at the first
/// one: a partial dot product is a lower bound of the cosine (all weights
/// are positive), so reaching the threshold on the rare terms already proves it.
fn has_counterpart_elsewhere(
    story: &AnalyzedStory<'_>,
    index: &SentenceIndex,
    sentence: usize,
    own_outlet: usize,
    minimum_cosine: f64,
    accumulator: &mut Accumulator,
    ordered_terms: &mut Vec<(u32, f64)>,
) -> bool {
    let own_article = story.sentences[sentence].article;
    let is_elsewhere = |other: usize| {
        let article = story.sentences[other].article;
        article != own_article
            && story.articles[article]
                .carrier_outlets
                .iter()
                .any(|&outlet| outlet != own_outlet)
    };
    let (prefix_length, suffix_norm) = index.prefix(story, sentence, minimum_cosine, ordered_terms);
    for &(term_id, unit_weight) in &ordered_terms[..prefix_length] {
        for &(other, other_unit_weight) in index.postings(term_id) {
            if other == sentence || !is_elsewhere(other) {
                continue;
            }
            accumulator.add(other, unit_weight * other_unit_weight);
            if accumulator.partial_dot[other] >= minimum_cosine {
                accumulator.drain();
                return true;
            }
        }
    }
    let mut candidates = accumulator.drain();
    candidates.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let vector = &story.sentences[sentence].vector;
    candidates
        .into_iter()
        .take_while(|&(_, partial_dot)| partial_dot + suffix_norm >= minimum_cosine * (1.0 - 1e-9))
        .any(|(other, _)| vector.cosine(&story.sentences[other].vector) >= minimum_cosine)
}

pub(crate) fn link_sentences(
    story: &AnalyzedStory<'_>,
    config: &StoryCardConfig,
) -> Vec<SentenceLinks> {
    let mut links: Vec<SentenceLinks> = vec![SentenceLinks::default(); story.sentences.len()];
    let usable: Vec<usize> = (0..story.sentences.len())
        .filter(|&index| is_usable_sentence(story, index, config))
        .collect();
    for &index in &usable {
        let article = story.sentences[index].article;
        links[index].carrying_outlets = story.articles[article].carrier_outlets.clone();
    }
    let index = SentenceIndex::new(story, &usable);
    let mut pairs = similar_sentence_pairs(
        story,
        &usable,
        &index,
        config.near_identical_sentence_cosine,
    );
    // Pair order decides the order of credited outlets: keep it stable.
    pairs.sort_unstable_by_key(|&(left, right, _)| (left, right));
    for (left, right, _) in pairs {
        let left_article = story.sentences[left].article;
        let right_article = story.sentences[right].article;
        let left_carriers = &story.articles[left_article].carrier_outlets;
        let right_carriers = &story.articles[right_article].carrier_outlets;
        add_unique(&mut links[left].carrying_outlets, right_carriers);
        add_unique(&mut links[right].carrying_outlets, left_carriers);
        if left_article < right_article {
            links[right].repeats_earlier_article = true;
        } else {
            links[left].repeats_earlier_article = true;
        }
    }
    if story.outlets.len() < 2 {
        return links;
    }
    let mut accumulator = Accumulator::new(story.sentences.len());
    let mut ordered_terms = Vec::new();
    for &sentence in &usable {
        let link = &links[sentence];
        let [own_outlet] = link.carrying_outlets[..] else {
            // Carried by several outlets: it has a counterpart elsewhere.
            links[sentence].has_counterpart_elsewhere = link.carrying_outlets.len() > 1;
            continue;
        };
        links[sentence].has_counterpart_elsewhere = has_counterpart_elsewhere(
            story,
            &index,
            sentence,
            own_outlet,
            config.counterpart_sentence_cosine,
            &mut accumulator,
            &mut ordered_terms,
        );
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzed_story::{analyze_story, StoryAnalyzers};
    use crate::article::StoryArticle;
    use khabar_analyze::AnalyzerConfig;

    /// Articles whose sentences mix a few shared words with rarer ones, so
    /// that pairs fall on both sides of every threshold.
    fn articles() -> Vec<StoryArticle> {
        let words = [
            "قمة",
            "ترامب",
            "كيم",
            "سنغافورة",
            "حوار",
            "نووي",
            "عقوبات",
            "بيونغ",
            "واشنطن",
            "يونيو",
            "صواريخ",
            "اتفاق",
            "زعيم",
            "رئيس",
            "لقاء",
            "تاريخي",
        ];
        let mut state: u64 = 0x9e37_79b9;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        (0..6)
            .map(|article| {
                let sentences: Vec<String> = (0..8)
                    .map(|_| {
                        let length = 4 + next(6);
                        let chosen: Vec<&str> =
                            (0..length).map(|_| words[next(words.len())]).collect();
                        format!("{}.", chosen.join(" "))
                    })
                    .collect();
                StoryArticle {
                    id: format!("a{article}"),
                    source: Some(format!("outlet{}", article % 3)),
                    url: None,
                    published: None,
                    title: None,
                    text: sentences.join("\n"),
                    duplicate_of: None,
                }
            })
            .collect()
    }

    #[test]
    fn prefix_filtering_finds_exactly_the_pairs_of_a_full_comparison() {
        let input = articles();
        let original_of: Vec<usize> = (0..input.len()).collect();
        let mut analyzers = StoryAnalyzers::new(AnalyzerConfig::default());
        let idf = |term: &str| 1.0 + (term.len() % 5) as f64;
        let story = analyze_story(&input, &mut analyzers, &original_of, &idf, 3);
        let config = StoryCardConfig::default();
        let usable: Vec<usize> = (0..story.sentences.len())
            .filter(|&index| is_usable_sentence(&story, index, &config))
            .collect();
        assert!(usable.len() > 20, "the fixture must give many sentences");
        let index = SentenceIndex::new(&story, &usable);
        for threshold in [0.25, 0.4, 0.6, 0.9] {
            let mut found: Vec<(usize, usize)> =
                similar_sentence_pairs(&story, &usable, &index, threshold)
                    .into_iter()
                    .map(|(left, right, _)| (left, right))
                    .collect();
            found.sort_unstable();
            let mut expected = Vec::new();
            for (position, &left) in usable.iter().enumerate() {
                for &right in &usable[position + 1..] {
                    let (left_sentence, right_sentence) =
                        (&story.sentences[left], &story.sentences[right]);
                    if left_sentence.article != right_sentence.article
                        && left_sentence.vector.cosine(&right_sentence.vector) >= threshold
                    {
                        expected.push((left, right));
                    }
                }
            }
            assert!(
                !expected.is_empty() || threshold > 0.6,
                "threshold {threshold}"
            );
            assert_eq!(found, expected, "threshold {threshold}");
        }
    }
}
