//! Turns the paths a user names into a list of input files with their formats.

use std::path::{Path, PathBuf};

use khabar_core::Provenance;

use crate::rejection::Rejection;

/// How an input file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    JsonLines,
    Html,
    Feed,
    Warc,
}

/// Where the bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputLocation {
    File(PathBuf),
    Stdin,
}

/// One file to read, with its format and whether it is gzip-compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub location: InputLocation,
    pub kind: FileKind,
    pub gzipped: bool,
}

impl InputFile {
    pub fn display_path(&self) -> String {
        match &self.location {
            InputLocation::File(path) => path.display().to_string(),
            InputLocation::Stdin => "-".to_string(),
        }
    }
}

/// The result of walking the named paths: files to read, paths that could not
/// be used, and files skipped inside directories because their type is unknown.
#[derive(Debug, Default)]
pub struct DiscoveredInputs {
    pub files: Vec<InputFile>,
    pub rejections: Vec<Rejection>,
    pub skipped_unknown: Vec<PathBuf>,
}

/// Walks `paths` (directories recursively, in sorted order so runs repeat
/// exactly). `-` means JSON Lines on stdin. A file named explicitly with an
/// unknown extension is read as text; inside directories such files are skipped.
pub fn discover_inputs(paths: &[String]) -> DiscoveredInputs {
    let mut discovered = DiscoveredInputs::default();
    for path_text in paths {
        if path_text == "-" {
            discovered.files.push(InputFile {
                location: InputLocation::Stdin,
                kind: FileKind::JsonLines,
                gzipped: false,
            });
            continue;
        }
        let path = Path::new(path_text);
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                discovered.rejections.push(Rejection::new(
                    Provenance {
                        path: path_text.clone(),
                        line: None,
                    },
                    "unreadable_path",
                    format!("cannot read path: {}", lowercase_io_error(&error)),
                ));
                continue;
            }
        };
        if metadata.is_dir() {
            walk_directory(path, &mut discovered);
            continue;
        }
        let (kind, gzipped) = kind_from_name(path).unwrap_or((FileKind::Text, false));
        discovered.files.push(InputFile {
            location: InputLocation::File(path.to_path_buf()),
            kind,
            gzipped,
        });
    }
    discovered
}

fn walk_directory(directory: &Path, discovered: &mut DiscoveredInputs) {
    let walker = walkdir::WalkDir::new(directory)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(|path| path.display().to_string())
                    .unwrap_or_else(|| directory.display().to_string());
                discovered.rejections.push(Rejection::new(
                    Provenance { path, line: None },
                    "unreadable_path",
                    format!(
                        "cannot walk directory entry: {}",
                        error.to_string().to_lowercase()
                    ),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        match kind_from_name(entry.path()) {
            Some((kind, gzipped)) => discovered.files.push(InputFile {
                location: InputLocation::File(entry.path().to_path_buf()),
                kind,
                gzipped,
            }),
            None => discovered.skipped_unknown.push(entry.path().to_path_buf()),
        }
    }
}

/// The format implied by a file name, looking through a `.gz` suffix.
pub fn kind_from_name(path: &Path) -> Option<(FileKind, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (inner_name, gzipped) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let extension = Path::new(&inner_name)
        .extension()?
        .to_string_lossy()
        .to_string();
    let kind = match extension.as_str() {
        "txt" | "text" => FileKind::Text,
        "jsonl" | "ndjson" | "json" => FileKind::JsonLines,
        "html" | "htm" | "xhtml" => FileKind::Html,
        "rss" | "atom" | "xml" => FileKind::Feed,
        "warc" => FileKind::Warc,
        _ => return None,
    };
    Some((kind, gzipped))
}

/// `std::io::Error` messages start with a capital letter; ours do not.
pub fn lowercase_io_error(error: &std::io::Error) -> String {
    let message = error.to_string();
    let mut characters = message.chars();
    match characters.next() {
        Some(first) => first.to_lowercase().chain(characters).collect(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_extensions_through_gzip() {
        assert_eq!(
            kind_from_name(Path::new("a/b.jsonl.gz")),
            Some((FileKind::JsonLines, true))
        );
        assert_eq!(
            kind_from_name(Path::new("x.TXT")),
            Some((FileKind::Text, false))
        );
        assert_eq!(
            kind_from_name(Path::new("x.warc.gz")),
            Some((FileKind::Warc, true))
        );
        assert_eq!(
            kind_from_name(Path::new("page.htm")),
            Some((FileKind::Html, false))
        );
        assert_eq!(
            kind_from_name(Path::new("feed.xml")),
            Some((FileKind::Feed, false))
        );
        assert_eq!(kind_from_name(Path::new("labels.tsv")), None);
        assert_eq!(kind_from_name(Path::new("noext")), None);
    }

    #[test]
    fn missing_paths_are_rejections_and_directories_are_sorted() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::create_dir(directory.path().join("sub")).unwrap();
        std::fs::write(directory.path().join("sub/b.txt"), "x").unwrap();
        std::fs::write(directory.path().join("a.jsonl"), "{}").unwrap();
        std::fs::write(directory.path().join("labels.tsv"), "x").unwrap();
        std::fs::write(directory.path().join(".hidden.txt"), "x").unwrap();
        let missing = directory.path().join("missing.txt").display().to_string();
        let discovered =
            discover_inputs(&[directory.path().display().to_string(), missing.clone()]);
        let names: Vec<String> = discovered
            .files
            .iter()
            .map(|file| file.display_path())
            .collect();
        assert_eq!(names.len(), 2);
        assert!(names[0].ends_with("a.jsonl") && names[1].ends_with("sub/b.txt"));
        assert_eq!(discovered.skipped_unknown.len(), 1);
        assert_eq!(discovered.rejections.len(), 1);
        assert_eq!(discovered.rejections[0].provenance.path, missing);
        assert!(discovered.rejections[0]
            .reason
            .starts_with("cannot read path: no such file"));
    }
}
