//! Every threshold the story card uses, in one documented place, loadable
//! from TOML (`#[serde(default)]`: missing fields keep their default).

use serde::{Deserialize, Serialize};

/// How a [`crate::StoryCard`] is built. Similarities are cosines between
/// tf·idf vectors of stemmed content terms (see `term_vectors.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoryCardConfig {
    /// Sentences in the summary.
    pub summary_sentences: usize,
    /// MMR trade-off: weight of "covers the story" against "repeats what is
    /// already chosen" (1.0 ignores redundancy).
    pub summary_relevance_weight: f64,
    /// Added to a candidate's MMR score when none of its outlets is in the
    /// summary yet, so a multi-outlet story is summarised from several outlets.
    pub summary_new_outlet_bonus: f64,
    /// A candidate whose informative terms (rare words, numbers; see
    /// `content_overlap.rs`) already occur in the chosen sentences for at
    /// least this share of their weight restates them and is not taken,
    /// however differently it is worded. Below it, the share counts as
    /// redundancy in the MMR score like a cosine.
    pub summary_maximum_covered_share: f64,
    /// The summary's first sentence is the most central lead (an article's
    /// first usable sentence, where news states its event), not the most
    /// central sentence anywhere: a later sentence can gather more of the
    /// story's words (a festival's line-up) without stating what happened.
    pub summary_opens_with_a_lead: bool,
    /// After the first summary sentence, a candidate is not taken when at
    /// least this share of its informative weight occurs in the chosen
    /// sentences or in the titles and leads wording the first sentence's
    /// event (see `summary.rs`): it restates the event in one outlet's words.
    pub summary_main_event_maximum_covered_share: f64,
    /// After the first summary sentence, a candidate is not taken when it
    /// reports a count the summary or the main event's leads already report
    /// (the same counted noun, or the same figure; see `quantities.rs`):
    /// two outlets' death tolls for one explosion are one fact.
    pub summary_refuses_reported_quantities: bool,
    /// The lead (first usable sentence) of an article is not taken when the
    /// lead of another article already chosen reaches this cosine with it:
    /// both state the story's event, in two outlets' words.
    pub summary_related_leads_minimum_cosine: f64,
    /// A candidate is not taken when a chosen sentence of the same article
    /// is at most this many sentences away (0: no such rule). News tells a
    /// statement and then elaborates it in the next sentence (the speaker's
    /// claim, then the quote confirming it: «وقال …» / «وأضاف …»), so two
    /// neighbouring sentences of one report mostly state one fact.
    pub summary_neighbour_sentence_distance: usize,
    /// Sentences that depend on the one before them in their report are not
    /// used in the summary (see `standalone.rs`): a continuation verb
    /// without subject («وأضاف …»), a quote fragment, an announcement ending
    /// on a colon.
    pub summary_refuses_dependent_sentences: bool,
    /// A sentence states the fact of an article's title when it contains at
    /// least this share of the title's informative weight (rare terms,
    /// numbers, compared by skeleton) …
    pub summary_title_fact_minimum_share: f64,
    /// … in at least this many terms; titles with fewer informative terms
    /// announce no fact. Two summary sentences never state one title's fact.
    pub summary_title_fact_minimum_shared_terms: usize,
    /// Content terms with a background idf below this are not informative
    /// for that containment test («قال», «الأحد», «أعلن»).
    pub summary_informative_term_minimum_idf: f64,
    /// Numbers are always informative and weigh at least this (a number is
    /// as specific as a rare word: 67 rescued, 31 matches).
    pub summary_number_minimum_weight: f64,
    /// Informative terms are compared by consonant skeleton (spelling
    /// variants match) when the skeleton has at least this many letters, by
    /// their exact stem otherwise.
    pub summary_minimum_skeleton_for_spelling_match: usize,
    /// Two sentences at or above this cosine are near-identical: never both
    /// in the summary, and each one's outlets are credited for the other.
    pub near_identical_sentence_cosine: f64,
    /// A sentence has a counterpart in another outlet when some sentence of
    /// that outlet reaches this cosine with it; below it for every other
    /// outlet's sentence, the sentence is "only here".
    pub counterpart_sentence_cosine: f64,
    /// At most this many "only here" sentences per outlet, those bringing the
    /// most information no other outlet has first.
    pub only_here_sentences_per_outlet: usize,
    /// Sentences with fewer content terms are not used in the summary or in
    /// `only_here` (sub-headings, datelines, fragments).
    pub minimum_sentence_content_terms: usize,
    /// Longer sentences are not used in the summary (run-on paragraphs that
    /// the splitter could not cut).
    pub maximum_summary_sentence_characters: usize,
    /// The headline candidate built from a first sentence (no titles) is cut
    /// at a word boundary to at most this many characters.
    pub headline_maximum_characters: usize,
    /// How many leading sentences of an article, with its title, represent it
    /// when titles are compared for centrality.
    pub lead_sentences_for_headline: usize,
    /// Entities listed on the card.
    pub entity_count: usize,
    /// Longest phrase considered, in tokens.
    pub entity_maximum_tokens: usize,
    /// Phrases do not start or end with a word whose idf is below this
    /// («قال», «العام»); it also spares the counter most of a text's words.
    pub entity_boundary_minimum_idf: f64,
    /// An entity must be mentioned at least this often in the story
    /// (copies counted once, all spellings together).
    pub entity_minimum_mentions: usize,
    /// Mean idf of an entity's content terms must reach this: it keeps out
    /// words every news text uses («قال», «العام»).
    pub entity_minimum_mean_idf: f64,
    /// Score bonus per extra content token, favouring multi-word names:
    /// score = mentions × mean idf × (1 + bonus × (content tokens − 1)).
    pub entity_multiword_bonus: f64,
    /// A chosen name grows by a neighbouring word («سخيفر» → «هوب سخيفر» →
    /// … → «ياب دي هوب سخيفر») when the longer phrase carries at least this
    /// share of the name's mentions …
    pub entity_extension_minimum_share: f64,
    /// … and the added word has at least this idf (so «العام» in
    /// «الأمين العام» or «يتعلق» in «يتعلق بجورجيا» is not glued to a name) …
    pub entity_extension_minimum_idf: f64,
    /// … except that a word with at least this idf may be bridged when the
    /// word beyond it qualifies («دي» in «ياب دي هوب»).
    pub entity_extension_minimum_bridge_idf: f64,
    /// … and the longer phrase occurs in at least this many distinct
    /// articles (or in all of the short form's, if fewer).
    pub entity_extension_minimum_articles: usize,
    /// Spelling variants (see `skeleton.rs`): two words whose background idf
    /// are both at or below this are ordinary, established words
    /// (محمد/محمود, روسيا/روسية) and are never merged as spellings of one name.
    pub variant_common_word_maximum_idf: f64,
    /// Without shared context, two words merge only when their folded
    /// consonant skeletons are equal and at least this long.
    pub variant_minimum_skeleton_without_context: usize,
    /// Shared context (summed idf of the neighbouring words two spellings
    /// share) at or above this is strong: about two rare name parts
    /// («ياب دي هوب»), more than any title («الرئيس الأمريكي»).
    pub variant_strong_context_minimum_idf: f64,
    /// With weak shared context, a skeleton edit distance of 1 is accepted
    /// only from this skeleton length on.
    pub variant_minimum_skeleton_for_one_edit: usize,
    /// With strong shared context, a skeleton edit distance of 2 is accepted
    /// from this length on.
    pub variant_minimum_skeleton_for_two_edits: usize,
    /// Neighbouring words looked at on each side for shared context (at
    /// most 4).
    pub variant_context_tokens: usize,
    /// Words followed by (or following) more distinct words than this in one
    /// story give no context evidence (and bound the pairs compared).
    pub variant_maximum_context_fan_out: usize,
    /// A word made of a glued one-letter preposition or conjunction and
    /// another word of the story («بأوسيتيا» = ب + «أوسيتيا») is merged with
    /// it when the bare word has at least this many letters.
    pub variant_minimum_bare_word_characters: usize,
    /// No variant merge ever involves a skeleton shorter than this.
    pub variant_minimum_skeleton: usize,
    /// Two words whose skeletons differ only in ش/س (a foreign "s"/"sh")
    /// merge when they share a neighbouring word and both skeletons have at
    /// least this many letters (shorter ones are too often native words).
    pub variant_minimum_skeleton_for_sibilant_difference: usize,
}

impl Default for StoryCardConfig {
    fn default() -> StoryCardConfig {
        StoryCardConfig {
            summary_sentences: 3,
            summary_relevance_weight: 0.5,
            summary_new_outlet_bonus: 0.1,
            summary_maximum_covered_share: 0.4,
            summary_opens_with_a_lead: true,
            summary_main_event_maximum_covered_share: 0.5,
            summary_refuses_reported_quantities: true,
            summary_related_leads_minimum_cosine: 0.1,
            summary_neighbour_sentence_distance: 1,
            summary_refuses_dependent_sentences: true,
            summary_title_fact_minimum_share: 0.5,
            summary_title_fact_minimum_shared_terms: 2,
            summary_informative_term_minimum_idf: 2.0,
            summary_number_minimum_weight: 6.0,
            summary_minimum_skeleton_for_spelling_match: 3,
            near_identical_sentence_cosine: 0.6,
            counterpart_sentence_cosine: 0.25,
            only_here_sentences_per_outlet: 5,
            minimum_sentence_content_terms: 4,
            maximum_summary_sentence_characters: 600,
            headline_maximum_characters: 120,
            lead_sentences_for_headline: 3,
            entity_count: 8,
            entity_maximum_tokens: 4,
            entity_boundary_minimum_idf: 1.5,
            entity_minimum_mentions: 2,
            entity_minimum_mean_idf: 4.0,
            entity_multiword_bonus: 0.5,
            entity_extension_minimum_share: 0.3,
            entity_extension_minimum_idf: 3.5,
            entity_extension_minimum_bridge_idf: 2.5,
            entity_extension_minimum_articles: 2,
            variant_common_word_maximum_idf: 6.5,
            variant_minimum_skeleton_without_context: 5,
            variant_strong_context_minimum_idf: 14.0,
            variant_minimum_skeleton_for_one_edit: 5,
            variant_minimum_skeleton_for_two_edits: 4,
            variant_minimum_bare_word_characters: 4,
            variant_minimum_skeleton: 3,
            variant_minimum_skeleton_for_sibilant_difference: 4,
            variant_context_tokens: 3,
            variant_maximum_context_fan_out: 48,
        }
    }
}
