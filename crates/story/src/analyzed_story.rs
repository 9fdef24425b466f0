//! Analyzes every article of a story once: outlets, sentences, tokens with
//! their stems and stop-word flags, and tf·idf vectors. The headline,
//! entity, summary and coverage steps all read this one structure.
//!
//! Copies (`duplicate_of` pointing at another article of the story) are not
//! analyzed: their text counts once, through the article they copy, which
//! records the copies' outlets as carrying it too.

use std::collections::HashMap;

use khabar_analyze::{
    detect_language, tokenize, Analyzer, AnalyzerConfig, Language, TokenizerKind,
};

use crate::article::StoryArticle;
use crate::fast_hash::{text_key, IntegerMap};
use crate::sentence_splitter::{split_sentences, SentenceSpan};
use crate::term_vectors::{IdfFunction, TermInterner, TermVector};

/// One word of an article, as the entity finder sees it.
#[derive(Debug, Clone)]
pub(crate) struct AnalyzedToken {
    /// Interned stem (computed with stop words kept, so every word has one).
    pub(crate) term_id: u32,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) is_stopword: bool,
    pub(crate) is_number: bool,
    /// True when punctuation or a line break separates this token from the
    /// previous one: no phrase spans such a gap.
    pub(crate) breaks_phrase_before: bool,
    /// True when the word carries a glued conjunction «و» that joins it to
    /// what comes before («طرطوس وحميميم», «غينغريتش ورودي جولياني»): the
    /// written word without its «و» is also written alone in the story. No
    /// name spans a coordination.
    pub(crate) follows_glued_conjunction: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct AnalyzedSentence {
    pub(crate) article: usize,
    pub(crate) span: SentenceSpan,
    pub(crate) vector: TermVector,
    pub(crate) content_terms: usize,
}

/// One distinct (non-copy) article.
#[derive(Debug)]
pub(crate) struct AnalyzedArticle {
    /// Index into the story's input articles.
    pub(crate) input_index: usize,
    /// Outlet ids (into [`AnalyzedStory::outlets`]) carrying this text: the
    /// article's own first, then those of its copies.
    pub(crate) carrier_outlets: Vec<usize>,
    pub(crate) tokens: Vec<AnalyzedToken>,
    /// Indices into [`AnalyzedStory::sentences`].
    pub(crate) sentences: Vec<usize>,
    pub(crate) text_vector: TermVector,
    pub(crate) title_vector: Option<TermVector>,
    /// Title plus the first sentences: what the article is about.
    pub(crate) lead_vector: TermVector,
}

pub(crate) struct AnalyzedStory<'a> {
    pub(crate) input: &'a [StoryArticle],
    pub(crate) outlets: Vec<String>,
    pub(crate) articles: Vec<AnalyzedArticle>,
    pub(crate) sentences: Vec<AnalyzedSentence>,
    pub(crate) interner: TermInterner,
}

impl AnalyzedStory<'_> {
    pub(crate) fn article_text(&self, article: &AnalyzedArticle) -> &str {
        self.input
            .get(article.input_index)
            .map_or("", |input| input.text.as_str())
    }

    pub(crate) fn sentence_text(&self, sentence: &AnalyzedSentence) -> &str {
        let Some(article) = self.articles.get(sentence.article) else {
            return "";
        };
        self.article_text(article)
            .get(sentence.span.start..sentence.span.end)
            .unwrap_or("")
    }
}

/// What the analyzers make of one written word, as story-local facts.
#[derive(Debug, Clone, Copy)]
struct AnalyzedWord {
    term_id: u32,
    is_content: bool,
    is_number: bool,
}

/// Reusable analyzers: one keeps stop words (every word gets a stem), one
/// drops them (which words are content).
///
/// A story repeats its words (every «في», every name), and the analysis of
/// a word depends only on the word and the language, so each distinct
/// written word is analyzed once per story. The cache lives for one story
/// only: it stays small enough to be fast, and its term ids are the story's.
pub(crate) struct StoryAnalyzers {
    all_words: Analyzer,
    content_words: Analyzer,
    tokenizer: TokenizerKind,
    /// language → key of a written word ([`text_key`]) → its analysis
    /// (`None`: the word has no term).
    story_words: Vec<(Language, IntegerMap<u64, Option<AnalyzedWord>>)>,
}

impl StoryAnalyzers {
    pub(crate) fn new(config: AnalyzerConfig) -> StoryAnalyzers {
        StoryAnalyzers {
            all_words: Analyzer::new(AnalyzerConfig {
                remove_stopwords: false,
                ..config
            }),
            content_words: Analyzer::new(AnalyzerConfig {
                remove_stopwords: true,
                ..config
            }),
            tokenizer: config.tokenizer,
            story_words: Vec::new(),
        }
    }

    /// Forgets the previous story's words (their term ids were its own).
    fn start_story(&mut self) {
        for (_, words) in &mut self.story_words {
            words.clear();
        }
    }

    fn analyze_word(
        &mut self,
        word: &str,
        language: Language,
        interner: &mut TermInterner,
        idf: &IdfFunction,
    ) -> Option<AnalyzedWord> {
        let mut term_id = None;
        let mut is_number = false;
        self.all_words.for_each_term(word, language, |term, _| {
            if term_id.is_none() {
                term_id = Some(interner.intern(term, idf));
                is_number = term.chars().all(|character| character.is_ascii_digit());
            }
        });
        let term_id = term_id?;
        let mut is_content = false;
        self.content_words
            .for_each_term(word, language, |_, _| is_content = true);
        Some(AnalyzedWord {
            term_id,
            is_content,
            is_number,
        })
    }

    fn word(
        &mut self,
        word: &str,
        language: Language,
        interner: &mut TermInterner,
        idf: &IdfFunction,
    ) -> Option<AnalyzedWord> {
        let position = match self
            .story_words
            .iter()
            .position(|(cached_language, _)| *cached_language == language)
        {
            Some(position) => position,
            None => {
                self.story_words.push((language, IntegerMap::default()));
                self.story_words.len() - 1
            }
        };
        let key = text_key(word);
        if let Some(known) = self.story_words[position].1.get(&key) {
            return *known;
        }
        let analyzed = self.analyze_word(word, language, interner, idf);
        self.story_words[position].1.insert(key, analyzed);
        analyzed
    }

    fn tokens(
        &mut self,
        text: &str,
        language: Language,
        interner: &mut TermInterner,
        idf: &IdfFunction,
    ) -> Vec<AnalyzedToken> {
        let spans = tokenize(text, self.tokenizer);
        let mut tokens: Vec<AnalyzedToken> = Vec::with_capacity(spans.len());
        let mut previous_end = 0;
        for span in spans {
            let Some(written) = text.get(span.start..span.end) else {
                continue;
            };
            let Some(word) = self.word(written, language, interner, idf) else {
                continue;
            };
            let gap = text.get(previous_end..span.start).unwrap_or("");
            let breaks_phrase_before = tokens.is_empty()
                || gap.contains('\n')
                || gap.chars().any(|character| !character.is_whitespace());
            tokens.push(AnalyzedToken {
                term_id: word.term_id,
                start: span.start,
                end: span.end,
                is_stopword: !word.is_content,
                is_number: word.is_number,
                breaks_phrase_before,
                follows_glued_conjunction: false,
            });
            previous_end = span.end;
        }
        tokens
    }

    fn content_term_ids(
        &mut self,
        text: &str,
        language: Language,
        interner: &mut TermInterner,
        idf: &IdfFunction,
    ) -> Vec<u32> {
        self.tokens(text, language, interner, idf)
            .into_iter()
            .filter(|token| !token.is_stopword)
            .map(|token| token.term_id)
            .collect()
    }
}

/// Maps each article to the article whose text it carries: itself, or the
/// article it is a copy of (followed through chains, ignoring ids outside
/// the story and cycles).
pub(crate) fn original_of_each_article(articles: &[StoryArticle]) -> Vec<usize> {
    let index_of_id: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(index, article)| (article.id.as_str(), index))
        .collect();
    (0..articles.len())
        .map(|start| {
            let mut current = start;
            for _ in 0..articles.len() {
                let next = articles[current]
                    .duplicate_of
                    .as_deref()
                    .and_then(|id| index_of_id.get(id).copied());
                match next {
                    Some(next) if next != current => current = next,
                    _ => return current,
                }
            }
            // A cycle of copies: the article stands for itself.
            start
        })
        .collect()
}

pub(crate) fn analyze_story<'a>(
    articles: &'a [StoryArticle],
    analyzers: &mut StoryAnalyzers,
    original_of: &[usize],
    idf: &IdfFunction,
    lead_sentences: usize,
) -> AnalyzedStory<'a> {
    let mut outlets: Vec<String> = Vec::new();
    let mut outlet_ids: HashMap<String, usize> = HashMap::new();
    let outlet_of_input: Vec<usize> = articles
        .iter()
        .map(|article| {
            let name = article.outlet();
            if let Some(&id) = outlet_ids.get(name) {
                return id;
            }
            outlets.push(name.to_string());
            outlet_ids.insert(name.to_string(), outlets.len() - 1);
            outlets.len() - 1
        })
        .collect();

    analyzers.start_story();
    let mut interner = TermInterner::default();
    let mut analyzed_articles: Vec<AnalyzedArticle> = Vec::new();
    let mut sentences: Vec<AnalyzedSentence> = Vec::new();
    let mut analyzed_index_of_input: Vec<Option<usize>> = vec![None; articles.len()];
    for (input_index, article) in articles.iter().enumerate() {
        if original_of.get(input_index) != Some(&input_index) {
            continue;
        }
        let language = detect_language(&article.text);
        let tokens = analyzers.tokens(&article.text, language, &mut interner, idf);
        let article_position = analyzed_articles.len();
        let mut sentence_indices = Vec::new();
        let mut lead_term_ids = Vec::new();
        let mut text_term_ids = Vec::new();
        let mut token_cursor = 0;
        for span in split_sentences(&article.text) {
            let mut sentence_term_ids = Vec::new();
            while token_cursor < tokens.len() && tokens[token_cursor].start < span.end {
                let token = &tokens[token_cursor];
                if token.start >= span.start && !token.is_stopword {
                    sentence_term_ids.push(token.term_id);
                }
                token_cursor += 1;
            }
            if sentence_indices.len() < lead_sentences {
                lead_term_ids.extend_from_slice(&sentence_term_ids);
            }
            text_term_ids.extend_from_slice(&sentence_term_ids);
            sentence_indices.push(sentences.len());
            sentences.push(AnalyzedSentence {
                article: article_position,
                span,
                vector: TermVector::from_terms(&sentence_term_ids, &interner),
                content_terms: sentence_term_ids.len(),
            });
        }
        let title_vector = article.usable_title().map(|title| {
            let title_language = detect_language(title);
            let title_term_ids =
                analyzers.content_term_ids(title, title_language, &mut interner, idf);
            lead_term_ids.extend_from_slice(&title_term_ids);
            TermVector::from_terms(&title_term_ids, &interner)
        });
        analyzed_index_of_input[input_index] = Some(article_position);
        analyzed_articles.push(AnalyzedArticle {
            input_index,
            carrier_outlets: vec![outlet_of_input[input_index]],
            tokens,
            sentences: sentence_indices,
            text_vector: TermVector::from_terms(&text_term_ids, &interner),
            title_vector,
            lead_vector: TermVector::from_terms(&lead_term_ids, &interner),
        });
    }
    mark_glued_conjunctions(articles, &mut analyzed_articles);
    for (input_index, &original) in original_of.iter().enumerate() {
        if original == input_index {
            continue;
        }
        let Some(analyzed) = analyzed_index_of_input[original] else {
            continue;
        };
        let carriers = &mut analyzed_articles[analyzed].carrier_outlets;
        if !carriers.contains(&outlet_of_input[input_index]) {
            carriers.push(outlet_of_input[input_index]);
        }
    }
    AnalyzedStory {
        input: articles,
        outlets,
        articles: analyzed_articles,
        sentences,
        interner,
    }
}

/// Marks the words written with a glued conjunction «و» whose bare form the
/// story also writes alone. Light stemming strips the «و» of «وحميميم» as it
/// strips the first letter of «وليد» or «وزير», so the stem cannot tell; the
/// story's own words can: «حميميم» is written alone, «ليد» is not.
fn mark_glued_conjunctions(input: &[StoryArticle], articles: &mut [AnalyzedArticle]) {
    const CONJUNCTION: char = 'و';
    let mut written_alone: IntegerMap<u64, ()> = IntegerMap::default();
    for article in articles.iter() {
        let text = input
            .get(article.input_index)
            .map_or("", |input| input.text.as_str());
        for token in &article.tokens {
            if let Some(written) = text.get(token.start..token.end) {
                written_alone.insert(text_key(written), ());
            }
        }
    }
    for article in articles.iter_mut() {
        let text = input
            .get(article.input_index)
            .map_or("", |input| input.text.as_str());
        for token in &mut article.tokens {
            let written = text.get(token.start..token.end).unwrap_or("");
            let bare = written
                .strip_prefix(CONJUNCTION)
                .filter(|bare| bare.chars().count() >= 2);
            token.follows_glued_conjunction =
                bare.is_some_and(|bare| written_alone.contains_key(&text_key(bare)));
        }
    }
}
