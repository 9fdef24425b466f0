//! Plain-text articles in the seeds' shape: an optional headline line, an
//! optional line carrying the article URL (often glued to a widget label), then
//! the body.

use khabar_core::{InputFormat, Provenance, RawArticle};

use crate::source_name::{find_url, source_from_url};

/// Limits of what still reads as a headline rather than a paragraph.
const HEADLINE_MAX_CHARS: usize = 200;
const HEADLINE_MAX_WORDS: usize = 30;
/// A URL line may carry a short widget label such as «انسخ الرابط»; a longer
/// remainder means the URL sits inside a sentence and is content.
const URL_LINE_MAX_LABEL_CHARS: usize = 40;

const SENTENCE_FINAL_PUNCTUATION: [char; 8] = ['.', '!', '?', '؟', '…', '۔', ':', '؛'];

/// The parts of a text article before it becomes a [`RawArticle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArticleParts {
    pub title: Option<String>,
    pub url: Option<String>,
    pub body: String,
}

/// Splits a text article into headline, URL and body. The URL line stays in the
/// body: removing it is the clean stage's decision, and it records why.
pub fn split_text_article(text: &str) -> TextArticleParts {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let first_content_index = lines.iter().position(|line| !line.trim().is_empty());
    let mut body_start = first_content_index.unwrap_or(lines.len());
    let mut title = None;
    if let Some(first_index) = first_content_index {
        let candidate = lines[first_index].trim();
        let followed_by_blank = lines
            .get(first_index + 1)
            .map(|next| next.trim().is_empty())
            .unwrap_or(false);
        if followed_by_blank && looks_like_headline(candidate) {
            title = Some(candidate.to_string());
            body_start = first_index + 1;
        }
    }
    let url = lines[body_start..]
        .iter()
        .find_map(|line| url_of_link_line(line));
    let body = lines[body_start..]
        .iter()
        .skip_while(|line| line.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string();
    TextArticleParts { title, url, body }
}

/// Short, no sentence-final punctuation, and not itself a link.
pub fn looks_like_headline(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() || find_url(trimmed).is_some() {
        return false;
    }
    if trimmed.chars().count() > HEADLINE_MAX_CHARS {
        return false;
    }
    if trimmed.split_whitespace().count() > HEADLINE_MAX_WORDS {
        return false;
    }
    let last_character = trimmed.chars().last().unwrap_or(' ');
    !SENTENCE_FINAL_PUNCTUATION.contains(&last_character)
}

/// The URL of a line that is a link with at most a short label around it.
fn url_of_link_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let range = find_url(trimmed)?;
    let label_chars = trimmed[..range.start].chars().count() + trimmed[range.end..].chars().count();
    if label_chars > URL_LINE_MAX_LABEL_CHARS {
        return None;
    }
    Some(trimmed[range].to_string())
}

/// Builds the article from a text file's bytes; the caller has already checked
/// that they are UTF-8 text.
pub fn text_article(
    id: String,
    text: &str,
    original: Vec<u8>,
    provenance: Provenance,
) -> RawArticle {
    let parts = split_text_article(text);
    let source = parts.url.as_deref().and_then(source_from_url);
    RawArticle {
        id,
        source,
        url: parts.url,
        published: None,
        title: parts.title,
        body: parts.body,
        metadata: serde_json::Map::new(),
        provenance,
        format: InputFormat::Text,
        original,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_then_widget_url_then_body() {
        let text = "عنوان الخبر هنا\n\nانسخ الرابطhttps://example.com/news/1/\n\nفقرة أولى طويلة.\nفقرة ثانية.\n";
        let parts = split_text_article(text);
        assert_eq!(parts.title.as_deref(), Some("عنوان الخبر هنا"));
        assert_eq!(parts.url.as_deref(), Some("https://example.com/news/1/"));
        assert!(parts.body.starts_with("انسخ الرابط"));
        assert!(parts.body.ends_with("فقرة ثانية."));
    }

    #[test]
    fn a_sentence_is_not_a_headline() {
        let text = "استأنف الحلف وروسيا التعاون بينهما.\nوجاء الاتفاق بعد تصريح.\n";
        let parts = split_text_article(text);
        assert_eq!(parts.title, None);
        assert_eq!(parts.url, None);
        assert!(parts.body.starts_with("استأنف"));
    }

    #[test]
    fn a_short_line_without_a_blank_after_it_is_body() {
        let parts = split_text_article("سطر قصير\nثم سطر آخر مباشرة\n");
        assert_eq!(parts.title, None);
        assert_eq!(parts.body, "سطر قصير\nثم سطر آخر مباشرة");
    }

    #[test]
    fn a_url_inside_a_sentence_is_content_not_metadata() {
        let text = "وقالت الوزارة في بيان نشرته على موقعها الرسمي http://gov.example/x إن الاجتماع سيعقد غدا في العاصمة.\n";
        assert_eq!(split_text_article(text).url, None);
    }

    #[test]
    fn empty_text_gives_empty_parts() {
        let parts = split_text_article("\n\n");
        assert_eq!(
            parts,
            TextArticleParts {
                title: None,
                url: None,
                body: String::new()
            }
        );
    }
}
