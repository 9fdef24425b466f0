//! Fuzz target: no input may make the analyzer panic, and every token it
//! returns must slice the input on char boundaries, in increasing order.
//!
//! Run with `cargo +nightly fuzz run analyze` from this directory.

#![no_main]

use khabar_analyze::{
    analyze, detect_language, normalize, AnalyzerConfig, Language, NormalizerConfig, StemmerKind,
    TokenizerKind,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the configuration, so one corpus covers them all.
    let selector = data.first().copied().unwrap_or(0);
    let stemmer = match selector % 3 {
        0 => StemmerKind::Light10,
        1 => StemmerKind::Snowball,
        _ => StemmerKind::None,
    };
    let normalizer = match (selector / 3) % 3 {
        0 => NormalizerConfig::khabar(),
        1 => NormalizerConfig::lucene(),
        _ => NormalizerConfig::none(),
    };
    let tokenizer = if selector & 0x80 == 0 {
        TokenizerKind::Standard
    } else {
        TokenizerKind::Keyword
    };
    let config = AnalyzerConfig {
        tokenizer,
        normalizer,
        stemmer,
        remove_stopwords: selector & 0x40 == 0,
        ..AnalyzerConfig::default()
    };
    let language = match detect_language(text) {
        Language::Unknown => Language::English,
        detected => detected,
    };
    let mut previous_end = 0;
    for token in analyze(text, language, &config) {
        assert!(token.start >= previous_end && token.start < token.end);
        assert!(text.get(token.start..token.end).is_some());
        assert!(!token.term.is_empty());
        previous_end = token.end;
    }
    let once = normalize(text, &normalizer);
    assert_eq!(
        normalize(&once, &normalizer),
        once,
        "normalization is idempotent"
    );
});
