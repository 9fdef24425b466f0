//! Builds story cards for the ANT multi-source corpus and prints 20 random
//! multi-outlet cards for a human audit, plus the time to build every card.
//!
//! Stories are grouped here in a deliberately simple way that does not depend
//! on the clusterer: two articles are one story when they were published
//! within `--window-days` (2) of each other and the cosine of their title +
//! outlet-lead tf·idf vectors is at least `--threshold` (0.5); groups are the
//! connected components. Candidate pairs come from shared rare title terms.
//! Exact copies (same whitespace-collapsed text) are passed as copies.
//!
//! With `--stories-from FILE` the grouping is not made here but read: FILE is
//! a gzipped JSON-lines export of a pipeline run, one stored article a line
//! with `id, source, url, published, title, text` (the cleaned text),
//! `duplicate_of` and `story`; articles are grouped by `story` in file order
//! and copies are those the dedup stage marked (see docs/story-audit/).
//!
//! cargo run --release -p khabar-story --example story_audit -- \
//!     [--data ../shared/data/ant-multisource.jsonl.gz] [--stories-from FILE] \
//!     [--sample 20] [--seed 7] [--only ID,ID] [--json] [--ids]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::time::Instant;

use chrono::{DateTime, Utc};
use khabar_analyze::{analyze, AnalyzerConfig, Language};
use khabar_story::{
    render_terminal, shipped_background_idf, StoryArticle, StoryCardBuilder, StoryCardConfig,
};

struct Options {
    data: String,
    sample: usize,
    seed: u64,
    threshold: f64,
    window_days: i64,
    json: bool,
    stories_from: Option<String>,
    ids_only: bool,
    only: Vec<String>,
    /// `--config FILE.toml`: card settings (unset fields keep their default).
    config: StoryCardConfig,
}

fn parse_options() -> Options {
    let mut options = Options {
        data: format!(
            "{}/../../../shared/data/ant-multisource.jsonl.gz",
            env!("CARGO_MANIFEST_DIR")
        ),
        sample: 20,
        seed: 7,
        threshold: 0.5,
        window_days: 2,
        json: false,
        stories_from: None,
        ids_only: false,
        only: Vec::new(),
        config: StoryCardConfig::default(),
    };
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let mut index = 0;
    while index < arguments.len() {
        let value = arguments.get(index + 1).cloned().unwrap_or_default();
        match arguments[index].as_str() {
            "--data" => options.data = value,
            "--sample" => options.sample = value.parse().unwrap_or(options.sample),
            "--seed" => options.seed = value.parse().unwrap_or(options.seed),
            "--threshold" => options.threshold = value.parse().unwrap_or(options.threshold),
            "--window-days" => options.window_days = value.parse().unwrap_or(options.window_days),
            "--stories-from" => options.stories_from = Some(value),
            "--only" => options.only = value.split(',').map(str::to_string).collect(),
            "--config" => match std::fs::read_to_string(&value)
                .map_err(|error| error.to_string())
                .and_then(|text| toml::from_str(&text).map_err(|error| error.to_string()))
            {
                Ok(config) => options.config = config,
                Err(error) => {
                    eprintln!("error: cannot read the card settings {value}: {error}");
                    std::process::exit(2);
                }
            },
            "--json" => {
                options.json = true;
                index += 1;
                continue;
            }
            "--ids" => {
                options.ids_only = true;
                index += 1;
                continue;
            }
            other => eprintln!("ignoring unknown argument {other}"),
        }
        index += 2;
    }
    options
}

/// One input record: the article, its abstract (the ANT lead) and, for a
/// pipeline export, its story id.
struct InputRecord {
    article: StoryArticle,
    lead: String,
    story: Option<String>,
}

fn read_articles(path: &str) -> Vec<InputRecord> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("SKIPPED: cannot open {path}: {error}");
            std::process::exit(0);
        }
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut articles = Vec::new();
    for line in reader.lines().map_while(Result::ok) {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text_of = |key: &str| {
            record
                .get(key)
                .and_then(|value| value.as_str())
                .map(str::to_string)
        };
        let published = text_of("published")
            .and_then(|date| DateTime::parse_from_rfc3339(&date).ok())
            .map(|date| date.with_timezone(&Utc));
        let article = StoryArticle {
            id: text_of("id").unwrap_or_default(),
            source: text_of("source"),
            url: text_of("url"),
            published,
            title: text_of("title"),
            text: text_of("text").unwrap_or_default(),
            duplicate_of: text_of("duplicate_of"),
        };
        articles.push(InputRecord {
            article,
            lead: text_of("abstract").unwrap_or_default(),
            story: text_of("story"),
        });
    }
    articles
}

fn find(parent: &mut [usize], item: usize) -> usize {
    let mut root = item;
    while parent[root] != root {
        root = parent[root];
    }
    let mut walker = item;
    while parent[walker] != root {
        let next = parent[walker];
        parent[walker] = root;
        walker = next;
    }
    root
}

type SparseVector = Vec<(String, f64)>;

fn cosine(left: &SparseVector, right: &SparseVector) -> f64 {
    let right_map: HashMap<&str, f64> = right
        .iter()
        .map(|(term, weight)| (term.as_str(), *weight))
        .collect();
    let dot: f64 = left
        .iter()
        .filter_map(|(term, weight)| right_map.get(term.as_str()).map(|other| weight * other))
        .sum();
    let norm = |vector: &SparseVector| {
        vector
            .iter()
            .map(|(_, weight)| weight * weight)
            .sum::<f64>()
            .sqrt()
    };
    let denominator = norm(left) * norm(right);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

fn group_stories(
    articles: &[InputRecord],
    options: &Options,
    idf: &dyn Fn(&str) -> f64,
) -> Vec<Vec<usize>> {
    let analyzer_config = AnalyzerConfig::default();
    let vectors: Vec<SparseVector> = articles
        .iter()
        .map(|record| {
            let text = format!(
                "{} {}",
                record.article.title.as_deref().unwrap_or(""),
                record.lead
            );
            let mut counts: HashMap<String, f64> = HashMap::new();
            for token in analyze(&text, Language::Arabic, &analyzer_config) {
                *counts.entry(token.term).or_insert(0.0) += 1.0;
            }
            counts
                .into_iter()
                .map(|(term, count)| {
                    let weight = (1.0 + f64::ln(count)) * idf(&term);
                    (term, weight)
                })
                .collect()
        })
        .collect();
    // Block on each article's three rarest title+lead terms.
    let mut blocks: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, vector) in vectors.iter().enumerate() {
        let mut by_weight: Vec<&(String, f64)> = vector.iter().collect();
        by_weight.sort_by(|left, right| right.1.total_cmp(&left.1).then(left.0.cmp(&right.0)));
        for (term, _) in by_weight.into_iter().take(3) {
            blocks.entry(term.as_str()).or_default().push(index);
        }
    }
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    let window_seconds = options.window_days * 86_400;
    for members in blocks.values() {
        if members.len() > 400 {
            continue;
        }
        for (position, &left) in members.iter().enumerate() {
            for &right in &members[position + 1..] {
                let (Some(left_date), Some(right_date)) = (
                    articles[left].article.published,
                    articles[right].article.published,
                ) else {
                    continue;
                };
                if (left_date.timestamp() - right_date.timestamp()).abs() > window_seconds {
                    continue;
                }
                if cosine(&vectors[left], &vectors[right]) >= options.threshold {
                    let (left_root, right_root) =
                        (find(&mut parent, left), find(&mut parent, right));
                    parent[left_root] = right_root;
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for index in 0..articles.len() {
        let root = find(&mut parent, index);
        groups.entry(root).or_default().push(index);
    }
    let mut stories: Vec<Vec<usize>> = groups.into_values().collect();
    stories.sort_by_key(|members| members[0]);
    stories
}

/// Groups a pipeline export by its `story` field, in file order.
fn pipeline_stories(articles: &[InputRecord]) -> Vec<Vec<usize>> {
    let mut position_of_story: HashMap<&str, usize> = HashMap::new();
    let mut stories: Vec<Vec<usize>> = Vec::new();
    for (index, record) in articles.iter().enumerate() {
        let Some(story) = record.story.as_deref() else {
            stories.push(vec![index]);
            continue;
        };
        let position = *position_of_story.entry(story).or_insert_with(|| {
            stories.push(Vec::new());
            stories.len() - 1
        });
        stories[position].push(index);
    }
    stories
}

/// The story's articles as the pipeline stored them (copies as marked by the
/// dedup stage).
fn pipeline_story_articles(articles: &[InputRecord], members: &[usize]) -> Vec<StoryArticle> {
    members
        .iter()
        .map(|&index| articles[index].article.clone())
        .collect()
}

/// The story's articles, with exact copies (whitespace-collapsed text equal to
/// an earlier article's) marked as such.
fn story_articles(articles: &[InputRecord], members: &[usize]) -> Vec<StoryArticle> {
    let mut first_with_text: HashMap<String, String> = HashMap::new();
    members
        .iter()
        .map(|&index| {
            let mut article = articles[index].article.clone();
            let collapsed: String = article
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if collapsed.is_empty() {
                return article;
            }
            match first_with_text.get(&collapsed) {
                Some(original) => article.duplicate_of = Some(original.clone()),
                None => {
                    first_with_text.insert(collapsed, article.id.clone());
                }
            }
            article
        })
        .collect()
}

/// This process's user + system CPU seconds (Linux `/proc/self/stat`, in
/// clock ticks of 1/100 s, the Linux default `CLK_TCK`); 0 elsewhere. On a
/// shared machine wall time includes waiting for a core; CPU time does not.
fn process_cpu_seconds() -> f64 {
    const CLOCK_TICKS_PER_SECOND: f64 = 100.0;
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / CLOCK_TICKS_PER_SECOND
}

fn main() {
    let options = parse_options();
    let load_started = Instant::now();
    let articles = read_articles(options.stories_from.as_deref().unwrap_or(&options.data));
    let load_seconds = load_started.elapsed().as_secs_f64();

    let (idf, _) = shipped_background_idf();
    let group_started = Instant::now();
    let (stories, story_inputs, story_ids) = if options.stories_from.is_some() {
        let stories = pipeline_stories(&articles);
        let inputs: Vec<Vec<StoryArticle>> = stories
            .iter()
            .map(|members| pipeline_story_articles(&articles, members))
            .collect();
        let ids: Vec<String> = stories
            .iter()
            .map(|members| {
                let record = &articles[members[0]];
                record
                    .story
                    .clone()
                    .unwrap_or_else(|| record.article.id.clone())
            })
            .collect();
        (stories, inputs, ids)
    } else {
        let stories = group_stories(&articles, &options, &idf);
        let inputs: Vec<Vec<StoryArticle>> = stories
            .iter()
            .map(|members| story_articles(&articles, members))
            .collect();
        let ids: Vec<String> = (0..stories.len())
            .map(|index| format!("ant-story-{index}"))
            .collect();
        (stories, inputs, ids)
    };
    let group_seconds = group_started.elapsed().as_secs_f64();

    let mut builder = StoryCardBuilder::with_shipped_background(options.config.clone());
    let build_started = Instant::now();
    let build_cpu_started = process_cpu_seconds();
    let mut cards = Vec::with_capacity(story_inputs.len());
    let mut story_seconds: Vec<(f64, usize)> = Vec::with_capacity(story_inputs.len());
    for (index, story) in story_inputs.iter().enumerate() {
        let story_started = Instant::now();
        cards.push(builder.build(&story_ids[index], story));
        story_seconds.push((story_started.elapsed().as_secs_f64(), index));
    }
    let build_seconds = build_started.elapsed().as_secs_f64();
    let build_cpu_seconds = process_cpu_seconds() - build_cpu_started;

    let multi_outlet: Vec<usize> = (0..cards.len())
        .filter(|&index| cards[index].sources.len() >= 2)
        .collect();
    let largest = stories.iter().map(Vec::len).max().unwrap_or(0);
    eprintln!(
        "articles {} · stories {} (multi-outlet {}, largest {}) · load {:.2} s · group {:.2} s · build all cards {:.2} s wall, {:.2} s CPU",
        articles.len(),
        cards.len(),
        multi_outlet.len(),
        largest,
        load_seconds,
        group_seconds,
        build_seconds,
        build_cpu_seconds
    );

    story_seconds.sort_by(|left, right| right.0.total_cmp(&left.0));
    for (seconds, index) in story_seconds.iter().take(5) {
        eprintln!(
            "slow story {} ({} articles): {:.3} s",
            story_ids[*index],
            story_inputs[*index].len(),
            seconds
        );
    }

    // Fixed-seed sample without replacement (xorshift), or the stories asked for.
    let mut state = options.seed.max(1);
    let mut pool = multi_outlet.clone();
    let mut sample: Vec<usize> = options
        .only
        .iter()
        .filter_map(|id| cards.iter().position(|card| &card.id == id))
        .collect();
    while options.only.is_empty() && sample.len() < options.sample && !pool.is_empty() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let pick = (state % pool.len() as u64) as usize;
        sample.push(pool.swap_remove(pick));
    }
    for index in sample {
        if options.ids_only {
            println!("{}", cards[index].id);
        } else if options.json {
            println!(
                "{}",
                serde_json::to_string(&cards[index]).unwrap_or_default()
            );
        } else {
            println!("{}", render_terminal(&cards[index]));
        }
    }
}
