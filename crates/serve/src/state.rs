//! What the handlers share: the search index, a bounded pool of store
//! connections (a SQLite connection is not `Sync`, so each request borrows one
//! on a blocking thread and waits when all are busy), and caches of the story
//! listing and story cards.
//!
//! Cards are built once per story even when many requests ask for it at the
//! same moment (each story has its own slot, locked while it is built), and
//! the cards of the first stories of the listing are built in the background
//! after every (re)load, so the front pages never wait for a build.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};

use khabar_index::{story_article, SearchIndex};
use khabar_pipeline::{Config, Engine};
use khabar_store::{Store, StorySummaryRow};
use khabar_story::{StoryArticle, StoryCard, StoryCardBuilder};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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

/// The idle store workers, and how many exist in all (idle or lent out).
#[derive(Default)]
struct WorkerPool {
    idle: Vec<StoreWorker>,
    open: usize,
}

/// One story's card, built at most once at a time: whoever finds the slot
/// empty builds the card while holding the lock, the others wait for it.
type CardSlot = Mutex<Option<Arc<StoryCard>>>;

fn concurrent_searches(serve_config: &ServeConfig) -> usize {
    if serve_config.max_concurrent_searches > 0 {
        return serve_config.max_concurrent_searches;
    }
    const SEARCHES_PER_CORE: usize = 4;
    std::thread::available_parallelism().map_or(1, |cores| cores.get()) * SEARCHES_PER_CORE
}

fn lock_ignoring_poison<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub pipeline_config: Config,
    pub serve_config: ServeConfig,
    /// `None`: the server is read-only.
    pub api_token: Option<String>,
    pub index: SearchIndex,
    workers: Mutex<WorkerPool>,
    /// Signalled when a worker goes back to the pool.
    worker_returned: Condvar,
    listing: RwLock<Arc<StoryListing>>,
    /// Bumped by every listing refresh; a warm-up started for an older
    /// listing stops.
    listing_generation: AtomicU64,
    /// Card warm-ups running now.
    warm_ups_running: AtomicU64,
    /// Admission of searches, fair (FIFO); see `max_concurrent_searches`.
    search_permits: Arc<Semaphore>,
    cards: Mutex<HashMap<String, Arc<CardSlot>>>,
    /// Outlet → stories it covers, in listing order; emptied on ingest.
    stories_by_source: Mutex<HashMap<String, Arc<Vec<String>>>>,
    /// Opened on the first POST: only writers pay for the pipeline's state.
    pub engine: Mutex<Option<Engine>>,
}

impl AppState {
    /// Waits for a search turn; the search runs while the permit is held.
    pub async fn search_turn(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.search_permits)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))
    }

    pub fn new(
        data_dir: PathBuf,
        pipeline_config: Config,
        serve_config: ServeConfig,
        api_token: Option<String>,
        index: SearchIndex,
    ) -> Result<AppState, ApiError> {
        let search_permits = Arc::new(Semaphore::new(concurrent_searches(&serve_config)));
        let state = AppState {
            data_dir,
            pipeline_config,
            serve_config,
            api_token,
            index,
            workers: Mutex::new(WorkerPool::default()),
            worker_returned: Condvar::new(),
            listing: RwLock::new(Arc::new(StoryListing::new(Vec::new()))),
            listing_generation: AtomicU64::new(0),
            warm_ups_running: AtomicU64::new(0),
            search_permits,
            cards: Mutex::new(HashMap::new()),
            stories_by_source: Mutex::new(HashMap::new()),
            engine: Mutex::new(None),
        };
        state.refresh_after_ingest()?;
        Ok(state)
    }

    /// Runs `work` with a pooled store connection. At most
    /// `store_pool_size` connections exist; when all are lent out the caller
    /// waits for one to come back.
    pub fn with_worker<T>(
        &self,
        work: impl FnOnce(&mut StoreWorker) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut worker = self.borrow_worker()?;
        let result = work(&mut worker);
        let mut pool = lock_ignoring_poison(&self.workers);
        pool.idle.push(worker);
        drop(pool);
        self.worker_returned.notify_one();
        result
    }

    fn borrow_worker(&self) -> Result<StoreWorker, ApiError> {
        let maximum_workers = self.serve_config.store_pool_size.max(1);
        let mut pool = lock_ignoring_poison(&self.workers);
        loop {
            if let Some(worker) = pool.idle.pop() {
                return Ok(worker);
            }
            if pool.open < maximum_workers {
                pool.open += 1;
                drop(pool);
                return self.open_worker().inspect_err(|_| {
                    lock_ignoring_poison(&self.workers).open -= 1;
                    self.worker_returned.notify_one();
                });
            }
            pool = self
                .worker_returned
                .wait(pool)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn open_worker(&self) -> Result<StoreWorker, ApiError> {
        Ok(StoreWorker {
            store: Store::open(&self.data_dir)?,
            card_builder: StoryCardBuilder::with_shipped_background(
                self.pipeline_config.story.clone(),
            ),
        })
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
        self.listing_generation.fetch_add(1, Ordering::SeqCst);
        lock_ignoring_poison(&self.cards).clear();
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
        let slot = {
            let mut cards = lock_ignoring_poison(&self.cards);
            if cards.len() >= self.serve_config.max_cached_cards && !cards.contains_key(story) {
                cards.clear();
            }
            Arc::clone(cards.entry(story.to_string()).or_default())
        };
        let mut cached = lock_ignoring_poison(&slot);
        if let Some(card) = cached.as_ref() {
            return Ok(Some(Arc::clone(card)));
        }
        let articles = worker.store.story_articles(story)?;
        if articles.is_empty() {
            return Ok(None);
        }
        let inputs: Vec<StoryArticle> = articles.iter().map(story_article).collect();
        let card = Arc::new(worker.card_builder.build(story, &inputs));
        *cached = Some(Arc::clone(&card));
        Ok(Some(card))
    }

    /// Builds, on a background thread, the cards of the first
    /// `warm_cards` stories of the current listing. It stops early when the
    /// listing is reloaded (a newer warm-up takes over).
    pub fn start_card_warmup(self: &Arc<Self>) {
        let warm_cards = self.serve_config.warm_cards;
        if warm_cards == 0 {
            return;
        }
        let state = Arc::clone(self);
        let generation = state.listing_generation.load(Ordering::SeqCst);
        self.warm_ups_running.fetch_add(1, Ordering::SeqCst);
        let spawned = std::thread::Builder::new()
            .name("card-warmup".to_string())
            .spawn(move || {
                state.warm_cards(generation, warm_cards);
                state.warm_ups_running.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(error) = spawned {
            self.warm_ups_running.fetch_sub(1, Ordering::SeqCst);
            tracing::warn!("cannot start the card warm-up: {error}");
        }
    }

    /// True while a card warm-up runs.
    pub fn is_warming_up(&self) -> bool {
        self.warm_ups_running.load(Ordering::SeqCst) > 0
    }

    fn warm_cards(&self, generation: u64, warm_cards: usize) {
        let listing = self.listing();
        for summary in listing.summaries.iter().take(warm_cards) {
            if self.listing_generation.load(Ordering::SeqCst) != generation {
                return;
            }
            let built = self.with_worker(|worker| self.card(worker, &summary.story));
            if let Err(error) = built {
                tracing::warn!(
                    "card warm-up stopped at {}: {}",
                    summary.story,
                    error.message
                );
                return;
            }
        }
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
