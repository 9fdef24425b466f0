//! What the story stage needs to know about each article of one story.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One article of a story, cleaned. Copies (articles the dedup stage found to
/// repeat another) are included and flagged with `duplicate_of`, so the card
/// can show them as copies and count their text once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryArticle {
    pub id: String,
    /// The outlet. Missing or blank sources are shown under the article id
    /// (see [`StoryArticle::outlet`]).
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    /// The cleaned text.
    pub text: String,
    /// Id of the article this one is a copy of, when it is one.
    pub duplicate_of: Option<String>,
}

impl StoryArticle {
    /// The outlet name shown on the card: the source, or, when the article
    /// has none, its id. The id is stable (a file name or record id), unique,
    /// and lets a reader find the article again, so an anonymous article is
    /// one outlet of its own and is never merged with another anonymous one.
    pub fn outlet(&self) -> &str {
        match self.source.as_deref().map(str::trim) {
            Some(source) if !source.is_empty() => source,
            _ => self.id.as_str(),
        }
    }

    /// The title when it has any non-blank text.
    pub fn usable_title(&self) -> Option<&str> {
        self.title
            .as_deref()
            .map(str::trim)
            .filter(|title| !title.is_empty())
    }
}
