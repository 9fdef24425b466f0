//! `khabar stories` and `khabar story ID`: story cards built from the stored
//! articles of each story.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{mpsc, Mutex};

use khabar_index::story_article;
use khabar_pipeline::{Config, Engine};
use khabar_store::{StoredArticle, StorySummaryRow};
use khabar_story::{render_terminal, StoryArticle, StoryCard, StoryCardBuilder};
use serde_json::json;

use crate::commands::Outcome;
use crate::hiargs::OutputMode;
use crate::lowargs::{StoriesArguments, StoryArguments};
use crate::output::{format_date, one_line};

const HEADLINE_MAX_CHARS: usize = 90;

/// Stories queued between the reader, the card workers and the printer:
/// enough to keep every worker busy, few enough to bound memory.
const CHANNEL_CAPACITY: usize = 64;

fn build_card(
    builder: &mut StoryCardBuilder,
    story_id: &str,
    articles: &[StoredArticle],
) -> StoryCard {
    let inputs: Vec<StoryArticle> = articles.iter().map(story_article).collect();
    builder.build(story_id, &inputs)
}

/// One story of the listing on its way through the card workers.
struct ListedStory {
    position: usize,
    summary: StorySummaryRow,
    articles: Vec<StoryArticle>,
}

pub fn run_list(
    data_dir: &Path,
    config: Config,
    output_mode: OutputMode,
    arguments: &StoriesArguments,
) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config.clone())?;
    let summaries = engine.store().story_summaries()?;
    let listed_count = summaries.len().min(arguments.limit);
    // Cards are built on every core while this thread reads the store (a
    // connection is not shared across threads) and one thread prints them
    // in order: the stories of a 30k-article corpus take seconds, not tens
    // of seconds.
    let worker_count = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, listed_count.max(1));
    let (job_sender, job_receiver) = mpsc::sync_channel::<ListedStory>(CHANNEL_CAPACITY);
    let job_receiver = Mutex::new(job_receiver);
    let (card_sender, card_receiver) =
        mpsc::sync_channel::<(usize, StorySummaryRow, StoryCard)>(CHANNEL_CAPACITY);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..worker_count {
            let card_sender = card_sender.clone();
            let job_receiver = &job_receiver;
            let story_config = config.story.clone();
            scope.spawn(move || {
                let mut builder = StoryCardBuilder::with_shipped_background(story_config);
                loop {
                    let job = match job_receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else {
                        return;
                    };
                    let card = builder.build(&job.summary.story, &job.articles);
                    if card_sender.send((job.position, job.summary, card)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(card_sender);
        let printer = scope.spawn(move || -> anyhow::Result<()> {
            let mut waiting: BTreeMap<usize, (StorySummaryRow, StoryCard)> = BTreeMap::new();
            let mut next_position = 0;
            for (position, summary, card) in card_receiver {
                waiting.insert(position, (summary, card));
                while let Some((summary, card)) = waiting.remove(&next_position) {
                    print_listed_card(&summary, &card, output_mode, arguments.cards)?;
                    next_position += 1;
                }
            }
            Ok(())
        });
        let mut read_result = Ok(());
        for (position, summary) in summaries.into_iter().take(listed_count).enumerate() {
            let articles = match engine.store().story_articles(&summary.story) {
                Ok(articles) => articles,
                Err(error) => {
                    read_result = Err(anyhow::Error::from(error).context(format!(
                        "cannot read the articles of story {}",
                        summary.story
                    )));
                    break;
                }
            };
            let articles: Vec<StoryArticle> = articles.iter().map(story_article).collect();
            let job = ListedStory {
                position,
                summary,
                articles,
            };
            if job_sender.send(job).is_err() {
                break;
            }
        }
        drop(job_sender);
        let print_result = printer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the story printer stopped unexpectedly")));
        read_result.and(print_result)
    })?;
    Ok(Outcome::Success)
}

fn print_listed_card(
    summary: &StorySummaryRow,
    card: &StoryCard,
    output_mode: OutputMode,
    full_cards: bool,
) -> anyhow::Result<()> {
    if output_mode == OutputMode::Json {
        if full_cards {
            println!("{}", serde_json::to_string(card)?);
            return Ok(());
        }
        let sources: Vec<&str> = card
            .sources
            .iter()
            .map(|source| source.source.as_str())
            .collect();
        let line = json!({
            "id": summary.story, "headline": card.headline, "articles": summary.articles, "sources": sources,
            "first_seen": card.first_seen, "last_seen": card.last_seen,
        });
        println!("{line}");
        return Ok(());
    }
    if full_cards {
        println!("{}", render_terminal(card));
        return Ok(());
    }
    let sources: Vec<String> = card
        .sources
        .iter()
        .map(|source| {
            if source.copies > 0 {
                format!(
                    "{} ({} + {} copies)",
                    source.source, source.articles, source.copies
                )
            } else {
                source.source.clone()
            }
        })
        .collect();
    println!(
        "{:<24} {:>3} articles  {} → {}  {}  [{}]",
        summary.story,
        summary.articles,
        format_date(summary.first_published),
        format_date(summary.last_published),
        one_line(&card.headline, HEADLINE_MAX_CHARS),
        sources.join(", ")
    );
    Ok(())
}

pub fn run_show(
    data_dir: &Path,
    config: Config,
    output_mode: OutputMode,
    arguments: &StoryArguments,
) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config.clone())?;
    let mut story_id = arguments.id.clone();
    let mut articles = engine.store().story_articles(&story_id)?;
    if articles.is_empty() {
        // A merged story's old id still resolves to the story it became.
        if let Some(merged_into) = engine.store().resolve_story_alias(&story_id)? {
            story_id = merged_into;
            articles = engine.store().story_articles(&story_id)?;
        }
    }
    if articles.is_empty() {
        anyhow::bail!("no story with id `{}`", arguments.id);
    }
    let mut builder = StoryCardBuilder::with_shipped_background(config.story.clone());
    let card = build_card(&mut builder, &story_id, &articles);
    if output_mode == OutputMode::Json {
        println!("{}", serde_json::to_string_pretty(&card)?);
        return Ok(Outcome::Success);
    }
    if story_id != arguments.id {
        println!("(story {} was merged into {story_id})", arguments.id);
    }
    println!("{}", render_terminal(&card));
    Ok(Outcome::Success)
}
