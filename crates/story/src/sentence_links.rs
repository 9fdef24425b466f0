//! Which outlets say the same thing: for every usable sentence, the outlets
//! of the other articles holding a near-identical sentence (they share the
//! credit in the summary) and the outlets holding a counterpart at all (the
//! sentence is then not "only here").

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;

#[derive(Debug, Clone, Default)]
pub(crate) struct SentenceLinks {
    /// Outlets carrying this sentence: its article's carriers, then those of
    /// articles with a near-identical sentence. Empty for unusable sentences.
    pub(crate) carrying_outlets: Vec<usize>,
    /// Outlets of other articles with a counterpart sentence.
    pub(crate) counterpart_outlets: Vec<usize>,
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
    for (position, &left) in usable.iter().enumerate() {
        for &right in &usable[position + 1..] {
            let left_sentence = &story.sentences[left];
            let right_sentence = &story.sentences[right];
            if left_sentence.article == right_sentence.article {
                continue;
            }
            let similarity = left_sentence.vector.cosine(&right_sentence.vector);
            if similarity < config.counterpart_sentence_cosine {
                continue;
            }
            let left_carriers = story.articles[left_sentence.article]
                .carrier_outlets
                .clone();
            let right_carriers = story.articles[right_sentence.article]
                .carrier_outlets
                .clone();
            add_unique(&mut links[left].counterpart_outlets, &right_carriers);
            add_unique(&mut links[right].counterpart_outlets, &left_carriers);
            if similarity >= config.near_identical_sentence_cosine {
                add_unique(&mut links[left].carrying_outlets, &right_carriers);
                add_unique(&mut links[right].carrying_outlets, &left_carriers);
            }
        }
    }
    links
}
