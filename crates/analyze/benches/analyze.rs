//! Criterion benchmark of normalize + tokenize + stem on Arabic news text.
//!
//! Uses the first articles of `../shared/data/saudinewsnet.jsonl.gz` when it is
//! present, else a built-in paragraph, so the bench always runs.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_analyze::{
    tokenizer::for_each_span, Analyzer, AnalyzerConfig, Language, Normalizer, NormalizerConfig,
    StemmerKind, TokenizerKind,
};

const SAMPLE_ARTICLES: usize = 500;

const FALLBACK_TEXT: &str = "أكد وزير الخارجية الروسي سيرغي لافروف، خلال اجتماع مجلس روسيا – الناتو \
في جزيرة كورفو اليونانية يوم ٢٧ حزيران/يونيو ٢٠٠٩، أن العلاقات بين الجانبين تمرّ بمرحلة صعبة، \
مشيراً إلى أنّ الدرع الصاروخية الأمريكية وجورجيا وأوسيتيا الجنوبية لا تزال قضايا خلافية. \
انسخ الرابطhttps://arabic.rt.com/news/31106/";

fn sample_text() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/saudinewsnet.jsonl.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("SKIPPED: ../shared not found, benchmarking a built-in paragraph");
        return FALLBACK_TEXT.repeat(200);
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut text = String::new();
    for line in reader.lines().take(SAMPLE_ARTICLES).map_while(Result::ok) {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        for field in ["title", "text"] {
            if let Some(value) = record.get(field).and_then(|value| value.as_str()) {
                text.push_str(value);
                text.push('\n');
            }
        }
    }
    text
}

fn bench_analysis(criterion: &mut Criterion) {
    let text = sample_text();
    let mut group = criterion.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(text.len() as u64));

    group.bench_function("tokenize", |bencher| {
        bencher.iter(|| {
            let mut count = 0usize;
            for_each_span(&text, TokenizerKind::Standard, |_| count += 1);
            count
        })
    });

    let normalizer = Normalizer::new(NormalizerConfig::khabar());
    group.bench_function("tokenize_normalize", |bencher| {
        let mut term = String::new();
        bencher.iter(|| {
            let mut bytes = 0usize;
            for_each_span(&text, TokenizerKind::Standard, |span| {
                term.clear();
                normalizer.normalize_into(&text[span.start..span.end], &mut term);
                bytes += term.len();
            });
            bytes
        })
    });

    for (name, stemmer) in [
        ("full_light10", StemmerKind::Light10),
        ("full_snowball", StemmerKind::Snowball),
    ] {
        let mut analyzer = Analyzer::new(AnalyzerConfig {
            stemmer,
            ..AnalyzerConfig::default()
        });
        group.bench_function(name, |bencher| {
            bencher.iter(|| {
                let mut bytes = 0usize;
                analyzer.for_each_term(&text, Language::Arabic, |term, _| bytes += term.len());
                bytes
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
