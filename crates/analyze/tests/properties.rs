//! Properties that must hold on any input: normalization is idempotent, token
//! offsets slice the original text, nothing panics.

use khabar_analyze::{
    analyze, normalize, tokenize, AnalyzerConfig, Language, NormalizerConfig, StemmerKind,
    TokenizerKind,
};
use proptest::prelude::*;

/// Strings biased towards the characters the analyzer treats specially:
/// Arabic letters, harakat, tatweel, digits of three scripts, presentation
/// forms, zero-width and bidi controls, separators that join numbers and words.
fn arabic_news_like_text() -> impl Strategy<Value = String> {
    let interesting = prop_oneof![
        proptest::char::range('\u{0600}', '\u{06FF}'),
        proptest::char::range('\u{FB50}', '\u{FDFF}'),
        proptest::char::range('\u{FE70}', '\u{FEFF}'),
        proptest::char::range('\u{0750}', '\u{08FF}'),
        proptest::char::range('\u{2000}', '\u{206F}'),
        proptest::char::range('a', 'z'),
        proptest::char::range('A', 'Z'),
        proptest::char::range('0', '9'),
        proptest::sample::select(vec![
            ' ', '.', ',', '\'', '’', '\n', '/', ':', '-', 'İ', 'ß', 'ﬁ'
        ]),
        any::<char>(),
    ];
    proptest::collection::vec(interesting, 0..40)
        .prop_map(|characters| characters.into_iter().collect())
}

fn every_normalizer() -> [NormalizerConfig; 3] {
    [
        NormalizerConfig::khabar(),
        NormalizerConfig::lucene(),
        NormalizerConfig::none(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalization_is_idempotent(text in arabic_news_like_text()) {
        for config in every_normalizer() {
            let once = normalize(&text, &config);
            let twice = normalize(&once, &config);
            prop_assert_eq!(&once, &twice, "config {:?}", config);
        }
    }

    #[test]
    fn token_spans_slice_the_original_in_order(text in arabic_news_like_text()) {
        for kind in [TokenizerKind::Standard, TokenizerKind::Keyword] {
            let spans = tokenize(&text, kind);
            let mut previous_end = 0;
            for span in spans {
                prop_assert!(span.start < span.end, "empty span {:?}", span);
                prop_assert!(span.start >= previous_end, "overlapping span {:?}", span);
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(text.get(span.start..span.end).is_some());
                previous_end = span.end;
            }
        }
    }

    #[test]
    fn analysis_never_panics_and_tokens_point_into_the_text(text in arabic_news_like_text()) {
        for stemmer in [StemmerKind::Light10, StemmerKind::Snowball, StemmerKind::None] {
            for language in [Language::Arabic, Language::English, Language::Unknown] {
                let config = AnalyzerConfig { stemmer, ..AnalyzerConfig::default() };
                let tokens = analyze(&text, language, &config);
                let mut previous_end = 0;
                for token in tokens {
                    prop_assert!(!token.term.is_empty());
                    prop_assert!(token.start >= previous_end && token.start < token.end);
                    prop_assert!(text.get(token.start..token.end).is_some());
                    previous_end = token.end;
                }
            }
        }
    }

    #[test]
    fn any_unicode_string_is_safe(text in any::<String>()) {
        let _ = analyze(&text, Language::Arabic, &AnalyzerConfig::default());
        let _ = khabar_analyze::detect_language(&text);
        let keyword = AnalyzerConfig { tokenizer: TokenizerKind::Keyword, ..AnalyzerConfig::default() };
        let _ = analyze(&text, Language::Unknown, &keyword);
    }
}

#[test]
fn tokens_of_the_seed_headline_slice_the_original() {
    let text = "انسخ الرابطhttps://arabic.rt.com/news/31106/ لافروف: روسيا والناتو يتفقان";
    let tokens = analyze(text, Language::Arabic, &AnalyzerConfig::default());
    let surfaces: Vec<&str> = tokens
        .iter()
        .map(|token| &text[token.start..token.end])
        .collect();
    assert_eq!(
        surfaces,
        [
            "انسخ",
            "الرابط",
            "https",
            "arabic.rt.com",
            "news",
            "31106",
            "لافروف",
            "روسيا",
            "والناتو",
            "يتفقان"
        ]
    );
}
