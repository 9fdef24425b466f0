//! Picks the story's headline: the title that best represents all articles.
//!
//! A title's centrality is its mean cosine with the *other* articles' leads
//! (title plus first sentences): the title whose words the other outlets also
//! put up front. Ties go to the earliest article. With no titles at all, the
//! most central article's first real sentence is trimmed to a headline.

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;
use crate::term_vectors::TermVector;

/// Centralities closer than this are a tie (they differ only by rounding).
const TIE_TOLERANCE: f64 = 1e-9;

/// Cuts `text` at a word boundary so it has at most `maximum_characters`
/// characters, marking the cut with `…`.
pub fn trim_at_word_boundary(text: &str, maximum_characters: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= maximum_characters {
        return text.to_string();
    }
    let cut_byte = text
        .char_indices()
        .nth(maximum_characters.saturating_sub(1))
        .map_or(text.len(), |(index, _)| index);
    let head = &text[..cut_byte];
    let at_word = match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    let without_trailing_punctuation = at_word.trim_end_matches(|character: char| {
        character.is_whitespace() || matches!(character, ',' | '،' | ':' | '-' | '–' | '؛' | ';')
    });
    format!("{without_trailing_punctuation}…")
}

/// Mean cosine of `vector` with the vectors of every *other* article, given
/// `sum_of_units`, the dense sum of all articles' unit vectors, and
/// `own_unit_included` (whether the article's own vector is in that sum).
/// By linearity this is `(v̂ · (Σ − own)) / (n − 1)`: linear in the length of
/// `vector` instead of a loop over the other articles.
fn mean_similarity_to_others(
    vector: &TermVector,
    own_vector: Option<&TermVector>,
    sum_of_units: &[f64],
    vectors_in_sum: usize,
) -> f64 {
    let own_similarity = own_vector.map_or(0.0, |own| vector.cosine(own));
    let others = vectors_in_sum.saturating_sub(usize::from(own_vector.is_some()));
    if others == 0 {
        return 0.0;
    }
    ((vector.unit_dot_dense(sum_of_units) - own_similarity) / others as f64).max(0.0)
}

fn dense_sum_of_units<'a>(vectors: impl Iterator<Item = &'a TermVector>) -> (Vec<f64>, usize) {
    let mut sum = Vec::new();
    let mut count = 0;
    for vector in vectors {
        vector.add_unit_to(&mut sum, 1.0);
        count += 1;
    }
    (sum, count)
}

/// Earlier published first, undated last, then input order: the tie-break.
fn article_order_key(story: &AnalyzedStory<'_>, article: usize) -> (bool, i64, usize) {
    let input_index = story.articles[article].input_index;
    let published = story
        .input
        .get(input_index)
        .and_then(|input| input.published)
        .map(|date| date.timestamp());
    (published.is_none(), published.unwrap_or(0), input_index)
}

/// The headline and the article it comes from (an index into
/// `story.articles`), when one does.
pub(crate) struct Headline {
    pub text: String,
    pub article: Option<usize>,
}

pub(crate) fn choose_headline(story: &AnalyzedStory<'_>, config: &StoryCardConfig) -> Headline {
    let (lead_sum, leads) =
        dense_sum_of_units(story.articles.iter().map(|article| &article.lead_vector));
    let mut best_title: Option<(f64, usize)> = None;
    for (article_index, article) in story.articles.iter().enumerate() {
        let Some(title_vector) = &article.title_vector else {
            continue;
        };
        let centrality =
            mean_similarity_to_others(title_vector, Some(&article.lead_vector), &lead_sum, leads);
        let is_better = match best_title {
            None => true,
            Some((best_centrality, best_article)) => {
                centrality > best_centrality + TIE_TOLERANCE
                    || ((centrality - best_centrality).abs() <= TIE_TOLERANCE
                        && article_order_key(story, article_index)
                            < article_order_key(story, best_article))
            }
        };
        if is_better {
            best_title = Some((centrality, article_index));
        }
    }
    if let Some((_, article_index)) = best_title {
        let input_index = story.articles[article_index].input_index;
        if let Some(title) = story
            .input
            .get(input_index)
            .and_then(|input| input.usable_title())
        {
            return Headline {
                text: trim_at_word_boundary(title, config.headline_maximum_characters),
                article: Some(article_index),
            };
        }
    }
    headline_from_first_sentence(story, config)
}

fn headline_from_first_sentence(story: &AnalyzedStory<'_>, config: &StoryCardConfig) -> Headline {
    let (text_sum, texts) =
        dense_sum_of_units(story.articles.iter().map(|article| &article.text_vector));
    let mut best_article: Option<(f64, usize)> = None;
    for (article_index, article) in story.articles.iter().enumerate() {
        let centrality = mean_similarity_to_others(
            &article.text_vector,
            Some(&article.text_vector),
            &text_sum,
            texts,
        );
        if best_article.is_none_or(|(best, _)| centrality > best + TIE_TOLERANCE) {
            best_article = Some((centrality, article_index));
        }
    }
    let Some((_, article_index)) = best_article else {
        return Headline {
            text: String::new(),
            article: None,
        };
    };
    let article = &story.articles[article_index];
    let sentences: Vec<_> = article
        .sentences
        .iter()
        .filter_map(|&sentence| story.sentences.get(sentence))
        .collect();
    let chosen = sentences
        .iter()
        .find(|sentence| sentence.content_terms >= config.minimum_sentence_content_terms)
        .or(sentences.first());
    let text = chosen.map_or_else(String::new, |sentence| {
        trim_at_word_boundary(
            story.sentence_text(sentence),
            config.headline_maximum_characters,
        )
    });
    Headline {
        text,
        article: Some(article_index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_long_text_at_a_word_boundary() {
        let trimmed = trim_at_word_boundary("one two three four", 10);
        assert_eq!(trimmed, "one two…");
        assert!(trimmed.chars().count() <= 10);
        assert_eq!(trim_at_word_boundary("  short  ", 10), "short");
    }
}
