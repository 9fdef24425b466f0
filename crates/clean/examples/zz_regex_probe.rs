use std::io::{BufRead, BufReader};
fn cpu() -> f64 { let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap(); let a = s.rsplit_once(')').unwrap().1; let f: Vec<&str> = a.split_whitespace().collect(); (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap())/100.0 }
fn main() {
    let path = "/work/shared/data/saudinewsnet.jsonl.gz";
    let reader = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()));
    let mut lines = Vec::new();
    for line in reader.lines() { let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap(); for l in v["text"].as_str().unwrap_or("").lines() { let t = l.trim(); if !t.is_empty() { lines.push(t.to_string()); } } }
    let mb = lines.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    for def in khabar_clean::builtin_rule_definitions().unwrap() {
        let p = &def.pattern;
        let src = match def.kind { khabar_clean::RuleKind::LeadingFragment => format!(r"^\s*(?:{p})\s*"), khabar_clean::RuleKind::TrailingFragment => format!(r"(?:{p})"), _ => continue };
        let re = regex::Regex::new(&src).unwrap();
        let c0 = cpu(); let mut hits = 0;
        for _ in 0..3 { for l in &lines { if re.is_match(l) { hits += 1; } } }
        let s = (cpu() - c0) / 3.0;
        let c0 = cpu();
        for _ in 0..3 { for l in &lines { if re.captures(l).is_some() { hits += 1; } } }
        let s2 = (cpu() - c0) / 3.0;
        println!("{:<24} is_match {:.3}s ({:.0} MB/s) captures {:.3}s hits {}", def.name, s, mb / s.max(1e-3), s2, hits);
    }
}
