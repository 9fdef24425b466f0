//! `khabar export | head`: a reader that stops early is not an error; the
//! command ends quietly with status 0, like other Unix filters.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::{ingest, khabar_binary, repository_root, run_khabar};

#[test]
fn export_into_a_closed_pipe_ends_quietly() {
    let data_dir = tempfile::tempdir().unwrap();
    let corpus = repository_root().join("examples/corpus");
    ingest(data_dir.path(), &corpus);
    let full_export = run_khabar(data_dir.path(), &["export"]);
    // More than a pipe buffer (64 KiB), so the writer meets the closed pipe.
    assert!(
        full_export.stdout.len() > 65_536,
        "export is too small to fill a pipe"
    );

    let mut child = Command::new(khabar_binary())
        .args([
            "--data-dir",
            &data_dir.path().display().to_string(),
            "export",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_bytes = [0u8; 100];
    child
        .stdout
        .take()
        .unwrap()
        .read_exact(&mut first_bytes)
        .unwrap();
    // Dropping the read end closes the pipe while export is still writing.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
