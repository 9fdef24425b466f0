//! Prints what `extract_html` finds on HTML pages, to measure the extractor:
//! cargo run --release -p khabar-clean --example html_extract -- examples/corpus/html/*.html

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let html = std::fs::read_to_string(&path)?;
        match khabar_clean::extract_html(&html, None) {
            Ok(page) => println!(
                "=== {path}\ntitle: {:?}\nauthor: {:?}\npublished: {:?}\nsite: {:?}\n{}\n",
                page.title, page.author, page.published, page.site_name, page.text
            ),
            Err(error) => println!("=== {path}\nerror: {error}\n"),
        }
    }
    Ok(())
}
