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
//!
//! Two outlets' wordings of one fact share few words, so cosine alone lets
//! paraphrases through. Two more tests refuse a candidate that restates:
//! - *containment* (`content_overlap.rs`): most of its informative weight
//!   (rare terms, numbers, compared by consonant skeleton) already occurs
//!   in the chosen sentences; below the limit that share is redundancy in
//!   the MMR score, like the cosine;
//! - *leads*: an article's first sentence states the event the article is
//!   about, so a second article's lead on the same subject (cosine at least
//!   `summary_related_leads_minimum_cosine` with a chosen lead) tells it
//!   again, however it is worded.
//!
//! - *title facts*: a story's titles announce its facts; once a chosen
//!   sentence states a title's fact (contains most of its informative
//!   weight), no other sentence stating that fact is taken.
//!
//! - *neighbours*: a candidate next to a chosen sentence of the same report
//!   (`summary_neighbour_sentence_distance`) mostly elaborates it: the
//!   speaker's claim, then the quote confirming it;
//! - *dependent sentences* (`standalone.rs`): a continuation without subject
//!   («وأضاف …»), a quote fragment or a line ending on a colon does not
//!   stand alone, so it is never a candidate.
//!
//! The centroid counts near-copies once: an article's vote is scaled by the
//! share of its usable sentences that no earlier article already carries.

use serde::{Deserialize, Serialize};

use crate::analyzed_story::AnalyzedStory;
use crate::config::StoryCardConfig;
use crate::content_overlap::{CoveredKeys, InformativeTermExtractor, InformativeTerms, TitleFacts};
use crate::quantities::{sentence_quantities, Quantity, ReportedQuantities};
use crate::sentence_links::SentenceLinks;
use crate::standalone::continues_another_sentence;
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

/// The story centroid as a dense vector over term ids, with its norm: the
/// sum of the unit text vectors of the distinct articles, each weighed by
/// the share of its usable sentences that no earlier article already carries
/// near-identically, so that near-copies (wire text run by two outlets)
/// vote once.
pub(crate) struct StoryCentroid {
    weights: Vec<f64>,
    norm: f64,
}

impl StoryCentroid {
    /// Cosine of `vector` with the centroid.
    pub(crate) fn cosine(&self, vector: &TermVector) -> f64 {
        if self.norm == 0.0 {
            return 0.0;
        }
        (vector.unit_dot_dense(&self.weights) / self.norm).clamp(0.0, 1.0)
    }
}

pub(crate) fn story_centroid(story: &AnalyzedStory<'_>, links: &[SentenceLinks]) -> StoryCentroid {
    let mut weights: Vec<f64> = Vec::new();
    for article in &story.articles {
        let usable: Vec<usize> = article
            .sentences
            .iter()
            .copied()
            .filter(|&sentence| {
                links
                    .get(sentence)
                    .is_some_and(|link| !link.carrying_outlets.is_empty())
            })
            .collect();
        let own_share = if usable.is_empty() {
            1.0
        } else {
            let own = usable
                .iter()
                .filter(|&&sentence| !links[sentence].repeats_earlier_article)
                .count();
            own as f64 / usable.len() as f64
        };
        article.text_vector.add_unit_to(&mut weights, own_share);
    }
    let norm = weights
        .iter()
        .map(|weight| weight * weight)
        .sum::<f64>()
        .sqrt();
    StoryCentroid { weights, norm }
}

/// Marks each article's lead: its first usable sentence, where news states
/// the event the article is about.
fn lead_sentences(story: &AnalyzedStory<'_>, links: &[SentenceLinks]) -> Vec<bool> {
    let mut is_lead = vec![false; story.sentences.len()];
    for article in &story.articles {
        let first_usable = article.sentences.iter().copied().find(|&sentence| {
            links
                .get(sentence)
                .is_some_and(|link| !link.carrying_outlets.is_empty())
        });
        if let Some(sentence) = first_usable {
            is_lead[sentence] = true;
        }
    }
    is_lead
}

/// Each sentence's place in its article, in text order.
struct SentencePlaces {
    position_in_article: Vec<usize>,
}

impl SentencePlaces {
    fn new(story: &AnalyzedStory<'_>) -> SentencePlaces {
        let mut position_in_article = vec![0; story.sentences.len()];
        for article in &story.articles {
            for (position, &sentence) in article.sentences.iter().enumerate() {
                position_in_article[sentence] = position;
            }
        }
        SentencePlaces {
            position_in_article,
        }
    }

    /// Whether a chosen sentence of the candidate's article is at most
    /// `distance` sentences from it (0: never).
    fn neighbours_a_chosen(
        &self,
        story: &AnalyzedStory<'_>,
        candidate: usize,
        chosen: &[usize],
        distance: usize,
    ) -> bool {
        if distance == 0 {
            return false;
        }
        let article = story.sentences[candidate].article;
        let position = self.position_in_article[candidate];
        chosen.iter().any(|&picked| {
            story.sentences[picked].article == article
                && self.position_in_article[picked].abs_diff(position) <= distance
        })
    }
}

/// The informative terms with which the story's articles word the event of
/// `first` (the first summary sentence): the titles and leads of the
/// articles whose lead reaches `summary_related_leads_minimum_cosine` with
/// it, or whose title's fact it states; with those leads. Each outlet words the event in its
/// own way, so a sentence restating it in other words still shares most of
/// its rare terms and numbers with one of those wordings: «أدخل غرفة العناية
/// المركزة في أحد مستشفيات إيبيزا» after «نقل رونالدو إلى وحدة الرعاية
/// المركزة في مستشفى في مدينة إبيزا» and the title «رونالدو في المستشفى».
fn main_event_wordings(
    story: &AnalyzedStory<'_>,
    links: &[SentenceLinks],
    is_lead: &[bool],
    first: usize,
    extractor: &mut InformativeTermExtractor<'_, '_>,
    config: &StoryCardConfig,
) -> (CoveredKeys, Vec<usize>) {
    let first_vector = &story.sentences[first].vector;
    let first_terms = extractor.of_vector(first_vector);
    let mut wordings = CoveredKeys::default();
    wordings.add(&first_terms);
    let mut related_leads = Vec::new();
    for article in &story.articles {
        let lead = article.sentences.iter().copied().find(|&sentence| {
            is_lead.get(sentence).copied().unwrap_or(false)
                && links
                    .get(sentence)
                    .is_some_and(|link| !link.carrying_outlets.is_empty())
        });
        let lead_is_related = lead.is_some_and(|lead| {
            lead == first
                || story.sentences[lead].vector.cosine(first_vector)
                    >= config.summary_related_leads_minimum_cosine
        });
        let title_terms = article
            .title_vector
            .as_ref()
            .map(|vector| extractor.of_vector(vector));
        let title_is_stated = title_terms
            .as_ref()
            .is_some_and(|title| first_terms.states(title, config));
        if !lead_is_related && !title_is_stated {
            continue;
        }
        if let Some(lead) = lead {
            wordings.add(&extractor.of_vector(&story.sentences[lead].vector));
            related_leads.push(lead);
        }
        if let Some(title) = &title_terms {
            wordings.add(title);
        }
    }
    (wordings, related_leads)
}

/// `headline_article`: the article the headline comes from; its lead, when
/// usable, opens the summary, so that the summary begins with the event the
/// headline announces.
pub(crate) fn choose_summary(
    story: &AnalyzedStory<'_>,
    links: &[SentenceLinks],
    centroid: &StoryCentroid,
    headline_article: Option<usize>,
    config: &StoryCardConfig,
) -> Vec<SummarySentence> {
    let candidates: Vec<usize> = (0..story.sentences.len())
        .filter(|&index| {
            let text = story.sentence_text(&story.sentences[index]);
            !links[index].carrying_outlets.is_empty()
                && text.chars().count() <= config.maximum_summary_sentence_characters
                && !(config.summary_refuses_dependent_sentences && continues_another_sentence(text))
        })
        .collect();
    let relevance: Vec<f64> = candidates
        .iter()
        .map(|&index| centroid.cosine(&story.sentences[index].vector))
        .collect();
    let mut extractor = InformativeTermExtractor::new(story, config);
    // Computed when first needed: the search below stops early.
    let mut informative: Vec<Option<InformativeTerms>> = vec![None; candidates.len()];
    // Most relevant first (ties by position), so that the search can stop
    // once no remaining candidate can beat the best score.
    let mut search_order: Vec<usize> = (0..candidates.len()).collect();
    search_order.sort_by(|&left, &right| {
        relevance[right]
            .total_cmp(&relevance[left])
            .then(left.cmp(&right))
    });
    let mut title_facts = TitleFacts::new(story, &mut extractor, config);
    // Titles whose fact a chosen sentence states; candidates' own, cached.
    let mut titles_stated_by_chosen: Vec<usize> = Vec::new();
    let mut titles_stated_by_candidate: Vec<Option<Vec<usize>>> = vec![None; candidates.len()];
    let is_lead = lead_sentences(story, links);
    let places = SentencePlaces::new(story);
    let mut covered = CoveredKeys::default();
    // The first sentence's event as its titles and leads word it in every
    // outlet (filled once the first sentence is chosen).
    let mut main_event = CoveredKeys::default();
    // Counts (a number and the noun it counts) the summary already reports,
    // with those of the main event's leads; candidates' own, cached.
    let mut reported_quantities = ReportedQuantities::default();
    let mut candidate_quantities: Vec<Option<Vec<Quantity>>> = vec![None; candidates.len()];
    // News states its event in the first sentence: the summary opens with
    // the most central lead, when one is usable.
    let opens_with_a_lead =
        config.summary_opens_with_a_lead && candidates.iter().any(|&candidate| is_lead[candidate]);
    let headline_lead = headline_article
        .filter(|_| opens_with_a_lead)
        .and_then(|article| {
            candidates.iter().copied().find(|&candidate| {
                is_lead[candidate] && story.sentences[candidate].article == article
            })
        });
    let mut chosen: Vec<usize> = Vec::new();
    let mut represented_outlets: Vec<usize> = Vec::new();
    while chosen.len() < config.summary_sentences {
        let mut best: Option<(f64, usize, usize)> = None;
        let best_possible_bonus = if chosen.is_empty() {
            0.0
        } else {
            config.summary_new_outlet_bonus.max(0.0)
        };
        for &position in &search_order {
            let candidate = candidates[position];
            // Redundancy only lowers a score: stop when even none could win.
            let best_possible_score =
                config.summary_relevance_weight * relevance[position] + best_possible_bonus;
            if best.is_some_and(|(best_score, _, _)| best_possible_score < best_score) {
                break;
            }
            if chosen.contains(&candidate) {
                continue;
            }
            if chosen.is_empty() && opens_with_a_lead && !is_lead[candidate] {
                continue;
            }
            if chosen.is_empty() && headline_lead.is_some_and(|lead| lead != candidate) {
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
            let restates_a_chosen_lead = is_lead[candidate]
                && chosen.iter().any(|&picked| {
                    is_lead[picked]
                        && story.sentences[picked].article != candidate_sentence.article
                        && candidate_sentence
                            .vector
                            .cosine(&story.sentences[picked].vector)
                            >= config.summary_related_leads_minimum_cosine
                });
            if restates_a_chosen_lead {
                continue;
            }
            if places.neighbours_a_chosen(
                story,
                candidate,
                &chosen,
                config.summary_neighbour_sentence_distance,
            ) {
                continue;
            }
            // Nothing chosen yet: nothing to restate (and no terms needed).
            let covered_share = if chosen.is_empty() {
                0.0
            } else {
                let candidate_terms = informative[position]
                    .get_or_insert_with(|| extractor.of_vector(&candidate_sentence.vector));
                if !titles_stated_by_chosen.is_empty() {
                    let stated = titles_stated_by_candidate[position]
                        .get_or_insert_with(|| title_facts.stated_by(candidate_terms, config));
                    if stated
                        .iter()
                        .any(|title| titles_stated_by_chosen.contains(title))
                    {
                        continue;
                    }
                }
                candidate_terms.covered_share(&covered)
            };
            if covered_share >= config.summary_maximum_covered_share {
                continue;
            }
            if !chosen.is_empty() {
                let candidate_terms = informative[position]
                    .get_or_insert_with(|| extractor.of_vector(&candidate_sentence.vector));
                if candidate_terms.covered_share_of_either(&covered, &main_event)
                    >= config.summary_main_event_maximum_covered_share
                {
                    continue;
                }
                if config.summary_refuses_reported_quantities {
                    let quantities = candidate_quantities[position]
                        .get_or_insert_with(|| sentence_quantities(story, candidate_sentence));
                    if reported_quantities.reports_again(quantities) {
                        continue;
                    }
                }
            }
            redundancy = redundancy.max(covered_share);
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
            // Equal scores go to the earlier sentence, as in text order.
            let is_better = best.is_none_or(|(best_score, best_position, _)| {
                score > best_score || (score == best_score && position < best_position)
            });
            if is_better {
                best = Some((score, position, candidate));
            }
        }
        let Some((_, picked_position, picked)) = best else {
            break;
        };
        if chosen.is_empty() {
            let (wordings, leads) =
                main_event_wordings(story, links, &is_lead, picked, &mut extractor, config);
            main_event = wordings;
            for lead in leads {
                reported_quantities.add(&sentence_quantities(story, &story.sentences[lead]));
            }
        }
        reported_quantities.add(&sentence_quantities(story, &story.sentences[picked]));
        chosen.push(picked);
        let picked_terms = informative[picked_position]
            .get_or_insert_with(|| extractor.of_vector(&story.sentences[picked].vector));
        covered.add(picked_terms);
        for title in title_facts.stated_by(picked_terms, config) {
            if !titles_stated_by_chosen.contains(&title) {
                titles_stated_by_chosen.push(title);
            }
        }
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
