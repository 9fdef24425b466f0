//! Who published what, and when: outlets with their article and copy counts,
//! the articles in time order, first and last seen. Copies are listed (they
//! show how far a story travelled) but marked as such.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::article::StoryArticle;

/// One outlet's part in the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCoverage {
    /// The outlet, or the article id for an article without a source.
    pub source: String,
    /// Its articles that are not copies.
    pub articles: usize,
    /// Its articles that copy another article of the story.
    pub copies: usize,
}

/// One article in the story's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: String,
    pub source: String,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Set when the article is a copy of another.
    pub copy_of: Option<String>,
}

pub(crate) struct Timeline {
    pub(crate) sources: Vec<SourceCoverage>,
    pub(crate) entries: Vec<TimelineEntry>,
    pub(crate) first_seen: Option<DateTime<Utc>>,
    pub(crate) last_seen: Option<DateTime<Utc>>,
}

/// `original_of[i]` is the index of the article whose text article `i`
/// carries (itself when it is not a copy).
pub(crate) fn build_timeline(articles: &[StoryArticle], original_of: &[usize]) -> Timeline {
    let mut sources: Vec<SourceCoverage> = Vec::new();
    let mut entries: Vec<TimelineEntry> = Vec::with_capacity(articles.len());
    for (index, article) in articles.iter().enumerate() {
        let outlet = article.outlet();
        let copy_of = original_of
            .get(index)
            .filter(|&&original| original != index)
            .and_then(|&original| articles.get(original))
            .map(|original| original.id.as_str());
        let position = match sources.iter().position(|source| source.source == outlet) {
            Some(position) => position,
            None => {
                sources.push(SourceCoverage {
                    source: outlet.to_string(),
                    articles: 0,
                    copies: 0,
                });
                sources.len() - 1
            }
        };
        if copy_of.is_some() {
            sources[position].copies += 1;
        } else {
            sources[position].articles += 1;
        }
        entries.push(TimelineEntry {
            id: article.id.clone(),
            source: outlet.to_string(),
            published: article.published,
            title: article.usable_title().map(str::to_string),
            url: article.url.clone(),
            copy_of: copy_of.map(str::to_string),
        });
    }
    sources.sort_by(|left, right| {
        (right.articles + right.copies)
            .cmp(&(left.articles + left.copies))
            .then_with(|| right.articles.cmp(&left.articles))
            .then_with(|| left.source.cmp(&right.source))
    });
    entries.sort_by(|left, right| {
        left.published
            .is_none()
            .cmp(&right.published.is_none())
            .then_with(|| left.published.cmp(&right.published))
            .then_with(|| left.id.cmp(&right.id))
    });
    let first_seen = articles
        .iter()
        .filter_map(|article| article.published)
        .min();
    let last_seen = articles
        .iter()
        .filter_map(|article| article.published)
        .max();
    Timeline {
        sources,
        entries,
        first_seen,
        last_seen,
    }
}
