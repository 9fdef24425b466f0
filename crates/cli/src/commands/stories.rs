//! `khabar stories` and `khabar story ID`: story cards built from the stored
//! articles of each story.

use std::path::Path;

use khabar_index::story_article;
use khabar_pipeline::{Config, Engine};
use khabar_store::StoredArticle;
use khabar_story::{render_terminal, StoryArticle, StoryCard, StoryCardBuilder};
use serde_json::json;

use crate::commands::Outcome;
use crate::hiargs::OutputMode;
use crate::lowargs::{StoriesArguments, StoryArguments};
use crate::output::{format_date, one_line};

const HEADLINE_MAX_CHARS: usize = 90;

fn build_card(
    builder: &mut StoryCardBuilder,
    story_id: &str,
    articles: &[StoredArticle],
) -> StoryCard {
    let inputs: Vec<StoryArticle> = articles.iter().map(story_article).collect();
    builder.build(story_id, &inputs)
}

pub fn run_list(
    data_dir: &Path,
    config: Config,
    output_mode: OutputMode,
    arguments: &StoriesArguments,
) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config.clone())?;
    let summaries = engine.store().story_summaries()?;
    let mut builder = StoryCardBuilder::with_shipped_background(config.story.clone());
    for summary in summaries.iter().take(arguments.limit) {
        let articles = engine.store().story_articles(&summary.story)?;
        let card = build_card(&mut builder, &summary.story, &articles);
        if output_mode == OutputMode::Json {
            if arguments.cards {
                println!("{}", serde_json::to_string(&card)?);
                continue;
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
            continue;
        }
        if arguments.cards {
            println!("{}", render_terminal(&card));
            continue;
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
    }
    Ok(Outcome::Success)
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
