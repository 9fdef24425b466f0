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

/// Two fictional outlets report a visit to two invented ports, always named
/// together with a glued «و» («ميناءي الريحان والزيتون»): the pair is not a
/// name, and neither port is a spelling of the pair.
#[test]
fn two_names_joined_by_a_glued_conjunction_are_not_one_name() {
    let articles = vec![
        article(
            "c-1",
            "first.example",
            "الوزير يتفقد ميناءي الريحان والزيتون",
            "تفقد وزير النقل اليوم ميناءي الريحان والزيتون على الساحل الجنوبي.\n\
             وقال الوزير إن العمل في ميناءي الريحان والزيتون سيتضاعف العام المقبل.\n\
             وأضاف أن الريحان سيستقبل سفن الحاويات الكبيرة بعد توسيع أرصفته.",
        ),
        article(
            "d-1",
            "second.example",
            "توسعة ميناءي الريحان والزيتون",
            "أعلن وزير النقل خطة لتوسعة ميناءي الريحان والزيتون خلال زيارته للساحل.\n\
             وأوضح أن الريحان سيصبح أكبر موانئ البلاد وأن الزيتون سيخصص لصيد الأسماك.\n\
             وتضم الخطة ميناءي الريحان والزيتون وطريقا سريعا يربطهما بالعاصمة.",
        ),
    ];
    let mut builder = StoryCardBuilder::with_shipped_background(StoryCardConfig::default());
    let card = builder.build("ports", &articles);
    assert!(
        card.entities.iter().any(|entity| entity
            .variants
            .iter()
            .any(|variant| variant.contains("الريحان"))),
        "the port is not among the entities: {:#?}",
        card.entities
    );
    for entity in &card.entities {
        assert!(
            entity
                .variants
                .iter()
                .all(|variant| !variant.contains(" والزيتون")),
            "a name spans the conjunction: {:?}",
            entity.variants
        );
    }
}
