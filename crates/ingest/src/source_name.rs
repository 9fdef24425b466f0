//! The outlet name derived from an article URL.

/// The host of `url`, lowercased, without a leading `www.`; `None` when the URL
/// does not parse or has no host. `https://www.alarabiya.net/x` gives `alarabiya.net`.
pub fn source_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_lowercase();
    let without_www = host.strip_prefix("www.").unwrap_or(&host);
    if without_www.is_empty() {
        return None;
    }
    Some(without_www.to_string())
}

/// Finds the first `http://` or `https://` URL inside `line`, even when a label is
/// glued to it (`انسخ الرابطhttps://…`). Returns the byte range of the URL.
pub fn find_url(line: &str) -> Option<std::ops::Range<usize>> {
    let start = [line.find("https://"), line.find("http://")]
        .into_iter()
        .flatten()
        .min()?;
    let rest = &line[start..];
    let length = rest
        .char_indices()
        .find(|(_, character)| {
            character.is_whitespace() || matches!(character, '"' | '<' | '>' | '«' | '»')
        })
        .map(|(index, _)| index)
        .unwrap_or(rest.len());
    let url_text = rest[..length].trim_end_matches(['.', ',', ')', '،', '؛']);
    if url_text.len() <= "https://".len() {
        return None;
    }
    Some(start..start + url_text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_lowercased_and_loses_www() {
        assert_eq!(
            source_from_url("https://WWW.AlArabiya.net/ar/x").as_deref(),
            Some("alarabiya.net")
        );
        assert_eq!(
            source_from_url("https://arabic.rt.com/news/31106/").as_deref(),
            Some("arabic.rt.com")
        );
        assert_eq!(source_from_url("not a url"), None);
    }

    #[test]
    fn url_glued_to_an_arabic_label_is_found() {
        let line = "انسخ الرابطhttps://arabic.rt.com/news/31106/";
        let range = find_url(line).unwrap();
        assert_eq!(&line[range], "https://arabic.rt.com/news/31106/");
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_url() {
        let line = "see http://example.com/a.";
        let range = find_url(line).unwrap();
        assert_eq!(&line[range], "http://example.com/a");
        assert!(find_url("no link here").is_none());
        assert!(find_url("https://").is_none());
    }
}
