//! `khabar export | head`, `khabar stories | head`: a reader that stops early
//! is not an error; the command ends quietly like other Unix filters (by
//! SIGPIPE on Unix), with nothing on stderr and no panic.

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

    for command in ["export", "stories"] {
        let mut child = Command::new(khabar_binary())
            .args([
                "--data-dir",
                &data_dir.path().display().to_string(),
                command,
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
        // Dropping the read end closes the pipe while the command still writes.
        let output = child.wait_with_output().unwrap();
        assert!(
            ended_quietly(&output.status),
            "{command:?}: {:?}",
            output.status
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{command:?}");
    }
}

#[cfg(unix)]
fn ended_quietly(status: &std::process::ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    const SIGPIPE: i32 = 13;
    status.code() == Some(0) || status.signal() == Some(SIGPIPE)
}

#[cfg(not(unix))]
fn ended_quietly(status: &std::process::ExitStatus) -> bool {
    status.success()
}
