//! What the handlers share: the search index, a small pool of store
//! connections (a SQLite connection is not `Sync`, so each request borrows one
//! on a blocking thread), and caches of the story listing and story cards.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use khabar_index::{story_article, SearchIndex};
use khabar_pipeline::{Config, Engine};
use khabar_store::{Store, StorySummaryRow};
use khabar_story::{StoryArticle, StoryCard, StoryCardBuilder};

use crate::config::ServeConfig;
use crate::error::ApiError;

/// A store connection with its card builder (the builder's analyzers are
/// reused across requests).
pub struct StoreWorker {
    pub store: Store,
    pub card_builder: StoryCardBuilder,
}

/// The story listing as of the last ingest: summaries in display order.
pub struct StoryListing {
    pub summaries: Vec<StorySummaryRow>,
    pub position_of_story: HashMap<String, usize>,
}

impl StoryListing {
    fn new(summaries: Vec<StorySummaryRow>) -> StoryListing {
        let position_of_story = summaries
            .iter()
            .enumerate()
            .map(|(position, summary)| (summary.story.clone(), position))
            .collect();
        StoryListing {
            summaries,
            position_of_story,
        }
    }
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub pipeline_config: Config,
    pub serve_config: ServeConfig,
    /// `None`: the server is read-only.
    pub api_token: Option<String>,
    pub index: SearchIndex,
    workers: Mutex<Vec<StoreWorker>>,
    listing: RwLock<Arc<StoryListing>>,
    cards: Mutex<HashMap<String, Arc<StoryCard>>>,
    /// Outlet → stories it covers, in listing order; emptied on ingest.
    stories_by_source: Mutex<HashMap<String, Arc<Vec<String>>>>,
    /// Opened on the first POST: only writers pay for the pipeline's state.
    pub engine: Mutex<Option<Engine>>,
}

impl AppState {
    pub fn new(
        data_dir: PathBuf,
        pipeline_config: Config,
        serve_config: ServeConfig,
        api_token: Option<String>,
        index: SearchIndex,
    ) -> Result<AppState, ApiError> {
        let state = AppState {
            data_dir,
            pipeline_config,
            serve_config,
            api_token,
            index,
            workers: Mutex::new(Vec::new()),
            listing: RwLock::new(Arc::new(StoryListing::new(Vec::new()))),
            cards: Mutex::new(HashMap::new()),
            stories_by_source: Mutex::new(HashMap::new()),
            engine: Mutex::new(None),
        };
        state.refresh_after_ingest()?;
        Ok(state)
    }

    /// Runs `work` with a pooled store connection.
    pub fn with_worker<T>(
        &self,
        work: impl FnOnce(&mut StoreWorker) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let pooled = self.workers.lock().ok().and_then(|mut pool| pool.pop());
        let mut worker = match pooled {
            Some(worker) => worker,
            None => StoreWorker {
                store: Store::open(&self.data_dir)?,
                card_builder: StoryCardBuilder::with_shipped_background(
                    self.pipeline_config.story.clone(),
                ),
            },
        };
        let result = work(&mut worker);
        if let Ok(mut pool) = self.workers.lock() {
            if pool.len() < self.serve_config.store_pool_size {
                pool.push(worker);
            }
        }
        result
    }

    pub fn listing(&self) -> Arc<StoryListing> {
        self.listing
            .read()
            .map(|listing| Arc::clone(&listing))
            .unwrap_or_else(|poisoned| Arc::clone(&poisoned.into_inner()))
    }

    /// Rereads the listing and forgets every cached card: stories may have
    /// grown or merged.
    pub fn refresh_after_ingest(&self) -> Result<(), ApiError> {
        let summaries = self.with_worker(|worker| Ok(worker.store.story_summaries()?))?;
        let listing = Arc::new(StoryListing::new(summaries));
        if let Ok(mut guard) = self.listing.write() {
            *guard = listing;
        }
        if let Ok(mut cards) = self.cards.lock() {
            cards.clear();
        }
        if let Ok(mut by_source) = self.stories_by_source.lock() {
            by_source.clear();
        }
        Ok(())
    }

    /// The story an id names now, following merges; `None` when unknown.
    pub fn resolve_story(
        &self,
        worker: &StoreWorker,
        story: &str,
    ) -> Result<Option<String>, ApiError> {
        if self.listing().position_of_story.contains_key(story) {
            return Ok(Some(story.to_string()));
        }
        Ok(worker.store.resolve_story_alias(story)?)
    }

    /// The card of a current story id, from the cache or built now.
    pub fn card(
        &self,
        worker: &mut StoreWorker,
        story: &str,
    ) -> Result<Option<Arc<StoryCard>>, ApiError> {
        if let Some(card) = self
            .cards
            .lock()
            .ok()
            .and_then(|cards| cards.get(story).cloned())
        {
            return Ok(Some(card));
        }
        let articles = worker.store.story_articles(story)?;
        if articles.is_empty() {
            return Ok(None);
        }
        let inputs: Vec<StoryArticle> = articles.iter().map(story_article).collect();
        let card = Arc::new(worker.card_builder.build(story, &inputs));
        if let Ok(mut cards) = self.cards.lock() {
            if cards.len() >= self.serve_config.max_cached_cards {
                cards.clear();
            }
            cards.insert(story.to_string(), Arc::clone(&card));
        }
        Ok(Some(card))
    }

    /// Stories covered by `source`, in listing order.
    pub fn stories_of_source(
        &self,
        worker: &StoreWorker,
        source: &str,
    ) -> Result<Arc<Vec<String>>, ApiError> {
        if let Some(stories) = self
            .stories_by_source
            .lock()
            .ok()
            .and_then(|by_source| by_source.get(source).cloned())
        {
            return Ok(stories);
        }
        let listing = self.listing();
        let mut positions: Vec<usize> = Vec::new();
        for (_, indexed_story) in self.index.articles_of_source(source)? {
            let Some(indexed_story) = indexed_story else {
                continue;
            };
            let Some(story) = self.resolve_story(worker, &indexed_story)? else {
                continue;
            };
            if let Some(&position) = listing.position_of_story.get(&story) {
                positions.push(position);
            }
        }
        positions.sort_unstable();
        positions.dedup();
        let stories = Arc::new(
            positions
                .into_iter()
                .map(|position| listing.summaries[position].story.clone())
                .collect::<Vec<_>>(),
        );
        if let Ok(mut by_source) = self.stories_by_source.lock() {
            by_source.insert(source.to_string(), Arc::clone(&stories));
        }
        Ok(stories)
    }
}
