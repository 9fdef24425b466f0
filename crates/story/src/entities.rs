//! Key names and phrases of a story, found statistically (Arabic has no
//! capital letters to spot names by), with spelling variants merged.
//!
//! 1. **Spelling variants** (`skeleton.rs`): words that share a neighbouring
//!    word on the same side somewhere in the story («هوب سخيفر» / «هوب شيفر»),
//!    or have equal long skeletons, are tested pairwise; accepted pairs are
//!    joined (union-find) and every phrase is counted under its canonical
//!    words, so «ياب دي هوب سخيفر» and «ياب دي هوب شيفر» are one entity.
//! 2. **Candidates**: every 1–`entity_maximum_tokens` word phrase inside one
//!    sentence and clause (no punctuation inside), not starting or ending
//!    with a stop word, a number or a very common word (idf below
//!    `entity_boundary_minimum_idf`). Copies of an article count once.
//! 3. **Salience**: mentions × mean background idf of the content words ×
//!    (1 + `entity_multiword_bonus` × (content words − 1)): frequent in the
//!    story, rare in the background, longer names preferred. Phrases below
//!    `entity_minimum_mentions` or `entity_minimum_mean_idf` are dropped.
//! 4. **Selection**: best first; a phrase sharing a content word with one
//!    already chosen is skipped, so a name appears once. A chosen phrase
//!    then grows by neighbouring rare words while the longer phrase keeps a
//!    good share of its mentions («سخيفر» → «ياب دي هوب سخيفر»).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analyzed_story::{AnalyzedStory, AnalyzedToken};
use crate::config::StoryCardConfig;
use crate::fast_hash::{sequence_key, IntegerMap};
use crate::skeleton::{
    are_spelling_variants, consonant_skeleton, without_proclitic, VariantCandidate, PROCLITICS,
};
use crate::term_vectors::IdfFunction;

/// One written form of an entity and how often the story uses it (a short
/// form counts its occurrences inside the full form too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantMentions {
    pub variant: String,
    pub mentions: usize,
}

/// A salient name or phrase of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The most used spelling of the full name, as written in the text.
    pub name: String,
    /// Every spelling: those of the full name, most used first (the name
    /// included), then those of the short form it was found by («سخيفر»,
    /// «شيفر») when the name grew longer.
    pub variants: Vec<String>,
    /// Mentions of the name in any spelling, short forms included, copies
    /// counted once.
    pub mentions: usize,
    /// Mentions of each written form, in the order of `variants`.
    pub variant_mentions: Vec<VariantMentions>,
    /// Distinct (non-copy) articles mentioning it.
    pub articles: usize,
    /// The salience score it was ranked by.
    pub score: f64,
}

/// Union-find over story term ids, with one cannot-link rule: a group of
/// spellings holds at most one word that is common in the background.
/// Two common words are two words, not two spellings of one name (محمد /
/// محمود), and merges must not join them through a rare spelling in
/// between: «اختفائه» is a form of «اختفاء» and, letter for letter (ت/ط
/// folded), of «خطف», but «اختفاء» (disappearance) and «خطف» (abduction)
/// are different words.
struct TermUnion {
    parent: Vec<u32>,
    /// For each root, the common word of its group, if any.
    common_word: Vec<Option<u32>>,
}

impl TermUnion {
    /// `is_common(term)`: is the term a common word in the background?
    fn new(size: usize, is_common: impl Fn(u32) -> bool) -> TermUnion {
        TermUnion {
            parent: (0..size).map(|index| index as u32).collect(),
            common_word: (0..size as u32)
                .map(|term_id| is_common(term_id).then_some(term_id))
                .collect(),
        }
    }

    fn root(&mut self, term_id: u32) -> u32 {
        let mut current = term_id;
        while let Some(&parent) = self.parent.get(current as usize) {
            if parent == current {
                break;
            }
            current = parent;
        }
        // Path compression.
        let mut walker = term_id;
        while let Some(&parent) = self.parent.get(walker as usize) {
            if parent == walker {
                break;
            }
            self.parent[walker as usize] = current;
            walker = parent;
        }
        current
    }

    /// Joins a word with a glued one-letter proclitic to its bare word: one
    /// word in two forms, so the cannot-link rule does not apply (both may
    /// be common: «لحماس», «حماس»); the group keeps the bare word's common
    /// word.
    fn join_glued_form(&mut self, glued: u32, bare: u32) {
        self.union(bare, glued, false);
    }

    /// Joins the groups of `left` and `right` unless each already holds a
    /// (different) common word; returns whether they are one group now.
    fn join(&mut self, left: u32, right: u32) -> bool {
        self.union(left, right, true)
    }

    /// Joins the two groups; the group keeps `first`'s common word, else
    /// `second`'s. With `cannot_link`, two groups that each hold a common
    /// word stay apart.
    fn union(&mut self, first: u32, second: u32, cannot_link: bool) -> bool {
        let first_root = self.root(first);
        let second_root = self.root(second);
        if first_root == second_root {
            return true;
        }
        let first_common = self.common_word.get(first_root as usize).copied().flatten();
        let second_common = self
            .common_word
            .get(second_root as usize)
            .copied()
            .flatten();
        if cannot_link && first_common.is_some() && second_common.is_some() {
            return false;
        }
        let (smaller, larger) = (first_root.min(second_root), first_root.max(second_root));
        self.parent[larger as usize] = smaller;
        self.common_word[smaller as usize] = first_common.or(second_common);
        true
    }
}

fn is_name_part(token: &AnalyzedToken) -> bool {
    !token.is_stopword && !token.is_number
}

/// Most neighbouring words kept as context on one side.
const MAXIMUM_CONTEXT_TOKENS: usize = 4;

/// Up to [`MAXIMUM_CONTEXT_TOKENS`] neighbouring words, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Context {
    terms: [u32; MAXIMUM_CONTEXT_TOKENS],
    length: usize,
}

impl Context {
    fn as_slice(&self) -> &[u32] {
        &self.terms[..self.length]
    }
}

/// The up-to-`limit` name-part neighbours of `tokens[position]` on one side,
/// nearest first, stopping at punctuation, stop words and numbers.
fn context_of(tokens: &[AnalyzedToken], position: usize, limit: usize, leftwards: bool) -> Context {
    let mut context = Context {
        terms: [0; MAXIMUM_CONTEXT_TOKENS],
        length: 0,
    };
    let limit = limit.min(MAXIMUM_CONTEXT_TOKENS);
    let mut current = position;
    while context.length < limit {
        let next = if leftwards {
            if current == 0 || tokens[current].breaks_phrase_before {
                break;
            }
            current - 1
        } else {
            let next = current + 1;
            if next >= tokens.len() || tokens[next].breaks_phrase_before {
                break;
            }
            next
        };
        if !is_name_part(&tokens[next]) {
            break;
        }
        context.terms[context.length] = tokens[next].term_id;
        context.length += 1;
        current = next;
    }
    context
}

/// Joins the story's spelling variants; returns the canonical id of each term.
fn merge_spelling_variants(
    story: &AnalyzedStory<'_>,
    config: &StoryCardConfig,
    idf: &IdfFunction,
) -> TermUnion {
    let term_count = story
        .articles
        .iter()
        .flat_map(|article| article.tokens.iter())
        .map(|token| token.term_id as usize + 1)
        .max()
        .unwrap_or(0);
    let mut union = TermUnion::new(term_count, |term_id| {
        story.interner.idf(term_id) <= config.variant_common_word_maximum_idf
    });
    // (side, adjacent neighbour) → word → the distinct contexts it has there.
    let mut words_by_neighbour: IntegerMap<(bool, u32), IntegerMap<u32, Vec<Context>>> =
        IntegerMap::default();
    let mut words_by_skeleton: HashMap<String, Vec<u32>> = HashMap::new();
    // word → can it take part in a merge (skeleton long enough)?
    let mut seen_words: IntegerMap<u32, bool> = IntegerMap::default();
    for article in &story.articles {
        for (position, token) in article.tokens.iter().enumerate() {
            if !is_name_part(token) {
                continue;
            }
            let is_mergeable = *seen_words.entry(token.term_id).or_insert_with(|| {
                let skeleton = consonant_skeleton(story.interner.term(token.term_id));
                let skeleton_length = skeleton.chars().count();
                if skeleton_length >= config.variant_minimum_skeleton_without_context {
                    words_by_skeleton
                        .entry(skeleton)
                        .or_default()
                        .push(token.term_id);
                }
                skeleton_length >= config.variant_minimum_skeleton
            });
            if !is_mergeable {
                continue;
            }
            for leftwards in [true, false] {
                let context = context_of(
                    &article.tokens,
                    position,
                    config.variant_context_tokens,
                    leftwards,
                );
                let Some(&adjacent) = context.as_slice().first() else {
                    continue;
                };
                let contexts = words_by_neighbour
                    .entry((leftwards, adjacent))
                    .or_default()
                    .entry(token.term_id)
                    .or_default();
                if !contexts.contains(&context) {
                    contexts.push(context);
                }
            }
        }
    }

    let mut shared_context_of_pair: IntegerMap<(u32, u32), f64> = IntegerMap::default();
    for words in words_by_skeleton.values() {
        if words.len() > config.variant_maximum_context_fan_out {
            continue;
        }
        for (index, &left) in words.iter().enumerate() {
            for &right in &words[index + 1..] {
                shared_context_of_pair
                    .entry((left.min(right), left.max(right)))
                    .or_insert(0.0);
            }
        }
    }
    for words in words_by_neighbour.values() {
        if words.len() < 2 || words.len() > config.variant_maximum_context_fan_out {
            continue;
        }
        let mut entries: Vec<(&u32, &Vec<Context>)> = words.iter().collect();
        entries.sort_unstable_by_key(|(word, _)| **word);
        for (index, (&left, left_contexts)) in entries.iter().enumerate() {
            for (&right, right_contexts) in &entries[index + 1..] {
                let mut best_shared_idf: f64 = 0.0;
                for left_context in left_contexts.iter() {
                    for right_context in right_contexts.iter() {
                        let shared_idf: f64 = left_context
                            .as_slice()
                            .iter()
                            .zip(right_context.as_slice().iter())
                            .take_while(|(a, b)| a == b)
                            .map(|(term_id, _)| story.interner.idf(*term_id))
                            .sum();
                        best_shared_idf = best_shared_idf.max(shared_idf);
                    }
                }
                let pair_context = shared_context_of_pair
                    .entry((left.min(right), left.max(right)))
                    .or_insert(0.0);
                *pair_context = pair_context.max(best_shared_idf);
            }
        }
    }
    // A word with a glued preposition or conjunction the stemmer leaves on
    // («بأوسيتيا», «لروسيا») is the bare word when the bare word is in the story.
    let mut seen_word_list: Vec<u32> = seen_words.keys().copied().collect();
    seen_word_list.sort_unstable();
    for &word in &seen_word_list {
        let term = story.interner.term(word);
        let mut characters = term.chars();
        let Some(first) = characters.next() else {
            continue;
        };
        if !PROCLITICS.contains(&first) {
            continue;
        }
        let bare = characters.as_str();
        if bare.chars().count() < config.variant_minimum_bare_word_characters {
            continue;
        }
        let Some(bare_id) = story
            .interner
            .id_of(bare)
            .filter(|id| seen_words.contains_key(id))
        else {
            continue;
        };
        // A glued form more frequent in the background than the bare word
        // is a word of its own: «لدينا» (we have) is not «ل» + «دينا»
        // (Dina), while «لحماس» is rarer than «حماس».
        if story.interner.idf(word) < story.interner.idf(bare_id) {
            continue;
        }
        union.join_glued_form(word, bare_id);
    }
    // Strongest evidence first (most shared context), so that the
    // cannot-link rule keeps the better-supported merge.
    let mut pairs: Vec<((u32, u32), f64)> = shared_context_of_pair.into_iter().collect();
    pairs.sort_unstable_by(|(left_pair, left_idf), (right_pair, right_idf)| {
        right_idf
            .total_cmp(left_idf)
            .then(left_pair.cmp(right_pair))
    });
    let is_story_word = |term: &str| {
        story
            .interner
            .id_of(term)
            .is_some_and(|id| seen_words.contains_key(&id))
    };
    // A glued form of a common word is a common word: «بتقاسم» and
    // «بتقسيم» (by sharing, by dividing) are not two spellings of a name.
    let merge_idf = |term_id: u32| {
        let term = story.interner.term(term_id);
        let own_idf = story.interner.idf(term_id);
        without_proclitic(term)
            .filter(|bare| bare.chars().count() >= config.variant_minimum_bare_word_characters)
            .map(idf)
            .filter(|bare_idf| bare_idf.is_finite())
            .map_or(own_idf, |bare_idf| own_idf.min(bare_idf))
    };
    for ((left, right), shared_idf) in pairs {
        let left_candidate = VariantCandidate {
            term: story.interner.term(left),
            idf: merge_idf(left),
        };
        let right_candidate = VariantCandidate {
            term: story.interner.term(right),
            idf: merge_idf(right),
        };
        if are_spelling_variants(left_candidate, right_candidate, shared_idf, config)
            || are_variants_once_a_proclitic_is_dropped(
                left_candidate,
                right_candidate,
                shared_idf,
                &is_story_word,
                idf,
                config,
            )
        {
            union.join(left, right);
        }
    }
    union
}

/// «بنلسون مانديلا» / «نيلسون مانديلا»: a glued preposition or conjunction
/// hides a spelling variant whose bare form is not in the story on its own
/// (so the bare-word rule above cannot apply). With shared context, the
/// word without its first letter is compared with the other spelling. When
/// the bare form is a word of the story («بمصادرة» and «مصادر»), the glued
/// form is that word with a preposition, not a hidden variant: the bare-word
/// rule and the plain comparison decide, with the bare word's own frequency.
/// The bare form is compared with its own background frequency: «بتقاسم»
/// (by sharing) is rare, but «تقاسم» is a common word, and two common words
/// («تقاسم» / «تقسيم», sharing / division) are never spellings of one name.
fn are_variants_once_a_proclitic_is_dropped(
    left: VariantCandidate<'_>,
    right: VariantCandidate<'_>,
    shared_context_idf: f64,
    is_story_word: &dyn Fn(&str) -> bool,
    idf: &IdfFunction,
    config: &StoryCardConfig,
) -> bool {
    if shared_context_idf <= 0.0 {
        return false;
    }
    let try_side = |glued: VariantCandidate<'_>, other: VariantCandidate<'_>| {
        let Some(bare) = without_proclitic(glued.term) else {
            return false;
        };
        if is_story_word(bare) {
            return false;
        }

        // Both glued the same way: the plain comparison already decided.
        if other.term.chars().next() == glued.term.chars().next() {
            return false;
        }
        let bare_idf = idf(bare);
        let bare_candidate = VariantCandidate {
            term: bare,
            idf: if bare_idf.is_finite() {
                bare_idf
            } else {
                glued.idf
            },
        };
        bare != other.term
            && are_spelling_variants(bare_candidate, other, shared_context_idf, config)
    };
    try_side(left, right) || try_side(right, left)
}

#[derive(Debug, Clone, Copy)]
struct PhraseCount {
    mentions: usize,
    articles: usize,
    last_article: usize,
    first_article: usize,
    first_position: usize,
    length: usize,
}

/// Calls `visit(article, start, length, canonical key)` for every candidate
/// phrase occurrence.
fn for_each_phrase(
    story: &AnalyzedStory<'_>,
    canonical: &[u32],
    config: &StoryCardConfig,
    mut visit: impl FnMut(usize, usize, usize, u64),
) {
    let maximum_tokens = config.entity_maximum_tokens;
    let can_bound_phrase = |token: &AnalyzedToken| {
        is_name_part(token)
            && story.interner.idf(token.term_id) >= config.entity_boundary_minimum_idf
    };
    let canonical_of = |term_id: u32| canonical.get(term_id as usize).copied().unwrap_or(term_id);
    for (article_index, article) in story.articles.iter().enumerate() {
        let tokens = &article.tokens;
        for start in 0..tokens.len() {
            if !can_bound_phrase(&tokens[start]) {
                continue;
            }
            for length in 1..=maximum_tokens {
                let end = start + length - 1;
                let starts_a_new_phrase = tokens.get(end).is_some_and(|token| {
                    token.breaks_phrase_before || token.follows_glued_conjunction
                });
                if end >= tokens.len() || (length > 1 && starts_a_new_phrase) {
                    break;
                }
                if !can_bound_phrase(&tokens[end]) {
                    continue;
                }
                let key = sequence_key(
                    tokens[start..=end]
                        .iter()
                        .map(|token| canonical_of(token.term_id)),
                );
                visit(article_index, start, length, key);
            }
        }
    }
}

/// `idf` is the background idf, asked for the bare form of a glued word that
/// the story never writes alone (see [`are_variants_once_a_proclitic_is_dropped`]).
pub(crate) fn find_entities(
    story: &AnalyzedStory<'_>,
    config: &StoryCardConfig,
    idf: &IdfFunction,
) -> Vec<Entity> {
    if config.entity_count == 0 || config.entity_maximum_tokens == 0 {
        return Vec::new();
    }
    let mut union = merge_spelling_variants(story, config, idf);
    let canonical: Vec<u32> = (0..union.parent.len() as u32)
        .map(|term_id| union.root(term_id))
        .collect();

    let mut counts: IntegerMap<u64, PhraseCount> = IntegerMap::default();
    for_each_phrase(story, &canonical, config, |article, start, length, key| {
        let count = counts.entry(key).or_insert(PhraseCount {
            mentions: 0,
            articles: 0,
            last_article: usize::MAX,
            first_article: article,
            first_position: start,
            length,
        });
        count.mentions += 1;
        if count.last_article != article {
            count.articles += 1;
            count.last_article = article;
        }
    });

    let mut candidates: Vec<Candidate> = Vec::new();
    for (&key, count) in &counts {
        if count.mentions < config.entity_minimum_mentions {
            continue;
        }
        let Some(article) = story.articles.get(count.first_article) else {
            continue;
        };
        let tokens = &article.tokens[count.first_position..count.first_position + count.length];
        let (content_words, idf_sum) = tokens
            .iter()
            .filter(|token| is_name_part(token))
            .fold((0usize, 0.0f64), |(count, sum), token| {
                (count + 1, sum + story.interner.idf(token.term_id))
            });
        if content_words == 0 {
            continue;
        }
        let mean_idf = idf_sum / content_words as f64;
        if mean_idf < config.entity_minimum_mean_idf {
            continue;
        }
        let length_factor = 1.0 + config.entity_multiword_bonus * (content_words - 1) as f64;
        candidates.push(Candidate {
            key,
            canonical_terms: tokens
                .iter()
                .map(|token| {
                    canonical
                        .get(token.term_id as usize)
                        .copied()
                        .unwrap_or(token.term_id)
                })
                .collect(),
            score: count.mentions as f64 * mean_idf * length_factor,
            mentions: count.mentions,
            articles: count.articles,
        });
    }
    candidates.sort_by(|left, right| {
        right
            .score
            .total_cmp(&left.score)
            .then_with(|| left.canonical_terms.cmp(&right.canonical_terms))
    });

    // Stop words have no background idf of their own (the table was built
    // without them), so they are kept out of names explicitly.
    let stopword_terms: IntegerMap<u32, ()> = story
        .articles
        .iter()
        .flat_map(|article| article.tokens.iter())
        .filter(|token| token.is_stopword)
        .map(|token| {
            (
                canonical
                    .get(token.term_id as usize)
                    .copied()
                    .unwrap_or(token.term_id),
                (),
            )
        })
        .collect();
    let mut chosen: Vec<ChosenEntity> = Vec::new();
    for core in 0..candidates.len() {
        if chosen.len() >= config.entity_count {
            break;
        }
        let core_terms = &candidates[core].canonical_terms;
        let overlaps_chosen = chosen.iter().any(|picked| {
            candidates[picked.full]
                .canonical_terms
                .iter()
                .any(|word| !stopword_terms.contains_key(word) && core_terms.contains(word))
        });
        if overlaps_chosen {
            continue;
        }
        let words_of_chosen: Vec<u32> = chosen
            .iter()
            .flat_map(|picked| candidates[picked.full].canonical_terms.iter().copied())
            .collect();
        let full = extend_name(
            &candidates,
            core,
            &words_of_chosen,
            &stopword_terms,
            story,
            config,
        );
        chosen.push(ChosenEntity { core, full });
    }

    // Second pass: the spellings and surface forms of the chosen phrases only.
    // key → (entity, is the full form)
    let mut chosen_keys: IntegerMap<u64, (usize, bool)> = IntegerMap::default();
    for (entity_index, entity) in chosen.iter().enumerate() {
        chosen_keys.insert(candidates[entity.core].key, (entity_index, false));
        chosen_keys.insert(candidates[entity.full].key, (entity_index, true));
    }
    // [entity][is full] → variant key (original terms) → surface → count
    let mut surfaces: Vec<[IntegerMap<u64, HashMap<String, usize>>; 2]> = (0..chosen.len())
        .map(|_| [IntegerMap::default(), IntegerMap::default()])
        .collect();
    for_each_phrase(
        story,
        &canonical,
        config,
        |article_index, start, length, key| {
            let Some(&(entity_index, is_full)) = chosen_keys.get(&key) else {
                return;
            };
            let article = &story.articles[article_index];
            let tokens = &article.tokens[start..start + length];
            let variant_key = sequence_key(tokens.iter().map(|token| token.term_id));
            let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
                return;
            };
            let surface = story
                .article_text(article)
                .get(first.start..last.end)
                .unwrap_or("")
                .to_string();
            *surfaces[entity_index][usize::from(is_full)]
                .entry(variant_key)
                .or_default()
                .entry(surface)
                .or_insert(0) += 1;
        },
    );

    chosen
        .iter()
        .zip(surfaces)
        .map(|(entity, [core_surfaces, full_surfaces])| {
            let mut variant_mentions = spellings(full_surfaces);
            if entity.core != entity.full {
                for spelling in spellings(core_surfaces) {
                    if !variant_mentions
                        .iter()
                        .any(|known| known.variant == spelling.variant)
                    {
                        variant_mentions.push(spelling);
                    }
                }
            }
            let core = &candidates[entity.core];
            Entity {
                name: variant_mentions
                    .first()
                    .map(|variant| variant.variant.clone())
                    .unwrap_or_default(),
                variants: variant_mentions
                    .iter()
                    .map(|variant| variant.variant.clone())
                    .collect(),
                mentions: core.mentions,
                variant_mentions,
                articles: core.articles,
                score: core.score,
            }
        })
        .collect()
}

struct Candidate {
    key: u64,
    canonical_terms: Vec<u32>,
    score: f64,
    mentions: usize,
    articles: usize,
}

/// A chosen name: the phrase it was ranked by (`core`, e.g. «سخيفر») and the
/// longest form it grew into (`full`, e.g. «ياب دي هوب سخيفر»); indices into
/// the candidates.
struct ChosenEntity {
    core: usize,
    full: usize,
}

/// Grows `core` one neighbouring word at a time while the longer phrase keeps
/// `entity_extension_minimum_share` of the core's mentions and the added word
/// is rare enough to be a name part (a less rare word may be bridged when
/// a rare one follows it: «ياب دي هوب»), appears in as many articles as the core
/// (up to `entity_extension_minimum_articles`), and not part of a name already chosen
/// («الأطلسي» must not grow into «ياب» of «ياب دي هوب سخيفر»).
fn extend_name(
    candidates: &[Candidate],
    core: usize,
    words_of_chosen: &[u32],
    stopword_terms: &IntegerMap<u32, ()>,
    story: &AnalyzedStory<'_>,
    config: &StoryCardConfig,
) -> usize {
    let minimum_mentions = config.entity_extension_minimum_share * candidates[core].mentions as f64;
    // A name is written the same way by every article that uses it; a
    // phrasing («يتعلق بجورجيا») is one writer's.
    let minimum_articles = candidates[core]
        .articles
        .min(config.entity_extension_minimum_articles);
    let mut full = core;
    while candidates[full].canonical_terms.len() < config.entity_maximum_tokens {
        let current_terms = &candidates[full].canonical_terms;
        let mut best_extension: Option<usize> = None;
        for (index, candidate) in candidates.iter().enumerate() {
            let terms = &candidate.canonical_terms;
            let added_count = terms.len().saturating_sub(current_terms.len());
            if !(1..=2).contains(&added_count)
                || terms.len() > config.entity_maximum_tokens
                || (candidate.mentions as f64) < minimum_mentions
                || candidate.articles < minimum_articles
            {
                continue;
            }
            // The added words, outermost first.
            let added_words: Vec<u32> = if terms[added_count..] == current_terms[..] {
                terms[..added_count].to_vec()
            } else if terms[..current_terms.len()] == current_terms[..] {
                terms[current_terms.len()..].iter().rev().copied().collect()
            } else {
                continue;
            };
            let outermost_is_name_part = added_words.first().is_some_and(|&word| {
                story.interner.idf(word) >= config.entity_extension_minimum_idf
            });
            let bridges_are_name_parts = added_words[1..].iter().all(|&word| {
                story.interner.idf(word) >= config.entity_extension_minimum_bridge_idf
            });
            let takes_chosen_word = added_words
                .iter()
                .any(|word| words_of_chosen.contains(word));
            let takes_stop_word = added_words
                .iter()
                .any(|word| stopword_terms.contains_key(word));
            if !outermost_is_name_part
                || !bridges_are_name_parts
                || takes_chosen_word
                || takes_stop_word
            {
                continue;
            }
            let is_better = best_extension.is_none_or(|best| {
                let best_candidate = &candidates[best];
                (candidate.mentions, std::cmp::Reverse(terms.len()))
                    > (
                        best_candidate.mentions,
                        std::cmp::Reverse(best_candidate.canonical_terms.len()),
                    )
            });
            if is_better {
                best_extension = Some(index);
            }
        }
        match best_extension {
            Some(extension) => full = extension,
            None => break,
        }
    }
    full
}

/// Each spelling (variant key) with its most frequent written form, most
/// mentioned first.
fn spellings(variants: IntegerMap<u64, HashMap<String, usize>>) -> Vec<VariantMentions> {
    let mut variant_mentions: Vec<VariantMentions> = variants
        .into_values()
        .map(|surface_counts| {
            let mentions = surface_counts.values().sum();
            let mut forms: Vec<(String, usize)> = surface_counts.into_iter().collect();
            forms.sort_by(|left, right| {
                right
                    .1
                    .cmp(&left.1)
                    .then_with(|| left.0.len().cmp(&right.0.len()))
                    .then_with(|| left.0.cmp(&right.0))
            });
            let variant = forms
                .into_iter()
                .next()
                .map(|(form, _)| form)
                .unwrap_or_default();
            VariantMentions { variant, mentions }
        })
        .collect();
    variant_mentions.sort_by(|left, right| {
        right
            .mentions
            .cmp(&left.mentions)
            .then_with(|| left.variant.cmp(&right.variant))
    });
    variant_mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    const RARE: f64 = 10.0;

    fn candidate(term: &str) -> VariantCandidate<'_> {
        VariantCandidate { term, idf: RARE }
    }

    #[test]
    fn a_group_of_spellings_never_holds_two_common_words() {
        // Terms 0 and 2 are common words; 1 is a rare form close to both.
        let mut union = TermUnion::new(3, |term_id| term_id != 1);
        assert!(union.join(0, 1));
        assert!(
            !union.join(1, 2),
            "two common words joined through a rare one"
        );
        assert_eq!(union.root(0), union.root(1));
        assert_ne!(union.root(1), union.root(2));
        // Rare spellings still join a group that has its common word.
        let mut union = TermUnion::new(4, |term_id| term_id == 0);
        assert!(union.join(1, 2));
        assert!(union.join(2, 0));
        assert!(union.join(3, 1));
        assert_eq!(union.root(3), union.root(0));
    }

    #[test]
    fn a_glued_form_of_a_common_word_is_no_spelling_of_another_common_word() {
        let config = StoryCardConfig::default();
        let shared_context = 15.0;
        let not_in_story = |_: &str| false;
        // «بتقاسم» (by sharing) against «تقسيم» (division): the skeletons
        // match once «ب» is dropped, but «تقاسم» is a common word.
        let common_bare_form = |term: &str| if term == "تقاسم" { 3.0 } else { 12.0 };
        assert!(!are_variants_once_a_proclitic_is_dropped(
            VariantCandidate {
                term: "بتقاسم",
                idf: 12.0
            },
            VariantCandidate {
                term: "تقسيم",
                idf: 3.5
            },
            shared_context,
            &not_in_story,
            &common_bare_form,
            &config
        ));
        // With a rare bare form the same pair merges: the bare form's
        // frequency is what keeps them apart.
        let rare_everywhere = |_: &str| 12.0;
        assert!(are_variants_once_a_proclitic_is_dropped(
            VariantCandidate {
                term: "بتقاسم",
                idf: 12.0
            },
            VariantCandidate {
                term: "تقسيم",
                idf: 12.0
            },
            shared_context,
            &not_in_story,
            &rare_everywhere,
            &config
        ));
    }

    #[test]
    fn a_glued_preposition_does_not_hide_a_spelling_variant() {
        let config = StoryCardConfig::default();
        // «بنلسون» / «نيلسون» (light10 stems), both before «مانديلا».
        let shared_name_part = 9.0;
        // «نلس» alone is not a word of the story.
        let no_bare_word = |_: &str| false;
        // The background knows none of these forms.
        let rare_everywhere = |_: &str| 12.0;
        assert!(are_variants_once_a_proclitic_is_dropped(
            candidate("بنلس"),
            candidate("نيلس"),
            shared_name_part,
            &no_bare_word,
            &rare_everywhere,
            &config
        ));
        assert!(are_variants_once_a_proclitic_is_dropped(
            candidate("نيلس"),
            candidate("بنلس"),
            shared_name_part,
            &no_bare_word,
            &rare_everywhere,
            &config
        ));
        // Without shared context the letters alone prove nothing.
        assert!(!are_variants_once_a_proclitic_is_dropped(
            candidate("بنلس"),
            candidate("نيلس"),
            0.0,
            &no_bare_word,
            &rare_everywhere,
            &config
        ));
        // Not a proclitic: «نيلس» against «تيلس» stays apart.
        assert!(!are_variants_once_a_proclitic_is_dropped(
            candidate("تيلس"),
            candidate("نيلس"),
            shared_name_part,
            &no_bare_word,
            &rare_everywhere,
            &config
        ));
        // When «نلس» is itself a word of the story, «بنلس» is that word
        // with a preposition (as «بمصادرة» is «مصادر»), not a variant.
        let bare_word_in_story = |term: &str| term == "نلس";
        assert!(!are_variants_once_a_proclitic_is_dropped(
            candidate("بنلس"),
            candidate("نيلس"),
            shared_name_part,
            &bare_word_in_story,
            &rare_everywhere,
            &config
        ));
    }
}
