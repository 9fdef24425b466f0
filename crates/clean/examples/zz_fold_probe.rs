use std::io::{BufRead, BufReader};
use std::time::Instant;
fn cpu() -> f64 { let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap(); let a = s.rsplit_once(')').unwrap().1; let f: Vec<&str> = a.split_whitespace().collect(); (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap())/100.0 }
use khabar_clean::normalize::{normalized_hash_and_words, DigitFolding, word_count};
fn main() {
    let path = "/work/shared/data/saudinewsnet.jsonl.gz";
    let reader = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()));
    let mut texts = Vec::new();
    for line in reader.lines() { let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap(); texts.push(v["text"].as_str().unwrap_or("").to_string()); }
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    for _ in 0..2 {
        let t = Instant::now(); let c0 = cpu(); let mut acc = 0u64;
        for text in &texts { for line in text.lines() { acc ^= normalized_hash_and_words(line, DigitFolding::Keep).0; } }
        let _ = t; let s = (cpu() - c0).max(0.001); println!("fold-hash {:.0} MB/s {acc}", mb / s);
        let t = Instant::now(); let c0 = cpu(); let mut acc = 0u64;
        for text in &texts { for line in text.lines() { acc ^= xxhash_rust::xxh3::xxh3_64(line.trim().as_bytes()); } }
        let _ = t; let s = (cpu() - c0).max(0.001); println!("raw xxh3 {:.0} MB/s {acc}", mb / s);
        let t = Instant::now(); let c0 = cpu(); let mut acc = 0usize;
        for text in &texts { for line in text.lines() { acc += word_count(line); } }
        let _ = t; let s = (cpu() - c0).max(0.001); println!("word_count {:.0} MB/s {acc}", mb / s);
        let t = Instant::now(); let c0 = cpu(); let mut acc = 0usize;
        for text in &texts { acc += khabar_clean::normalize::count_visible_chars(text); }
        let _ = t; let s = (cpu() - c0).max(0.001); println!("visible {:.0} MB/s {acc}", mb / s);
    }
}
