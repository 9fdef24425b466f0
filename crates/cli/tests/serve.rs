//! `khabar serve` over the examples corpus: the API answers, and hostile
//! requests each get a clean 4xx (never a 500, never a file outside the page).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{repository_root, run_khabar, start_server};
use serde_json::Value;

fn ingested_examples() -> tempfile::TempDir {
    let data_dir = tempfile::tempdir().unwrap();
    let corpus = repository_root().join("examples/corpus");
    let output = run_khabar(data_dir.path(), &["ingest", &corpus.display().to_string()]);
    assert!(matches!(output.status.code(), Some(0) | Some(3)));
    data_dir
}

struct Response {
    status: u16,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not json ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
}

/// Sends raw bytes (the path is not normalized) and reads the whole answer.
fn raw_request(port: u16, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer and close before reading a huge request: a write
    // error is fine as long as an answer comes back.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let header_end = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no http answer: {:?}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8_lossy(&answer[..header_end]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in {head}"));
    Response {
        status,
        body: answer[header_end + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Response {
    raw_request(
        port,
        format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").as_bytes(),
    )
}

fn post(port: u16, path: &str, authorization: Option<&str>, body: &str) -> Response {
    let authorization = authorization
        .map(|value| format!("Authorization: {value}\r\n"))
        .unwrap_or_default();
    raw_request(
        port,
        format!(
            "POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n{authorization}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[test]
fn api_answers_over_the_examples_corpus() {
    let data_dir = ingested_examples();
    let server = start_server(data_dir.path(), None);
    let port = server.port;

    let health = get(port, "/health");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(health.json()["writable"], false);

    let listing = get(port, "/api/stories?page=1&per_page=5");
    assert_eq!(listing.status, 200, "{}", listing.text());
    let listing = listing.json();
    let stories = listing["stories"].as_array().unwrap();
    assert!(!stories.is_empty() && stories.len() <= 5);
    assert!(listing["total"].as_u64().unwrap() >= stories.len() as u64);
    let biggest = &stories[0];
    assert!(!biggest["headline"].as_str().unwrap().is_empty());
    let story_id = biggest["id"].as_str().unwrap();

    let story = get(port, &format!("/api/stories/{}", encode(story_id)));
    assert_eq!(story.status, 200);
    let card = &story.json()["card"];
    assert_eq!(card["id"], story_id);
    assert_eq!(card["headline"], biggest["headline"]);
    let article_id = card["articles"][0].as_str().unwrap();

    let article = get(port, &format!("/api/articles/{}", encode(article_id)));
    assert_eq!(article.status, 200);
    let article = article.json();
    assert_eq!(article["article"]["id"], article_id);
    assert!(article["article"]["removed"].is_array());
    assert!(article["article"]["decisions"].is_object());

    let source = biggest["sources"][0].as_str().unwrap();
    let by_source = get(port, &format!("/api/stories?source={}", encode(source))).json();
    assert!(by_source["stories"]
        .as_array()
        .unwrap()
        .iter()
        .all(|story| story["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == source)));
    assert!(by_source["total"].as_u64().unwrap() >= 1);

    let search = get(port, &format!("/api/search?q={}", encode("الإتفاق")));
    assert_eq!(search.status, 200);
    let search = search.json();
    assert!(search["total_articles"].as_u64().unwrap() > 0);
    let first_hit = &search["stories"][0]["articles"][0];
    assert!(first_hit["snippet"]["html"]
        .as_str()
        .unwrap()
        .contains("<b>"));

    let filtered_listing = get(port, &format!("/api/stories?q={}", encode("الإتفاق"))).json();
    assert!(filtered_listing["total"].as_u64().unwrap() >= 1);

    let openapi = get(port, "/api/openapi.json");
    assert_eq!(openapi.status, 200);
    let paths = openapi.json()["paths"].as_object().unwrap().clone();
    for path in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles/{id}",
        "/api/search",
        "/api/articles",
        "/health",
    ] {
        assert!(paths.contains_key(path), "openapi lacks {path}");
    }

    let page = get(port, "/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("dir=\"rtl\"") && page.text().contains("lang=\"ar\""));
    assert_eq!(get(port, "/assets/app.js").status, 200);
}

#[test]
fn hostile_requests_get_clean_client_errors() {
    let data_dir = ingested_examples();
    let server = start_server(data_dir.path(), None);
    let port = server.port;
    let assert_client_error = |response: &Response, what: &str| {
        assert!(
            (400..500).contains(&response.status),
            "{what}: status {} body {}",
            response.status,
            response.text()
        );
        assert!(!response.text().contains("root:"), "{what} leaked a file");
    };

    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/assets/../../etc/passwd",
        "/assets/..%2f..%2fetc%2fpasswd",
        "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/assets/..%5c..%5cetc%5cpasswd",
        "/..%c0%af..%c0%afetc/passwd",
    ] {
        let response = get(port, path);
        assert_client_error(&response, path);
        assert_eq!(response.status, 404, "{path}");
    }

    let huge_query = format!("/api/search?q={}", "a".repeat(10 * 1024 * 1024));
    assert_client_error(&get(port, &huge_query), "10 MB query string");
    let long_query = format!("/api/search?q={}", "ب".repeat(3000));
    let long = get(port, &long_query);
    assert_client_error(&long, "long query");

    for query in [
        "nosuchfield:word",
        "title:(",
        "published:[1 TO",
        "\"unclosed",
        "+",
        "AND",
    ] {
        let response = get(port, &format!("/api/search?q={}", encode(query)));
        assert_eq!(response.status, 400, "query `{query}`: {}", response.text());
        assert!(response.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid query"));
    }
    assert_eq!(get(port, "/api/search").status, 400);
    assert_eq!(get(port, "/api/search?q=").status, 400);
    assert_eq!(get(port, "/api/search?q=x&from=yesterday").status, 400);
    assert_eq!(get(port, "/api/search?q=x&limit=-1").status, 400);
    assert_eq!(get(port, "/api/stories?page=abc").status, 400);
    assert_eq!(get(port, "/api/stories?page=0").status, 400);
    assert_eq!(get(port, "/api/stories?per_page=1000000").status, 400);
    assert_eq!(get(port, "/api/stories?page=1&page=2").status, 400);

    let unknown_story = get(port, "/api/stories/no-such-story");
    assert_eq!(unknown_story.status, 404);
    assert!(unknown_story.json()["error"]
        .as_str()
        .unwrap()
        .contains("no-such-story"));
    assert_eq!(get(port, "/api/articles/no-such-article").status, 404);
    assert_eq!(get(port, "/assets/no-such-file.js").status, 404);

    let read_only = post(
        port,
        "/api/articles",
        None,
        "{\"id\":\"x\",\"text\":\"y\"}\n",
    );
    assert_eq!(read_only.status, 403, "{}", read_only.text());

    // The server is still up after all of that.
    assert_eq!(get(port, "/health").status, 200);
}

#[test]
fn posting_articles_needs_the_token_and_makes_them_searchable() {
    let data_dir = ingested_examples();
    let token = "test-token-0123456789";
    let server = start_server(data_dir.path(), Some(token));
    let port = server.port;
    let line = "{\"id\":\"posted-1\",\"source\":\"posted.example\",\"title\":\"زلزال قوي يضرب جزيرة قرنفلستان\",\"text\":\"ضرب زلزال قوي جزيرة قرنفلستان صباح اليوم وأفادت السلطات بوقوع أضرار في المباني القديمة.\"}\n";

    let missing = post(port, "/api/articles", None, line);
    assert_eq!(missing.status, 401, "{}", missing.text());
    let wrong = post(
        port,
        "/api/articles",
        Some("Bearer wrong-token-0123456789"),
        line,
    );
    assert_eq!(wrong.status, 401);
    let not_bearer = post(port, "/api/articles", Some(token), line);
    assert_eq!(not_bearer.status, 401);
    assert_eq!(get(port, "/api/articles/posted-1").status, 404);

    let accepted = post(
        port,
        "/api/articles",
        Some(&format!("Bearer {token}")),
        &format!("{line}not json\n"),
    );
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    let report = accepted.json();
    assert_eq!(report["ingest"]["inserted"], 1);
    assert_eq!(report["ingest"]["rejected"], 1);
    assert_eq!(report["index"]["articles_indexed"], 1);

    assert_eq!(get(port, "/api/articles/posted-1").status, 200);
    let search = get(port, &format!("/api/search?q={}", encode("قرنفلستان"))).json();
    assert_eq!(search["stories"][0]["articles"][0]["id"], "posted-1");
}
