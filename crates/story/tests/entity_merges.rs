//! Spelling variants are merged, different words are not. The articles are
//! fictional (a diplomat named Dina Paul tipped for an ambassador's post),
//! written for this test; «لدينا» ("we have") must not become a spelling of
//! the name «دينا».

mod support;

use khabar_story::{StoryCardBuilder, StoryCardConfig};
use support::article;

#[test]
fn a_common_word_with_a_glued_preposition_is_not_a_spelling_of_a_name() {
    let articles = vec![
        article(
            "a-1",
            "first.example",
            "دينا باول مرشحة لمنصب السفيرة في المنظمة الدولية",
            "قال الرئيس إن دينا باول من بين خمسة مرشحين لخلافة السفيرة المستقيلة.\n\
             وأضاف في تصريح للصحفيين: لدينا أسماء عظيمة ولدينا وقت كاف لاتخاذ القرار.\n\
             وعملت دينا باول مستشارة للأمن القومي قبل أن تنتقل إلى القطاع المصرفي.",
        ),
        article(
            "b-1",
            "second.example",
            "الرئيس: دينا باول بين المرشحين لخلافة السفيرة",
            "أكد الرئيس أن المستشارة السابقة دينا باول ضمن قائمة قصيرة لمنصب السفيرة.\n\
             وقال: لدينا مرشحون رائعون، وسنعلن الاسم خلال أسبوعين.\n\
             وكانت دينا باول قد غادرت البيت الرئاسي في مطلع العام.",
        ),
    ];
    let mut builder = StoryCardBuilder::with_shipped_background(StoryCardConfig::default());
    let card = builder.build("dina", &articles);
    let dina = card
        .entities
        .iter()
        .find(|entity| {
            entity
                .variants
                .iter()
                .any(|variant| variant.contains("دينا"))
        })
        .unwrap_or_else(|| panic!("no entity for the name: {:#?}", card.entities));
    assert!(
        dina.variants
            .iter()
            .all(|variant| !variant.starts_with("لدينا")),
        "«لدينا» merged with the name: {:?}",
        dina.variants
    );
}
