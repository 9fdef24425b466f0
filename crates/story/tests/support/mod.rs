//! Helpers shared by the story tests.

use khabar_story::StoryArticle;

/// An undated article with a source and a title (the tests' fictional
/// articles).
pub fn article(id: &str, source: &str, title: &str, text: &str) -> StoryArticle {
    StoryArticle {
        id: id.to_string(),
        source: Some(source.to_string()),
        url: None,
        published: None,
        title: Some(title.to_string()),
        text: text.to_string(),
        duplicate_of: None,
    }
}
