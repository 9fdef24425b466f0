//! Lucene's own unit tests for `ArabicNormalizer` and `ArabicStemmer`
//! (TestArabicNormalizationFilter, TestArabicStemFilter; Apache-2.0), embedded
//! as vectors: input, expected output, Lucene test name.

use khabar_analyze::{
    analyze_line, AnalyzerConfig, LanguageChoice, NormalizerConfig, StemmerKind, TokenizerKind,
};

const NORMALIZATION_VECTORS: [(&str, &str, &str); 14] = [
    ("آجن", "اجن", "testAlifMadda"),
    ("أحمد", "احمد", "testAlifHamzaAbove"),
    ("إعاذ", "اعاذ", "testAlifHamzaBelow"),
    ("بنى", "بني", "testAlifMaksura"),
    ("فاطمة", "فاطمه", "testTehMarbuta"),
    ("روبرـــــت", "روبرت", "testTatweel"),
    ("مَبنا", "مبنا", "testFatha"),
    ("علِي", "علي", "testKasra"),
    ("بُوات", "بوات", "testDamma"),
    ("ولداً", "ولدا", "testFathatan"),
    ("ولدٍ", "ولد", "testKasratan"),
    ("ولدٌ", "ولد", "testDammatan"),
    ("نلْسون", "نلسون", "testSukun"),
    ("هتميّ", "هتمي", "testShaddah"),
];

const STEM_VECTORS: [(&str, &str, &str); 21] = [
    ("الحسن", "حسن", "testAlPrefix"),
    ("والحسن", "حسن", "testWalPrefix"),
    ("بالحسن", "حسن", "testBalPrefix"),
    ("كالحسن", "حسن", "testKalPrefix"),
    ("فالحسن", "حسن", "testFalPrefix"),
    ("للاخر", "اخر", "testLlPrefix"),
    ("وحسن", "حسن", "testWaPrefix"),
    ("زوجها", "زوج", "testAhSuffix"),
    ("ساهدان", "ساهد", "testAnSuffix"),
    ("ساهدات", "ساهد", "testAtSuffix"),
    ("ساهدون", "ساهد", "testWnSuffix"),
    ("ساهدين", "ساهد", "testYnSuffix"),
    ("ساهديه", "ساهد", "testYhSuffix"),
    ("ساهدية", "ساهد", "testYpSuffix"),
    ("ساهده", "ساهد", "testHSuffix"),
    ("ساهدة", "ساهد", "testPSuffix"),
    ("ساهدي", "ساهد", "testYSuffix"),
    ("وساهدون", "ساهد", "testComboPrefSuf"),
    ("ساهدهات", "ساهد", "testComboSuf"),
    ("الو", "الو", "testShouldntStem"),
    ("English", "English", "testNonArabic"),
];

fn lucene_keyword_config(stemmer: StemmerKind) -> AnalyzerConfig {
    AnalyzerConfig {
        tokenizer: TokenizerKind::Keyword,
        normalizer: NormalizerConfig::lucene(),
        stemmer,
        remove_stopwords: false,
        ..AnalyzerConfig::default()
    }
}

#[test]
fn lucene_normalization_vectors() {
    let config = lucene_keyword_config(StemmerKind::None);
    for (input, expected, lucene_test) in NORMALIZATION_VECTORS {
        assert_eq!(
            analyze_line(input, LanguageChoice::Auto, &config),
            expected,
            "{lucene_test}"
        );
        // Khabar's normalizer includes Lucene's rules.
        let khabar = khabar_analyze::normalize(input, &NormalizerConfig::khabar());
        assert_eq!(khabar, expected, "{lucene_test} with the khabar normalizer");
    }
}

#[test]
fn lucene_stem_vectors() {
    // Lucene's stem filter tests run the stemmer on the token as given.
    for (input, expected, lucene_test) in STEM_VECTORS {
        assert_eq!(
            khabar_analyze::stem_light10(input),
            expected,
            "{lucene_test}"
        );
    }
    // The whole Lucene chain (normalize, then stem) agrees on these inputs:
    // normalization only folds ة into ه, and both are stripped as suffixes.
    let config = lucene_keyword_config(StemmerKind::Light10);
    for (input, expected, lucene_test) in STEM_VECTORS {
        assert_eq!(
            analyze_line(input, LanguageChoice::Auto, &config),
            expected,
            "{lucene_test}"
        );
    }
}
