//! Khabar's story stage: turns the articles of one story into a card a reader
//! can use — headline, outlets and timeline, key names with their spellings
//! merged, a short summary credited to the outlets carrying it, and what each
//! outlet reports that the others do not.
//!
//! - [`StoryArticle`] in, [`StoryCard`] out, through [`StoryCardBuilder`]
//!   (reusable analyzers) or [`build_story_card`];
//! - [`StoryCardConfig`] holds every threshold (TOML-loadable);
//! - [`render_terminal`] prints a card as plain text;
//! - term rarity comes from an explicit idf function ([`IdfFunction`]), by
//!   default [`shipped_background_idf`] from `khabar-cluster`'s table.
//!
//! Pure library code: no I/O.

mod analyzed_story;
mod article;
mod background_idf;
mod card;
mod config;
mod content_overlap;
mod entities;
mod fast_hash;
mod headline;
mod outlet_coverage;
mod quantities;
mod render;
mod sentence_links;
pub mod sentence_splitter;
pub mod skeleton;
mod standalone;
mod summary;
mod term_vectors;
mod timeline;

pub use article::StoryArticle;
pub use background_idf::{idf_from_background, shipped_background_idf};
pub use card::{build_story_card, StoryCard, StoryCardBuilder};
pub use config::StoryCardConfig;
pub use entities::{Entity, VariantMentions};
pub use headline::trim_at_word_boundary;
pub use render::render_terminal;
pub use summary::SummarySentence;
pub use term_vectors::IdfFunction;
pub use timeline::{SourceCoverage, TimelineEntry};
