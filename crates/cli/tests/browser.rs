//! The web page in a real browser: headless Debian Chromium loads the story
//! list and a story page from `khabar serve` over the examples corpus, the
//! rendered DOM is right-to-left Arabic with the story's content, and a
//! screenshot is saved under `target/browser-test/`. Skips visibly when
//! Chromium is not installed.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{repository_root, run_khabar, start_server};

fn find_chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let output = Command::new("which").arg(name).output().ok()?;
            let path = String::from_utf8(output.stdout).ok()?.trim().to_string();
            (output.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
        })
}

fn chromium(binary: &Path, profile: &Path, extra: &[String], url: &str) -> String {
    let output = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            // Give the page's script time to fetch and render.
            "--virtual-time-budget=10000",
            "--run-all-compositor-stages-before-draw",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn get_json(port: u16, path: &str) -> serde_json::Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let body_start = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap()
        + 4;
    serde_json::from_slice(&answer[body_start..]).unwrap()
}

#[test]
fn story_list_and_story_page_render_right_to_left_in_chromium() {
    let Some(chromium_binary) = find_chromium() else {
        eprintln!("SKIPPED story_list_and_story_page_render_right_to_left_in_chromium: chromium is not installed (apt-get install chromium)");
        return;
    };
    let data_dir = tempfile::tempdir().unwrap();
    let corpus = repository_root().join("examples/corpus");
    let output = run_khabar(data_dir.path(), &["ingest", &corpus.display().to_string()]);
    assert!(matches!(output.status.code(), Some(0) | Some(3)));
    let server = start_server(data_dir.path(), None);
    let base = format!("http://127.0.0.1:{}", server.port);
    let listing = get_json(server.port, "/api/stories?per_page=20");
    let biggest = &listing["stories"][0];
    let story_id = biggest["id"].as_str().unwrap().to_string();
    let headline = biggest["headline"].as_str().unwrap().to_string();
    let card = get_json(server.port, &format!("/api/stories/{story_id}"))["card"].clone();

    let output_dir = repository_root().join("target/browser-test");
    std::fs::create_dir_all(&output_dir).unwrap();
    let profile = tempfile::tempdir().unwrap();

    let list_dom = chromium(
        &chromium_binary,
        profile.path(),
        &["--dump-dom".to_string()],
        &format!("{base}/"),
    );
    assert!(list_dom.contains("dir=\"rtl\"") && list_dom.contains("lang=\"ar\""));
    assert!(
        list_dom.contains(&headline),
        "story list lacks the biggest story's headline"
    );
    assert!(list_dom.contains("class=\"story-list\""));

    let story_url = format!("{base}/#/story/{story_id}");
    let story_dom = chromium(
        &chromium_binary,
        profile.path(),
        &["--dump-dom".to_string()],
        &story_url,
    );
    assert!(
        story_dom.contains(&format!("<h1>{headline}</h1>")),
        "story page lacks its headline"
    );
    for section in [
        "summary-heading",
        "entities-heading",
        "only-heading",
        "timeline-heading",
    ] {
        assert!(story_dom.contains(section), "story page lacks {section}");
    }
    if let Some(entity) = card["entities"][0]["name"].as_str() {
        assert!(
            story_dom.contains(entity),
            "story page lacks entity {entity}"
        );
    }
    let first_timeline_source = card["timeline"][0]["source"].as_str().unwrap();
    assert!(story_dom.contains(first_timeline_source));

    let screenshot = output_dir.join("story-page.png");
    let _ = std::fs::remove_file(&screenshot);
    chromium(
        &chromium_binary,
        profile.path(),
        &[format!("--screenshot={}", screenshot.display())],
        &story_url,
    );
    let bytes = std::fs::read(&screenshot).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG"), "screenshot is not a png");
    eprintln!("screenshot saved to {}", screenshot.display());

    let list_screenshot = output_dir.join("story-list.png");
    chromium(
        &chromium_binary,
        profile.path(),
        &[format!("--screenshot={}", list_screenshot.display())],
        &format!("{base}/"),
    );
    assert!(list_screenshot.exists());
}
