//! Extraction from the fictional Arabic news pages in `<repo>/examples/corpus/html/`: the
//! article paragraphs are kept, the share bar, related list, comments and footer are
//! not (after the extractor and the line rules).

use std::path::PathBuf;

use khabar_clean::{
    clean_text, extract_html, looks_like_html, rule_set_for, BoilerplateStats, CleanConfig,
};

struct Page {
    file: &'static str,
    title: &'static str,
    author: Option<&'static str>,
    published_prefix: Option<&'static str>,
    paragraphs: &'static [&'static str],
    noise: &'static [&'static str],
}

const PAGES: [Page; 3] = [
    Page {
        file: "alwaha-news-desalination.html",
        title: "افتتاح محطة تحلية جديدة في مدينة الواحة الساحلية",
        author: Some("سلمى الراشد"),
        published_prefix: Some("2024-03-14"),
        paragraphs: &[
            "افتتحت هيئة المياه في مدينة الواحة الساحلية صباح اليوم الخميس",
            "وقال المدير العام للهيئة، المهندس كريم العطار",
            "وأضاف العطار أن المشروع استغرق ثلاث سنوات",
            "وأوضح أن المرحلة الثانية من المشروع ستبدأ مطلع العام المقبل",
            "من جهتهم، رحب سكان الأحياء الشرقية بالمشروع",
        ],
        noise: &[
            "واتساب",
            "هيئة المياه تعلن خطة صيانة الشبكة القديمة",
            "مشروع ممتاز ننتظره منذ سنوات",
            "جميع الحقوق محفوظة",
            "اشترك في النشرة",
            "تصوير",
        ],
    },
    Page {
        file: "albadiya-times-football.html",
        title: "نادي النجمة يتأهل إلى نهائي الكأس بعد فوز مثير",
        author: Some("طارق المنصوري"),
        published_prefix: Some("2023-11-02"),
        paragraphs: &[
            "تأهل نادي النجمة إلى المباراة النهائية لكأس البطولة المحلية",
            "وتقدم الساحل بهدف مبكر في الدقيقة السابعة",
            "وفي الشوط الثاني، أضاف النجمة هدفين متتاليين",
            "وقال مدرب النجمة، فراس العمري",
            "ويلتقي النجمة في النهائي المقرر بعد أسبوعين",
        ],
        noise: &[
            "WhatsApp",
            "| 2 نوفمبر 2023",
            "الساحل يعلن إصابة حارسه الأساسي",
            "مبروك للنجمة",
            "All rights reserved",
            "سجل في النشرة البريدية",
        ],
    },
    Page {
        file: "almarsad-economy-dates.html",
        title: "ارتفاع صادرات التمور بنسبة الربع خلال الموسم الحالي",
        author: Some("هدى الشمري"),
        published_prefix: Some("2022-09-20"),
        paragraphs: &[
            "ارتفعت صادرات التمور من المنطقة الوسطى",
            "وأرجع التقرير الزيادة إلى فتح أسواق جديدة",
            "وبلغت قيمة الصادرات نحو ثلاثمئة وعشرين مليون دولار",
            "وقال رئيس المركز، الدكتور عبدالله النخلي",
        ],
        noise: &[
            "أسعار الأعلاف ترتفع للشهر الثالث",
            "الوسوم",
            "أين دعم المزارعين",
            "جميع الحقوق محفوظة",
            "سياسة الخصوصية",
        ],
    },
];

fn pages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus/html")
}

#[test]
fn fictional_arabic_pages_keep_article_and_drop_furniture() {
    let config = CleanConfig::default();
    let rules = rule_set_for(&config).expect("rules compile");
    for page in PAGES {
        let html = std::fs::read_to_string(pages_dir().join(page.file)).expect("page reads");
        assert!(looks_like_html(&html), "{}", page.file);
        let extracted = extract_html(&html, None).expect("page extracts");
        let cleaned = clean_text(
            &extracted.text,
            None,
            None,
            &rules,
            &BoilerplateStats::new(),
            &config,
        );
        let report = format!(
            "{}\n--- extracted:\n{}\n--- cleaned:\n{}",
            page.file, extracted.text, cleaned.text
        );
        let title = extracted.title.as_deref().unwrap_or_default();
        assert!(title.contains(page.title), "title {title:?}\n{report}");
        if let Some(author) = page.author {
            assert_eq!(extracted.author.as_deref(), Some(author), "{report}");
        }
        if let Some(prefix) = page.published_prefix {
            let published = extracted.published.map(|date| date.to_rfc3339());
            assert!(
                published
                    .as_deref()
                    .is_some_and(|date| date.starts_with(prefix)),
                "published {published:?}\n{report}"
            );
        }
        for paragraph in page.paragraphs {
            assert_eq!(
                cleaned.text.matches(paragraph).count(),
                1,
                "missing {paragraph}\n{report}"
            );
        }
        for noise in page.noise {
            assert!(
                !cleaned.text.contains(noise),
                "noise {noise} kept\n{report}"
            );
        }
    }
}
