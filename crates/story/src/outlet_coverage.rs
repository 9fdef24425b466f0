//! What each outlet adds: its sentences with no counterpart in any other
//! outlet's articles (cosine below `counterpart_sentence_cosine` with every
//! one of their sentences, and not carried by another outlet as a copy).
//!
//! They are ranked by *novel information*: the summed idf of the sentence's
//! distinct terms that no other outlet's article uses at all, so a sentence
//! bringing new names and facts (observers of the UN and OSCE, Steinmeier's
//! comment) comes before a reworded one. The first
//! `only_here_sentences_per_outlet` are kept. Not computed for a story with a
//! single outlet.

use std::collections::BTreeMap;

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;
use crate::fast_hash::IntegerMap;
use crate::sentence_links::SentenceLinks;

pub(crate) fn sentences_only_here(
    story: &AnalyzedStory<'_>,
    links: &[SentenceLinks],
    config: &StoryCardConfig,
) -> BTreeMap<String, Vec<String>> {
    let mut only_here = BTreeMap::new();
    if story.outlets.len() < 2 {
        return only_here;
    }
    // term → outlets whose articles use it
    let mut outlets_of_term: IntegerMap<u32, Vec<usize>> = IntegerMap::default();
    for article in &story.articles {
        for token in article.tokens.iter().filter(|token| !token.is_stopword) {
            let outlets = outlets_of_term.entry(token.term_id).or_default();
            for carrier in &article.carrier_outlets {
                if !outlets.contains(carrier) {
                    outlets.push(*carrier);
                }
            }
        }
    }
    for (outlet, outlet_name) in story.outlets.iter().enumerate() {
        let novel_information = |sentence_index: usize| -> f64 {
            story.sentences[sentence_index]
                .vector
                .term_ids()
                .filter(|term_id| {
                    outlets_of_term
                        .get(term_id)
                        .is_none_or(|outlets| outlets.iter().all(|other| *other == outlet))
                })
                .map(|term_id| story.interner.idf(term_id))
                .sum()
        };
        let mut candidates: Vec<(f64, usize)> = links
            .iter()
            .enumerate()
            .filter(|(_, link)| {
                link.carrying_outlets == [outlet] && !link.has_counterpart_elsewhere
            })
            .map(|(index, _)| (novel_information(index), index))
            .collect();
        candidates.sort_by(|left, right| right.0.total_cmp(&left.0).then(left.1.cmp(&right.1)));
        let mut kept: Vec<usize> = Vec::new();
        for (_, candidate) in candidates {
            if kept.len() >= config.only_here_sentences_per_outlet {
                break;
            }
            // The same addition repeated in two of the outlet's own articles.
            let repeats_kept = kept.iter().any(|&picked| {
                story.sentences[picked]
                    .vector
                    .cosine(&story.sentences[candidate].vector)
                    >= config.near_identical_sentence_cosine
            });
            if !repeats_kept {
                kept.push(candidate);
            }
        }
        let sentences = kept
            .into_iter()
            .map(|index| story.sentence_text(&story.sentences[index]).to_string())
            .collect();
        only_here.insert(outlet_name.clone(), sentences);
    }
    only_here
}
