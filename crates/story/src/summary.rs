//! The summary: `summary_sentences` sentences that together cover the story,
//! chosen by maximal marginal relevance (MMR) against the story centroid.
//!
//! The centroid is the sum of the unit-length text vectors of the distinct
//! articles (copies count once, long articles weigh no more than short ones).
//! Each step picks the sentence maximising
//! `λ·cos(sentence, centroid) − (1−λ)·max cos(sentence, chosen)`, plus
//! `summary_new_outlet_bonus` when none of its outlets is represented yet; a
//! sentence near-identical to a chosen one (or with the same text) is never
//! taken. Each sentence is credited to every outlet carrying it or a
//! near-identical sentence.

use serde::{Deserialize, Serialize};

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;
use crate::sentence_links::SentenceLinks;
use crate::term_vectors::TermVector;

/// One summary sentence and who carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub sentence: String,
    /// The article the sentence is quoted from.
    pub article: String,
    /// That article's outlet.
    pub source: String,
    /// Every outlet carrying the sentence (or a near-identical one), `source`
    /// first.
    pub sources: Vec<String>,
}

pub(crate) fn story_centroid(story: &AnalyzedStory<'_>) -> TermVector {
    TermVector::normalized_sum(story.articles.iter().map(|article| &article.text_vector))
}

pub(crate) fn choose_summary(
    story: &AnalyzedStory<'_>,
    links: &[SentenceLinks],
    centroid: &TermVector,
    config: &StoryCardConfig,
) -> Vec<SummarySentence> {
    let candidates: Vec<usize> = (0..story.sentences.len())
        .filter(|&index| {
            !links[index].carrying_outlets.is_empty()
                && story.sentence_text(&story.sentences[index]).chars().count()
                    <= config.maximum_summary_sentence_characters
        })
        .collect();
    let relevance: Vec<f64> = candidates
        .iter()
        .map(|&index| story.sentences[index].vector.cosine(centroid))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut represented_outlets: Vec<usize> = Vec::new();
    while chosen.len() < config.summary_sentences {
        let mut best: Option<(f64, usize)> = None;
        for (position, &candidate) in candidates.iter().enumerate() {
            if chosen.contains(&candidate) {
                continue;
            }
            let candidate_sentence = &story.sentences[candidate];
            let candidate_text = story.sentence_text(candidate_sentence);
            let mut redundancy: f64 = 0.0;
            let mut repeats_chosen = false;
            for &picked in &chosen {
                let picked_sentence = &story.sentences[picked];
                let similarity = candidate_sentence.vector.cosine(&picked_sentence.vector);
                redundancy = redundancy.max(similarity);
                if similarity >= config.near_identical_sentence_cosine
                    || story.sentence_text(picked_sentence) == candidate_text
                {
                    repeats_chosen = true;
                    break;
                }
            }
            if repeats_chosen {
                continue;
            }
            let brings_new_outlet = links[candidate]
                .carrying_outlets
                .iter()
                .all(|outlet| !represented_outlets.contains(outlet));
            let score = config.summary_relevance_weight * relevance[position]
                - (1.0 - config.summary_relevance_weight) * redundancy
                + if brings_new_outlet && !chosen.is_empty() {
                    config.summary_new_outlet_bonus
                } else {
                    0.0
                };
            if best.is_none_or(|(best_score, _)| score > best_score) {
                best = Some((score, candidate));
            }
        }
        let Some((_, picked)) = best else {
            break;
        };
        chosen.push(picked);
        for &outlet in &links[picked].carrying_outlets {
            if !represented_outlets.contains(&outlet) {
                represented_outlets.push(outlet);
            }
        }
    }
    chosen
        .into_iter()
        .map(|index| {
            let sentence = &story.sentences[index];
            let article = &story.articles[sentence.article];
            let input = &story.input[article.input_index];
            let sources: Vec<String> = links[index]
                .carrying_outlets
                .iter()
                .filter_map(|&outlet| story.outlets.get(outlet).cloned())
                .collect();
            SummarySentence {
                sentence: story.sentence_text(sentence).to_string(),
                article: input.id.clone(),
                source: input.outlet().to_string(),
                sources,
            }
        })
        .collect()
}
