//! The fields of the index and how each is indexed.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::Index;

use crate::config::IndexConfig;
use crate::tokenizer::{AnalysisMode, KhabarTokenizer, WhitespaceLowercaseTokenizer};
use crate::tokenizer::{KHABAR_TOKENIZER_NAME, WHITESPACE_TOKENIZER_NAME};

/// Handles to the fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct IndexFields {
    /// The article id, stored and indexed as one raw term (for deletes).
    pub id: Field,
    /// The story the article was in when indexed (merges are resolved at
    /// query time).
    pub story: Field,
    /// The outlet, raw, for filtering.
    pub source: Field,
    /// Seconds since the epoch, for range filters; absent when undated.
    pub published: Field,
    pub title: Field,
    /// The cleaned text, stored so snippets are cut from it.
    pub text: Field,
}

pub fn build_schema(analysis: AnalysisMode) -> (Schema, IndexFields) {
    let mut builder = Schema::builder();
    let analyzed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis.tokenizer_name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = IndexFields {
        id: builder.add_text_field("id", STRING | STORED),
        story: builder.add_text_field("story", STRING | STORED | FAST),
        source: builder.add_text_field("source", STRING | STORED | FAST),
        published: builder.add_i64_field(
            "published",
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        title: builder.add_text_field("title", analyzed.clone()),
        text: builder.add_text_field("text", analyzed),
    };
    (builder.build(), fields)
}

/// Registers both tokenizers, so any index (Khabar or baseline) opens.
pub fn register_tokenizers(index: &Index, config: &IndexConfig) {
    index
        .tokenizers()
        .register(KHABAR_TOKENIZER_NAME, KhabarTokenizer::new(config.analyzer));
    index.tokenizers().register(
        WHITESPACE_TOKENIZER_NAME,
        WhitespaceLowercaseTokenizer::default(),
    );
}

/// The fields of an opened index, looked up by name.
pub fn fields_of(schema: &Schema) -> Result<IndexFields, String> {
    let field = |name: &str| {
        schema
            .get_field(name)
            .map_err(|_| format!("index has no `{name}` field: rebuild it with `khabar reindex`"))
    };
    Ok(IndexFields {
        id: field("id")?,
        story: field("story")?,
        source: field("source")?,
        published: field("published")?,
        title: field("title")?,
        text: field("text")?,
    })
}
