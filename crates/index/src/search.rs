//! Searching: the query is parsed with the same analyzer as the index (a
//! syntax error is the caller's fault), expanded with entity aliases, filtered
//! by outlet and date, ranked with BM25 (titles weighted), and the hits are
//! grouped by story with highlighted snippets cut from the original text.

use std::collections::HashMap;
use std::ops::Bound;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term};

use crate::error::{IndexError, TantivyContext};
use crate::search_index::SearchIndex;

/// One search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub query: String,
    /// Only articles of this outlet.
    pub source: Option<String>,
    /// Only articles published at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only articles published at or before this time.
    pub to: Option<DateTime<Utc>>,
    /// Stories returned (clamped to the configured maximum).
    pub limit: usize,
    /// Cut highlighted snippets (costs a stored-document read per hit).
    pub snippets: bool,
}

/// A highlighted passage of an article's cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    /// The passage, verbatim from the article.
    pub fragment: String,
    /// Byte ranges of `fragment` that matched the query.
    pub highlighted: Vec<[usize; 2]>,
    /// `fragment` with HTML escaped and matches in `<b>`.
    pub html: String,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleHit {
    pub id: String,
    pub story: Option<String>,
    pub source: String,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    pub score: f32,
    pub snippet: Option<Snippet>,
}

/// The hits of one story, best first; the story scores as its best article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryHits {
    pub story: String,
    pub score: f32,
    /// Matching articles of this story among the top-scoring ones looked at;
    /// `articles` lists the best of them.
    pub matching_articles: usize,
    pub articles: Vec<ArticleHit>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Articles matching in total (before the story limit).
    pub total_articles: usize,
    /// Alias spellings added to the query, as analyzed terms.
    pub expanded_aliases: Vec<String>,
    pub stories: Vec<StoryHits>,
}

/// What cutting snippets for one query needs: tantivy's generator and the
/// query's terms in the text field (to tell a title-only match cheaply).
struct SnippetMaker {
    generator: SnippetGenerator,
    text_terms: Vec<Term>,
}

/// The top-scoring articles of a query, before anything is read about them.
struct RankedHits {
    query: Box<dyn Query>,
    top: Vec<(f32, DocAddress)>,
    /// Matching articles in total.
    total: usize,
    expanded_aliases: Vec<String>,
}

/// The first text value of `field` in a stored document.
fn first_text(document: &TantivyDocument, field: Field) -> Option<String> {
    document
        .get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

/// At most the first `max_bytes` of `text`, cut at a character boundary.
fn opening_of(text: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn html_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// One story's share of the ranked hits, before its articles are read.
struct StoryGroup {
    story: String,
    score: f32,
    matching_articles: usize,
    hits: Vec<(f32, DocAddress)>,
}

impl SearchIndex {
    /// The best articles for `request`, ranked, without grouping.
    pub fn search_articles(
        &self,
        request: &SearchRequest,
    ) -> Result<(Vec<ArticleHit>, usize, Vec<String>), IndexError> {
        let searcher = self.reader.searcher();
        let ranked = self.ranked_hits(&searcher, request)?;
        let snippet_maker = self.snippet_maker(&searcher, &ranked, request.snippets)?;
        let RankedHits {
            top,
            total,
            expanded_aliases,
            ..
        } = ranked;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            hits.push(self.article_hit(&searcher, address, score, snippet_maker.as_ref())?);
        }
        // Equal scores by article id, not by the index layout.
        hits.sort_by(|left, right| {
            right
                .score
                .total_cmp(&left.score)
                .then_with(|| left.id.cmp(&right.id))
        });
        Ok((hits, total, expanded_aliases))
    }

    /// Search grouped by story. `current_story` maps the story recorded at
    /// index time to the story it is now (stories merge as news arrives).
    ///
    /// Grouping reads each hit's story from the `story` fast field; only the
    /// articles that are returned are read from the document store, and only
    /// the best few of each story get a snippet.
    pub fn search(
        &self,
        request: &SearchRequest,
        current_story: &dyn Fn(&str) -> String,
    ) -> Result<SearchResults, IndexError> {
        let searcher = self.reader.searcher();
        let ranked = self.ranked_hits(&searcher, request)?;
        let limit = request
            .limit
            .clamp(1, self.config.max_stories_returned.max(1));
        let groups = self.group_by_story(&searcher, &ranked.top, limit, current_story)?;
        let snippet_maker = self.snippet_maker(
            &searcher,
            &ranked,
            request.snippets && self.config.snippets_per_story > 0,
        )?;
        let RankedHits {
            total: total_articles,
            expanded_aliases,
            ..
        } = ranked;
        let mut stories = Vec::with_capacity(groups.len());
        for group in groups {
            let hits = self.break_ties_by_article_id(&searcher, group.hits)?;
            let mut articles = Vec::with_capacity(hits.len());
            for (rank, (score, address)) in hits.into_iter().enumerate() {
                let maker = snippet_maker
                    .as_ref()
                    .filter(|_| rank < self.config.snippets_per_story);
                let mut hit = self.article_hit(&searcher, address, score, maker)?;
                hit.story = Some(group.story.clone());
                articles.push(hit);
            }
            stories.push(StoryHits {
                story: group.story,
                score: group.score,
                matching_articles: group.matching_articles,
                articles,
            });
        }
        Ok(SearchResults {
            query: request.query.clone(),
            total_articles,
            expanded_aliases,
            stories,
        })
    }

    /// Runs `request`: its best `max_articles_considered` articles and the
    /// count of all matches.
    fn ranked_hits(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> Result<RankedHits, IndexError> {
        let (query, expanded_aliases) = self.build_query(request)?;
        let top_docs =
            TopDocs::with_limit(self.config.max_articles_considered.max(1)).order_by_score();
        let (top, total) = searcher
            .search(&query, &(top_docs, Count))
            .context(|| format!("cannot run query `{}`", request.query))?;
        Ok(RankedHits {
            query,
            top,
            total,
            expanded_aliases,
        })
    }

    /// What snippets of a ranked query need, when snippets are wanted.
    fn snippet_maker(
        &self,
        searcher: &Searcher,
        ranked: &RankedHits,
        wanted: bool,
    ) -> Result<Option<SnippetMaker>, IndexError> {
        if !wanted {
            return Ok(None);
        }
        let mut generator = SnippetGenerator::create(searcher, &*ranked.query, self.fields.text)
            .context(|| "cannot prepare snippets".to_string())?;
        generator.set_max_num_chars(self.config.snippet_max_chars);
        let mut text_terms: Vec<Term> = Vec::new();
        ranked.query.query_terms(&mut |term, _| {
            if term.field() == self.fields.text && !text_terms.contains(term) {
                text_terms.push(term.clone());
            }
        });
        Ok(Some(SnippetMaker {
            generator,
            text_terms,
        }))
    }

    /// The first `limit` stories of the ranked hits, each with its best
    /// `max_articles_per_story` hits. A hit with no story is a story of its own.
    fn group_by_story(
        &self,
        searcher: &Searcher,
        ranked_hits: &[(f32, DocAddress)],
        limit: usize,
        current_story: &dyn Fn(&str) -> String,
    ) -> Result<Vec<StoryGroup>, IndexError> {
        let indexed_stories = self.indexed_stories(searcher, ranked_hits)?;
        let mut groups: Vec<StoryGroup> = Vec::new();
        let mut position_of_story: HashMap<String, usize> = HashMap::new();
        for (&(score, address), indexed_story) in ranked_hits.iter().zip(indexed_stories) {
            let story = match indexed_story {
                Some(indexed_story) => current_story(&indexed_story),
                None => {
                    let hit = self.article_hit(searcher, address, score, None)?;
                    format!("article:{}", hit.id)
                }
            };
            match position_of_story.get(&story) {
                Some(&position) => {
                    let group = &mut groups[position];
                    group.matching_articles += 1;
                    // Hits tied with the last kept one are kept too, so that
                    // the tie is broken by article id, not by index layout.
                    let is_full = group.hits.len() >= self.config.max_articles_per_story.max(1);
                    if !is_full || group.hits.last().is_some_and(|last| last.0 == score) {
                        group.hits.push((score, address));
                    }
                }
                None => {
                    position_of_story.insert(story.clone(), groups.len());
                    groups.push(StoryGroup {
                        story,
                        score,
                        matching_articles: 1,
                        hits: vec![(score, address)],
                    });
                }
            }
        }
        // Equal scores are ordered by story id: the order of tied documents
        // in the index (which a rebuild or another thread count changes)
        // must not change the answer.
        groups.sort_by(|left, right| {
            right
                .score
                .total_cmp(&left.score)
                .then_with(|| left.story.cmp(&right.story))
        });
        groups.truncate(limit);
        Ok(groups)
    }

    /// The parsed query with alias expansions and filters.
    fn build_query(
        &self,
        request: &SearchRequest,
    ) -> Result<(Box<dyn Query>, Vec<String>), IndexError> {
        let query_text = request.query.trim();
        if query_text.len() > self.config.max_query_bytes {
            return Err(IndexError::QueryTooLong {
                length: query_text.len(),
                limit: self.config.max_query_bytes,
            });
        }
        if query_text.is_empty() {
            return Err(IndexError::InvalidQuery("the query is empty".to_string()));
        }
        let fields = &self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![fields.title, fields.text]);
        parser.set_field_boost(fields.title, self.config.title_boost);
        let parsed = parser
            .parse_query(query_text)
            .map_err(|error| IndexError::InvalidQuery(error.to_string()))?;
        let mut query_terms: Vec<String> = Vec::new();
        parsed.query_terms(&mut |term, _| {
            if term.field() == fields.text {
                if let Some(text) = term.value().as_str() {
                    if !query_terms.iter().any(|known| known == text) {
                        query_terms.push(text.to_string());
                    }
                }
            }
        });
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, parsed)];
        let mut expanded_aliases = Vec::new();
        if let Ok(aliases) = self.aliases.read() {
            for term in &query_terms {
                for alternative in aliases
                    .alternatives(term)
                    .take(self.config.max_alias_expansions_per_term)
                {
                    expanded_aliases.push(alternative.join(" "));
                    clauses.push((Occur::Should, self.alias_query(alternative)));
                }
            }
        }
        let text_query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        let mut filtered: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        if let Some(source) = &request.source {
            filtered.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.source, source),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if request.from.is_some() || request.to.is_some() {
            let bound = |date: Option<DateTime<Utc>>| match date {
                Some(date) => {
                    Bound::Included(Term::from_field_i64(fields.published, date.timestamp()))
                }
                None => Bound::Unbounded,
            };
            filtered.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(request.from), bound(request.to))),
            ));
        }
        Ok((Box::new(BooleanQuery::new(filtered)), expanded_aliases))
    }

    /// Matches one alias spelling in the title or the text.
    fn alias_query(&self, terms: &[String]) -> Box<dyn Query> {
        let fields = &self.fields;
        let field_query = |field| -> Box<dyn Query> {
            if terms.len() == 1 {
                return Box::new(TermQuery::new(
                    Term::from_field_text(field, &terms[0]),
                    IndexRecordOption::WithFreqs,
                ));
            }
            Box::new(PhraseQuery::new(
                terms
                    .iter()
                    .map(|term| Term::from_field_text(field, term))
                    .collect(),
            ))
        };
        let either_field = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    field_query(fields.title),
                    self.config.title_boost,
                )) as Box<dyn Query>,
            ),
            (Occur::Should, field_query(fields.text)),
        ]);
        Box::new(BoostQuery::new(
            Box::new(either_field),
            self.config.alias_boost,
        ))
    }

    /// The story each hit was indexed under, read from the `story` fast
    /// field: the distinct term ordinals of each segment are sorted and
    /// resolved in one pass over the dictionary.
    fn indexed_stories(
        &self,
        searcher: &Searcher,
        hits: &[(f32, DocAddress)],
    ) -> Result<Vec<Option<String>>, IndexError> {
        let mut columns: HashMap<u32, Option<StrColumn>> = HashMap::new();
        let mut ordinals_of_hits: Vec<Option<(u32, u64)>> = Vec::with_capacity(hits.len());
        let mut ordinals_of_segment: HashMap<u32, Vec<u64>> = HashMap::new();
        for &(_, address) in hits {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => entry.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .str("story")
                        .context(|| "cannot open the story column".to_string())?,
                ),
            };
            let ordinal = column
                .as_ref()
                .and_then(|column| column.term_ords(address.doc_id).next());
            ordinals_of_hits.push(ordinal.map(|ordinal| (address.segment_ord, ordinal)));
            if let Some(ordinal) = ordinal {
                ordinals_of_segment
                    .entry(address.segment_ord)
                    .or_default()
                    .push(ordinal);
            }
        }
        let mut story_of_ordinal: HashMap<(u32, u64), String> = HashMap::new();
        for (segment, mut ordinals) in ordinals_of_segment {
            let Some(Some(column)) = columns.get(&segment) else {
                continue;
            };
            ordinals.sort_unstable();
            ordinals.dedup();
            let mut resolved = ordinals.iter();
            column
                .dictionary()
                .sorted_ords_to_term_cb(&ordinals, |bytes| {
                    if let Some(&ordinal) = resolved.next() {
                        story_of_ordinal.insert(
                            (segment, ordinal),
                            String::from_utf8_lossy(bytes).into_owned(),
                        );
                    }
                })
                .map_err(|source| IndexError::Io {
                    context: "cannot read story ids".to_string(),
                    source,
                })?;
        }
        Ok(ordinals_of_hits
            .into_iter()
            .map(|key| key.and_then(|key| story_of_ordinal.get(&key).cloned()))
            .collect())
    }

    /// A group's hits (best first) cut to `max_articles_per_story`, equal
    /// scores ordered by article id (see `group_by_story`). The ids are read
    /// only when two hits tie.
    fn break_ties_by_article_id(
        &self,
        searcher: &Searcher,
        mut hits: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let kept = self.config.max_articles_per_story.max(1);
        let has_ties = hits.windows(2).any(|pair| pair[0].0 == pair[1].0);
        if has_ties {
            let mut with_ids = Vec::with_capacity(hits.len());
            for (score, address) in hits {
                let document: TantivyDocument = searcher
                    .doc(address)
                    .context(|| "cannot read an indexed article".to_string())?;
                let id = first_text(&document, self.fields.id).unwrap_or_default();
                with_ids.push((score, id, address));
            }
            with_ids.sort_by(|left, right| {
                right
                    .0
                    .total_cmp(&left.0)
                    .then_with(|| left.1.cmp(&right.1))
            });
            hits = with_ids
                .into_iter()
                .map(|(score, _, address)| (score, address))
                .collect();
        }
        hits.truncate(kept);
        Ok(hits)
    }

    fn article_hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        snippet_maker: Option<&SnippetMaker>,
    ) -> Result<ArticleHit, IndexError> {
        let fields = &self.fields;
        let document: TantivyDocument = searcher
            .doc(address)
            .context(|| "cannot read an indexed article".to_string())?;
        let text_of = |field| first_text(&document, field);
        let snippet = snippet_maker.map(|maker| {
            let text = text_of(fields.text).unwrap_or_default();
            self.bounded_snippet(searcher, address, maker, &text)
        });
        Ok(ArticleHit {
            id: text_of(fields.id).unwrap_or_default(),
            story: text_of(fields.story),
            source: text_of(fields.source).unwrap_or_default(),
            published: document
                .get_first(fields.published)
                .and_then(|value| value.as_i64())
                .and_then(|seconds| DateTime::from_timestamp(seconds, 0)),
            title: text_of(fields.title),
            score,
            snippet,
        })
    }

    /// The snippet of `text`, looked for first in its opening
    /// `snippet_scan_bytes` (analyzing a long article again is the costly
    /// part of a search), then in the rest when the index says the text
    /// holds a query term. When only the title matches, the snippet is the
    /// opening itself, without highlights.
    fn bounded_snippet(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        maker: &SnippetMaker,
        text: &str,
    ) -> Snippet {
        let opening = opening_of(text, self.config.snippet_scan_bytes);
        let mut snippet = maker.generator.snippet(opening);
        if snippet.fragment().is_empty()
            && opening.len() < text.len()
            && self.text_has_any_term(searcher, address, &maker.text_terms)
        {
            snippet = maker.generator.snippet(text);
        }
        if snippet.fragment().is_empty() {
            let lead_end = opening
                .char_indices()
                .nth(self.config.snippet_max_chars)
                .map_or(opening.len(), |(index, _)| index);
            let lead = &opening[..lead_end];
            return Snippet {
                fragment: lead.to_string(),
                highlighted: Vec::new(),
                html: html_escape(lead),
            };
        }
        Snippet {
            fragment: snippet.fragment().to_string(),
            highlighted: snippet
                .highlighted()
                .iter()
                .map(|range| [range.start, range.end])
                .collect(),
            html: snippet.to_html(),
        }
    }

    /// Whether the article's text (not only its title) holds one of `terms`,
    /// from the postings; when the postings cannot be read, assumes it does.
    fn text_has_any_term(&self, searcher: &Searcher, address: DocAddress, terms: &[Term]) -> bool {
        let Ok(inverted_index) = searcher
            .segment_reader(address.segment_ord)
            .inverted_index(self.fields.text)
        else {
            return true;
        };
        for term in terms {
            match inverted_index.read_postings(term, IndexRecordOption::Basic) {
                Ok(Some(mut postings)) => {
                    if postings.seek(address.doc_id) == address.doc_id {
                        return true;
                    }
                }
                Ok(None) => {}
                Err(_) => return true,
            }
        }
        false
    }

    /// Ids of every article of one outlet (for story listings filtered by
    /// outlet), with the story each was indexed under.
    pub fn articles_of_source(
        &self,
        source: &str,
    ) -> Result<Vec<(String, Option<String>)>, IndexError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.source, source),
            IndexRecordOption::Basic,
        );
        let addresses = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .context(|| format!("cannot list articles of {source}"))?;
        let mut articles = Vec::with_capacity(addresses.len());
        for address in addresses {
            let document: TantivyDocument = searcher
                .doc(address)
                .context(|| "cannot read an indexed article".to_string())?;
            let text_of = |field| first_text(&document, field);
            articles.push((
                text_of(self.fields.id).unwrap_or_default(),
                text_of(self.fields.story),
            ));
        }
        Ok(articles)
    }
}
