//! Searching: the query is parsed with the same analyzer as the index (a
//! syntax error is the caller's fault), expanded with entity aliases, filtered
//! by outlet and date, ranked with BM25 (titles weighted), and the hits are
//! grouped by story with highlighted snippets cut from the original text.

use std::collections::HashMap;
use std::ops::Bound;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

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

impl SearchIndex {
    /// The best articles for `request`, ranked, without grouping.
    pub fn search_articles(
        &self,
        request: &SearchRequest,
    ) -> Result<(Vec<ArticleHit>, usize, Vec<String>), IndexError> {
        let searcher = self.reader.searcher();
        let (query, expanded_aliases) = self.build_query(request)?;
        let top_docs =
            TopDocs::with_limit(self.config.max_articles_considered.max(1)).order_by_score();
        let (top, total) = searcher
            .search(&query, &(top_docs, Count))
            .context(|| format!("cannot run query `{}`", request.query))?;
        let snippet_generator = if request.snippets {
            let mut generator = SnippetGenerator::create(&searcher, &*query, self.fields.text)
                .context(|| "cannot prepare snippets".to_string())?;
            generator.set_max_num_chars(self.config.snippet_max_chars);
            Some(generator)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            hits.push(self.article_hit(&searcher, address, score, snippet_generator.as_ref())?);
        }
        Ok((hits, total, expanded_aliases))
    }

    /// Search grouped by story. `current_story` maps the story recorded at
    /// index time to the story it is now (stories merge as news arrives).
    pub fn search(
        &self,
        request: &SearchRequest,
        current_story: &dyn Fn(&str) -> String,
    ) -> Result<SearchResults, IndexError> {
        let (hits, total_articles, expanded_aliases) = self.search_articles(request)?;
        let limit = request
            .limit
            .clamp(1, self.config.max_stories_returned.max(1));
        let mut stories: Vec<StoryHits> = Vec::new();
        let mut position_of_story: HashMap<String, usize> = HashMap::new();
        for mut hit in hits {
            let story = match &hit.story {
                Some(indexed_story) => current_story(indexed_story),
                None => format!("article:{}", hit.id),
            };
            hit.story = Some(story.clone());
            match position_of_story.get(&story) {
                Some(&position) => stories[position].articles.push(hit),
                None => {
                    if stories.len() >= limit {
                        continue;
                    }
                    position_of_story.insert(story.clone(), stories.len());
                    stories.push(StoryHits {
                        story,
                        score: hit.score,
                        articles: vec![hit],
                    });
                }
            }
        }
        Ok(SearchResults {
            query: request.query.clone(),
            total_articles,
            expanded_aliases,
            stories,
        })
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

    fn article_hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        snippet_generator: Option<&SnippetGenerator>,
    ) -> Result<ArticleHit, IndexError> {
        let fields = &self.fields;
        let document: TantivyDocument = searcher
            .doc(address)
            .context(|| "cannot read an indexed article".to_string())?;
        let text_of = |field| {
            document
                .get_first(field)
                .and_then(|value| value.as_str())
                .map(str::to_string)
        };
        let snippet = snippet_generator.map(|generator| {
            let snippet = generator.snippet_from_doc(&document);
            Snippet {
                fragment: snippet.fragment().to_string(),
                highlighted: snippet
                    .highlighted()
                    .iter()
                    .map(|range| [range.start, range.end])
                    .collect(),
                html: snippet.to_html(),
            }
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
            let text_of = |field| {
                document
                    .get_first(field)
                    .and_then(|value| value.as_str())
                    .map(str::to_string)
            };
            articles.push((
                text_of(self.fields.id).unwrap_or_default(),
                text_of(self.fields.story),
            ));
        }
        Ok(articles)
    }
}
