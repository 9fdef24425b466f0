//! Reads one input file of any supported format and emits its articles and
//! rejections in order, streaming, so memory stays bounded by one record.

use std::io::{BufRead, BufReader, Read};

use khabar_core::{InputFormat, Provenance, RawArticle};

use crate::discover::{lowercase_io_error, FileKind, InputFile, InputLocation};
use crate::fields::FieldMapping;
use crate::json_lines::{json_line_article, BoundedLine, BoundedLineReader};
use crate::rejection::Rejection;
use crate::syndication::{feed_articles, warc_articles, WarcItem};
use crate::text_file::text_article;

/// What a reader produces, in input order.
#[derive(Debug)]
pub enum IngestItem {
    Article(Box<RawArticle>),
    Rejected(Rejection),
}

/// Reader settings resolved from the command line and the configuration.
#[derive(Debug, Clone)]
pub struct ReaderOptions {
    pub field_mapping: FieldMapping,
    /// Records (JSON lines, text files, pages) larger than this are rejected.
    pub max_record_bytes: usize,
    /// The source given to articles that have neither a `source` nor a URL.
    pub default_source: Option<String>,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            field_mapping: FieldMapping::default(),
            max_record_bytes: 16 * 1024 * 1024,
            default_source: None,
        }
    }
}

/// How many leading bytes are inspected to tell text from binary data.
const BINARY_SNIFF_BYTES: usize = 8192;
const READ_BUFFER_BYTES: usize = 256 * 1024;

/// Reads `input` and calls `emit` for every article and every rejection.
pub fn read_input(input: &InputFile, options: &ReaderOptions, emit: &mut dyn FnMut(IngestItem)) {
    let path = input.display_path();
    let mut emit_with_default_source = |item: IngestItem| match item {
        IngestItem::Article(mut article) => {
            if article.source.is_none() {
                article.source.clone_from(&options.default_source);
            }
            emit(IngestItem::Article(article))
        }
        rejected => emit(rejected),
    };
    let file_provenance = Provenance {
        path: path.clone(),
        line: None,
    };
    let raw_reader: Box<dyn Read> = match &input.location {
        InputLocation::Stdin => Box::new(std::io::stdin()),
        InputLocation::File(file_path) => match std::fs::File::open(file_path) {
            Ok(file) => Box::new(file),
            Err(error) => {
                emit_with_default_source(IngestItem::Rejected(Rejection::new(
                    file_provenance,
                    "unreadable_path",
                    format!("cannot open file: {}", lowercase_io_error(&error)),
                )));
                return;
            }
        },
    };
    let decoded_reader: Box<dyn Read> = if input.gzipped {
        Box::new(flate2::read::MultiGzDecoder::new(raw_reader))
    } else {
        raw_reader
    };
    let mut buffered = BufReader::with_capacity(READ_BUFFER_BYTES, decoded_reader);
    match buffered.fill_buf() {
        Ok([]) => {
            emit_with_default_source(IngestItem::Rejected(Rejection::new(
                file_provenance,
                "empty_file",
                "empty file",
            )));
            return;
        }
        Ok(head) => {
            let sniffed = &head[..head.len().min(BINARY_SNIFF_BYTES)];
            if input.kind != FileKind::Warc && memchr::memchr(0, sniffed).is_some() {
                emit_with_default_source(IngestItem::Rejected(Rejection::new(
                    file_provenance,
                    "binary_file",
                    "binary file (contains nul bytes), not text",
                )));
                return;
            }
        }
        Err(error) => {
            emit_with_default_source(IngestItem::Rejected(Rejection::new(
                file_provenance,
                "unreadable_path",
                format!("cannot read file: {}", lowercase_io_error(&error)),
            )));
            return;
        }
    }
    match input.kind {
        FileKind::JsonLines => {
            read_json_lines(buffered, &path, options, &mut emit_with_default_source)
        }
        FileKind::Warc => warc_articles(buffered, &path, |item| match item {
            WarcItem::Article(article) => emit_with_default_source(IngestItem::Article(article)),
            WarcItem::Rejected(rejection) => {
                emit_with_default_source(IngestItem::Rejected(rejection))
            }
        }),
        FileKind::Text | FileKind::Html | FileKind::Feed => {
            let bytes =
                match read_whole_record(buffered, &file_provenance, options.max_record_bytes) {
                    Ok(bytes) => bytes,
                    Err(rejection) => {
                        emit_with_default_source(IngestItem::Rejected(rejection));
                        return;
                    }
                };
            if input.kind == FileKind::Feed {
                match feed_articles(&bytes, &path) {
                    Ok(articles) => articles.into_iter().for_each(|article| {
                        emit_with_default_source(IngestItem::Article(Box::new(article)))
                    }),
                    Err(rejection) => emit_with_default_source(IngestItem::Rejected(rejection)),
                }
                return;
            }
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let valid_up_to = error.utf8_error().valid_up_to();
                    let line = error.as_bytes()[..valid_up_to]
                        .iter()
                        .filter(|byte| **byte == b'\n')
                        .count() as u64
                        + 1;
                    emit_with_default_source(IngestItem::Rejected(Rejection::new(
                        Provenance {
                            path: path.clone(),
                            line: Some(line),
                        },
                        "invalid_utf8",
                        format!("invalid utf-8 at byte {valid_up_to}"),
                    )));
                    return;
                }
            };
            let id = file_stem_id(input);
            let article = if input.kind == FileKind::Html {
                html_article(id, text, file_provenance)
            } else {
                let original = text.clone().into_bytes();
                text_article(id, &text, original, file_provenance)
            };
            emit_with_default_source(IngestItem::Article(Box::new(article)));
        }
    }
}

fn read_json_lines(
    reader: impl BufRead,
    path: &str,
    options: &ReaderOptions,
    emit: &mut dyn FnMut(IngestItem),
) {
    let mut lines = BoundedLineReader::new(reader, options.max_record_bytes);
    let stem = std::path::Path::new(path)
        .file_name()
        .map(|name| {
            name.to_string_lossy()
                .split('.')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_else(|| "stdin".to_string());
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => return,
            Err(error) => {
                emit(IngestItem::Rejected(Rejection::new(
                    Provenance {
                        path: path.to_string(),
                        line: None,
                    },
                    "unreadable_path",
                    format!("read error: {}", lowercase_io_error(&error)),
                )));
                return;
            }
        };
        match line {
            BoundedLine::TooLong { number, length } => emit(IngestItem::Rejected(Rejection::new(
                Provenance {
                    path: path.to_string(),
                    line: Some(number),
                },
                "record_too_large",
                format!(
                    "line of {length} bytes exceeds the limit of {} bytes",
                    options.max_record_bytes
                ),
            ))),
            BoundedLine::Line { number, bytes } => {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let provenance = Provenance {
                    path: path.to_string(),
                    line: Some(number),
                };
                let fallback_id = format!("{stem}:{number}");
                match json_line_article(bytes, provenance, fallback_id, &options.field_mapping) {
                    Ok(article) => emit(IngestItem::Article(Box::new(article))),
                    Err(rejection) => emit(IngestItem::Rejected(rejection)),
                }
            }
        }
    }
}

fn read_whole_record(
    reader: impl Read,
    provenance: &Provenance,
    max_record_bytes: usize,
) -> Result<Vec<u8>, Rejection> {
    let mut bytes = Vec::new();
    let limit = max_record_bytes as u64 + 1;
    if let Err(error) = reader.take(limit).read_to_end(&mut bytes) {
        return Err(Rejection::new(
            provenance.clone(),
            "unreadable_path",
            format!("read error: {}", lowercase_io_error(&error)),
        ));
    }
    if bytes.len() > max_record_bytes {
        return Err(Rejection::new(
            provenance.clone(),
            "record_too_large",
            format!("file exceeds the limit of {max_record_bytes} bytes"),
        ));
    }
    Ok(bytes)
}

fn file_stem_id(input: &InputFile) -> String {
    match &input.location {
        InputLocation::Stdin => "stdin".to_string(),
        InputLocation::File(path) => {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().to_string())
                .unwrap_or_default();
            let without_gz = name.strip_suffix(".gz").unwrap_or(&name);
            match without_gz.rsplit_once('.') {
                Some((stem, _)) if !stem.is_empty() => stem.to_string(),
                _ => without_gz.to_string(),
            }
        }
    }
}

/// An HTML page is stored whole; the clean stage extracts its text, title and date.
fn html_article(id: String, html: String, provenance: Provenance) -> RawArticle {
    RawArticle {
        id,
        source: None,
        url: None,
        published: None,
        title: None,
        original: html.clone().into_bytes(),
        body: html,
        metadata: serde_json::Map::new(),
        provenance,
        format: InputFormat::Html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::discover_inputs;
    use std::io::Write;

    fn read_all(paths: &[String], options: &ReaderOptions) -> (Vec<RawArticle>, Vec<Rejection>) {
        let discovered = discover_inputs(paths);
        let mut articles = Vec::new();
        let mut rejections = discovered.rejections;
        for file in &discovered.files {
            read_input(file, options, &mut |item| match item {
                IngestItem::Article(article) => articles.push(*article),
                IngestItem::Rejected(rejection) => rejections.push(rejection),
            });
        }
        (articles, rejections)
    }

    #[test]
    fn bad_inputs_are_named_and_good_ones_still_read() {
        let directory = tempfile::tempdir().unwrap();
        let dir = directory.path();
        std::fs::write(dir.join("empty.txt"), "").unwrap();
        std::fs::write(dir.join("binary.txt"), [0u8, 1, 2, 3, 0, 9]).unwrap();
        std::fs::write(dir.join("latin1.txt"), b"caf\xe9 au lait\n").unwrap();
        std::fs::write(dir.join("good.txt"), "عنوان\n\nنص الخبر.\n").unwrap();
        let mut jsonl = std::fs::File::create(dir.join("mixed.jsonl")).unwrap();
        writeln!(jsonl, r#"{{"id":"ok1","text":"نص"}}"#).unwrap();
        writeln!(jsonl, "{{broken").unwrap();
        jsonl
            .write_all(b"{\"id\":\"bad\",\"text\":\"\xff\"}\n")
            .unwrap();
        writeln!(jsonl, r#"{{"id":"huge","text":"{}"}}"#, "x".repeat(5000)).unwrap();
        writeln!(jsonl, r#"{{"id":"ok2","text":"نص"}}"#).unwrap();
        drop(jsonl);
        let options = ReaderOptions {
            max_record_bytes: 1000,
            ..ReaderOptions::default()
        };
        let (articles, rejections) = read_all(
            &[
                dir.display().to_string(),
                dir.join("nope").display().to_string(),
            ],
            &options,
        );
        let ids: Vec<&str> = articles.iter().map(|article| article.id.as_str()).collect();
        assert_eq!(ids, vec!["good", "ok1", "ok2"]);
        let mut kinds: Vec<(String, &str)> = rejections
            .iter()
            .map(|rejection| {
                (
                    rejection
                        .provenance
                        .to_string()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string(),
                    rejection.kind,
                )
            })
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            vec![
                ("binary.txt".to_string(), "binary_file"),
                ("empty.txt".to_string(), "empty_file"),
                ("latin1.txt:1".to_string(), "invalid_utf8"),
                ("mixed.jsonl:2".to_string(), "malformed_json"),
                ("mixed.jsonl:3".to_string(), "invalid_utf8"),
                ("mixed.jsonl:4".to_string(), "record_too_large"),
                ("nope".to_string(), "unreadable_path"),
            ]
        );
    }

    #[test]
    fn gzip_json_lines_and_default_source() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("batch.jsonl.gz");
        let mut encoder = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        writeln!(encoder, r#"{{"text":"a"}}"#).unwrap();
        writeln!(
            encoder,
            r#"{{"id":"b","text":"b","url":"https://x.example/b"}}"#
        )
        .unwrap();
        encoder.finish().unwrap();
        let options = ReaderOptions {
            default_source: Some("wire".into()),
            ..ReaderOptions::default()
        };
        let (articles, rejections) = read_all(&[path.display().to_string()], &options);
        assert!(rejections.is_empty());
        assert_eq!(articles[0].id, "batch:1");
        assert_eq!(articles[0].source.as_deref(), Some("wire"));
        assert_eq!(articles[1].source.as_deref(), Some("x.example"));
        assert_eq!(articles[1].provenance.line, Some(2));
    }
}
