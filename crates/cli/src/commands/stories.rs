//! `khabar stories` and `khabar story ID`.

use std::path::Path;

use khabar_pipeline::{Config, Engine};
use khabar_store::StoredArticle;
use serde_json::json;

use crate::commands::Outcome;
use crate::hiargs::OutputMode;
use crate::lowargs::{StoriesArguments, StoryArguments};
use crate::output::{format_date, one_line};

const HEADLINE_MAX_CHARS: usize = 90;

/// The headline a listing shows: the first title, else the first line of text.
fn listing_headline(articles: &[StoredArticle]) -> String {
    let title = articles.iter().find_map(|article| article.title.clone());
    let headline = title.unwrap_or_else(|| {
        articles
            .first()
            .map(|article| article.text.clone())
            .unwrap_or_default()
    });
    one_line(&headline, HEADLINE_MAX_CHARS)
}

fn sources_of(articles: &[StoredArticle]) -> Vec<String> {
    let mut sources: Vec<String> = articles
        .iter()
        .filter_map(|article| article.source.clone())
        .collect();
    sources.sort();
    sources.dedup();
    sources
}

pub fn run_list(
    data_dir: &Path,
    config: Config,
    output_mode: OutputMode,
    arguments: &StoriesArguments,
) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config)?;
    let summaries = engine.store().story_summaries()?;
    for summary in summaries.iter().take(arguments.limit) {
        let articles = engine.store().story_articles(&summary.story)?;
        let headline = listing_headline(&articles);
        let sources = sources_of(&articles);
        if output_mode == OutputMode::Json {
            let line = json!({
                "id": summary.story, "headline": headline, "articles": summary.articles, "sources": sources,
                "first_published": summary.first_published, "last_published": summary.last_published,
            });
            println!("{line}");
            continue;
        }
        println!(
            "{:<24} {:>3} articles  {}  [{}]",
            summary.story,
            summary.articles,
            headline,
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
    let engine = Engine::open(data_dir, config)?;
    let articles = engine.store().story_articles(&arguments.id)?;
    if articles.is_empty() {
        anyhow::bail!("no story with id `{}`", arguments.id);
    }
    if output_mode == OutputMode::Json {
        let ids: Vec<&str> = articles.iter().map(|article| article.id.as_str()).collect();
        let line = json!({
            "id": arguments.id, "headline": listing_headline(&articles), "articles": ids, "sources": sources_of(&articles),
        });
        println!("{}", serde_json::to_string_pretty(&line)?);
        return Ok(Outcome::Success);
    }
    println!("story {}: {}", arguments.id, listing_headline(&articles));
    for article in &articles {
        println!(
            "  {}  {:<20} {:<16} {}",
            format_date(article.published),
            article.source.as_deref().unwrap_or("—"),
            article.id,
            one_line(article.title.as_deref().unwrap_or(&article.text), 70)
        );
    }
    Ok(Outcome::Success)
}
