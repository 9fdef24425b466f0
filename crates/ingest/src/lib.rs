//! The ingest stage: it finds input files, recognises their format, and turns each
//! record into a [`RawArticle`](khabar_core::RawArticle) with its provenance and its
//! original bytes. It never stops on bad input: every unreadable record becomes a
//! [`Rejection`] that names the file and line, and reading goes on.

pub mod date;
pub mod discover;
pub mod fields;
pub mod json_lines;
pub mod reader;
pub mod rejection;
pub mod source_name;
pub mod syndication;
pub mod text_file;

pub use discover::{discover_inputs, InputFile};
pub use fields::FieldMapping;
pub use reader::{read_input, IngestItem, ReaderOptions};
pub use rejection::Rejection;
