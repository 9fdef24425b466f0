//! End-to-end behaviour of the streaming deduplicator on a synthetic corpus
//! with planted copies: batch vs incremental identity, restart persistence,
//! TTL eviction, removal and canonical re-election.

use std::collections::BTreeMap;

use khabar_dedup::sketch::SplitMix64;
use khabar_dedup::{
    ArticleMeta, DedupConfig, DedupDecision, DedupInput, DedupState, Deduplicator, DuplicateKind,
    Fingerprinter, ShortDocumentPolicy, SkipReason,
};

const DAY: i64 = 86_400;
const START: i64 = 1_437_436_800; // 2015-07-21

struct Article {
    key: u64,
    id: String,
    published: Option<i64>,
    tokens: Vec<String>,
}

fn random_text(generator: &mut SplitMix64, length: usize) -> Vec<String> {
    (0..length)
        .map(|_| format!("w{}", generator.next_u64() % 5_000))
        .collect()
}

/// A stream of originals, verbatim copies, lightly edited copies (one token
/// changed near the end: J ≈ 0.9) and unrelated articles, spread over 60 days
/// with a few undated ones.
fn synthetic_corpus(count: usize) -> Vec<Article> {
    let mut generator = SplitMix64::new(7);
    let mut originals: Vec<Vec<String>> = Vec::new();
    let mut articles = Vec::new();
    for index in 0..count {
        let roll = generator.next_u64() % 10;
        let tokens = if roll < 3 && !originals.is_empty() {
            let source = &originals[(generator.next_u64() as usize) % originals.len()];
            source.clone()
        } else if roll < 6 && !originals.is_empty() {
            let mut edited = originals[(generator.next_u64() as usize) % originals.len()].clone();
            let position = edited.len() - 1 - (generator.next_u64() as usize % 3);
            edited[position] = format!("edit{index}");
            edited
        } else {
            let length = 60 + (generator.next_u64() % 60) as usize;
            let fresh = random_text(&mut generator, length);
            originals.push(fresh.clone());
            fresh
        };
        let published = if generator.next_u64().is_multiple_of(20) {
            None
        } else {
            // Mostly increasing dates with some late arrivals.
            let jitter = (generator.next_u64() % (3 * DAY as u64)) as i64;
            Some(START + (index as i64 * 60 * DAY) / count as i64 - jitter)
        };
        articles.push(Article {
            key: index as u64,
            id: format!("a{index}"),
            published,
            tokens,
        });
    }
    articles
}

fn observe(deduplicator: &mut Deduplicator, article: &Article) -> DedupDecision {
    deduplicator
        .observe(DedupInput {
            key: article.key,
            article_id: article.id.clone(),
            source: Some(format!("outlet{}", article.key % 4)),
            published: article.published,
            tokens: &article.tokens,
        })
        .unwrap()
}

/// Group id and kind of every article, as decided.
fn run_in_batches(
    config: &DedupConfig,
    articles: &[Article],
    batches: usize,
    via_records: bool,
) -> (BTreeMap<u64, (Option<u64>, DuplicateKind)>, DedupState) {
    let mut deduplicator = Deduplicator::new(config.clone()).unwrap();
    let mut decided = BTreeMap::new();
    let batch_size = articles.len().div_ceil(batches);
    for batch in articles.chunks(batch_size) {
        for article in batch {
            let decision = observe(&mut deduplicator, article);
            decided.insert(article.key, (decision.group_id, decision.kind));
        }
        let state = deduplicator.to_state();
        let serialized = serde_json::to_string(&state).unwrap();
        let reloaded: DedupState = serde_json::from_str(&serialized).unwrap();
        deduplicator = if via_records {
            Deduplicator::restore(config.clone(), reloaded.articles).unwrap()
        } else {
            Deduplicator::from_state(config.clone(), reloaded).unwrap()
        };
    }
    (decided, deduplicator.to_state())
}

#[test]
fn ten_batches_with_restarts_give_the_same_groups_as_one_batch() {
    let articles = synthetic_corpus(1_500);
    // A strict 30-day window over a 60-day stream: eviction happens between
    // and within batches.
    let config = DedupConfig {
        min_retained_articles: 0,
        ..DedupConfig::default()
    };
    let (one_batch, one_batch_state) = run_in_batches(&config, &articles, 1, false);
    let (ten_batches, ten_batches_state) = run_in_batches(&config, &articles, 10, false);
    assert_eq!(one_batch, ten_batches);
    assert_eq!(one_batch_state, ten_batches_state);

    let duplicates = one_batch
        .values()
        .filter(|(_, kind)| *kind != DuplicateKind::Unique)
        .count();
    assert!(duplicates > 500, "the corpus plants copies: {duplicates}");
    let near = one_batch
        .values()
        .filter(|(_, kind)| *kind == DuplicateKind::Near)
        .count();
    assert!(near > 200, "edited copies are near duplicates: {near}");
}

#[test]
fn fingerprints_computed_ahead_give_the_same_decisions_as_observe() {
    let corpus = synthetic_corpus(1_500);
    let config = DedupConfig::default();
    let mut direct = Deduplicator::new(config.clone()).unwrap();
    let mut ahead = Deduplicator::new(config.clone()).unwrap();
    let mut fingerprinter = Fingerprinter::new(config.shingle_size, config.num_permutations);
    for article in &corpus {
        let expected = observe(&mut direct, article);
        let fingerprints =
            fingerprinter.fingerprints(&article.tokens, config.min_tokens_for_near_duplicate);
        let meta = ArticleMeta {
            key: article.key,
            article_id: article.id.clone(),
            source: Some(format!("outlet{}", article.key % 4)),
            published: article.published,
        };
        let got = ahead.observe_fingerprinted(meta, fingerprints).unwrap();
        assert_eq!(got, expected, "decisions differ for {}", article.id);
    }
    assert_eq!(direct.to_state(), ahead.to_state());
}

#[test]
fn text_fingerprints_computed_on_two_threads_give_the_decisions_of_observe() {
    let corpus = synthetic_corpus(1_500);
    let config = DedupConfig::default();
    let texts: Vec<String> = corpus
        .iter()
        .map(|article| article.tokens.join(" "))
        .collect();
    let fingerprint_all = |part: &[String]| -> Vec<khabar_dedup::Fingerprints> {
        let mut fingerprinter = Fingerprinter::new(config.shingle_size, config.num_permutations);
        part.iter()
            .map(|text| {
                fingerprinter.fingerprints_of_space_separated(
                    text.as_bytes(),
                    config.min_tokens_for_near_duplicate,
                )
            })
            .collect()
    };
    let (first_half, second_half) = texts.split_at(texts.len() / 2);
    let (mut prepared, second_prepared) = std::thread::scope(|scope| {
        let second = scope.spawn(|| fingerprint_all(second_half));
        (fingerprint_all(first_half), second.join().unwrap())
    });
    prepared.extend(second_prepared);

    let mut direct = Deduplicator::new(config.clone()).unwrap();
    let mut parallel = Deduplicator::new(config.clone()).unwrap();
    for (article, fingerprints) in corpus.iter().zip(prepared) {
        let expected = observe(&mut direct, article);
        let meta = ArticleMeta {
            key: article.key,
            article_id: article.id.clone(),
            source: Some(format!("outlet{}", article.key % 4)),
            published: article.published,
        };
        let got = parallel.observe_fingerprinted(meta, fingerprints).unwrap();
        assert_eq!(got, expected, "decisions differ for {}", article.id);
    }
    assert_eq!(direct.to_state(), parallel.to_state());
    assert_eq!(direct.duplicate_groups(), parallel.duplicate_groups());
}

#[test]
fn restoring_from_per_article_records_gives_the_same_groups_without_eviction() {
    let articles = synthetic_corpus(800);
    let config = DedupConfig {
        ttl_days: 0,
        ..DedupConfig::default()
    };
    let (one_batch, _) = run_in_batches(&config, &articles, 1, true);
    let (ten_batches, _) = run_in_batches(&config, &articles, 10, true);
    assert_eq!(one_batch, ten_batches);
}

#[test]
fn copies_are_found_and_point_to_the_earliest_published() {
    let text: Vec<String> = (0..40).map(|index| format!("t{index}")).collect();
    let mut edited = text.clone();
    edited[39] = "changed".to_string();
    let mut deduplicator = Deduplicator::new(DedupConfig::default()).unwrap();
    let later = Article {
        key: 1,
        id: "later".into(),
        published: Some(START + DAY),
        tokens: text.clone(),
    };
    let first = observe(&mut deduplicator, &later);
    assert_eq!(first.kind, DuplicateKind::Unique);
    assert_eq!(first.duplicate_of, None);

    let copy = observe(
        &mut deduplicator,
        &Article {
            key: 2,
            id: "copy".into(),
            published: Some(START + 2 * DAY),
            tokens: text.clone(),
        },
    );
    assert_eq!(copy.kind, DuplicateKind::Exact);
    assert_eq!(copy.duplicate_of.as_ref().unwrap().article_id, "later");
    assert_eq!(copy.verified_jaccard, Some(1.0));

    // 36 five-token shingles, one changed token alters one shingle: J = 35/37.
    let near = observe(
        &mut deduplicator,
        &Article {
            key: 3,
            id: "near".into(),
            published: None,
            tokens: edited,
        },
    );
    assert_eq!(near.kind, DuplicateKind::Near);
    let verified = near.verified_jaccard.unwrap();
    assert!((verified - 35.0 / 37.0).abs() < 1e-12, "{verified}");
    assert!(near.candidates_checked >= 1);
    assert_eq!(near.group_id, Some(1));

    // An earlier-published copy arrives last: it becomes the canonical.
    let earliest = observe(
        &mut deduplicator,
        &Article {
            key: 4,
            id: "earliest".into(),
            published: Some(START),
            tokens: text,
        },
    );
    assert_eq!(earliest.duplicate_of, None);
    let change = earliest.canonical_change.expect("canonical changes");
    assert_eq!(change.previous.article_id, "later");
    assert_eq!(change.current.article_id, "earliest");
    let mut repointed: Vec<&str> = change
        .repointed
        .iter()
        .map(|member| member.article_id.as_str())
        .collect();
    repointed.sort_unstable();
    assert_eq!(repointed, vec!["copy", "later", "near"]);
    let explanation = deduplicator.explain(3).unwrap();
    assert_eq!(explanation.canonical.article_id, "earliest");
    let similarity = explanation.similarity_to_canonical.unwrap();
    assert!((similarity.verified_jaccard - 35.0 / 37.0).abs() < 1e-12);

    let groups = deduplicator.duplicate_groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members.len(), 4);
}

#[test]
fn removing_the_canonical_elects_the_next_earliest_member() {
    let text: Vec<String> = (0..30).map(|index| format!("t{index}")).collect();
    let mut deduplicator = Deduplicator::new(DedupConfig::default()).unwrap();
    for (key, published) in [(10, Some(START + 5)), (11, None), (12, Some(START + 9))] {
        observe(
            &mut deduplicator,
            &Article {
                key,
                id: format!("a{key}"),
                published,
                tokens: text.clone(),
            },
        );
    }
    let outcome = deduplicator.remove(10).unwrap();
    let change = outcome.canonical_change.unwrap();
    assert_eq!(change.current.key, 12, "dated member wins over undated");
    assert_eq!(
        change
            .repointed
            .iter()
            .map(|member| member.key)
            .collect::<Vec<_>>(),
        vec![11]
    );
    assert!(!deduplicator.contains(10));
    assert_eq!(deduplicator.explain(11).unwrap().canonical.key, 12);
    // Removing a non-canonical member changes nothing else.
    let outcome = deduplicator.remove(11).unwrap();
    assert!(outcome.canonical_change.is_none());
    assert!(deduplicator.remove(11).is_none());
    // A fresh copy still finds the remaining member.
    let again = observe(
        &mut deduplicator,
        &Article {
            key: 13,
            id: "a13".into(),
            published: None,
            tokens: text,
        },
    );
    assert_eq!(again.duplicate_of.unwrap().key, 12);
}

#[test]
fn ttl_evicts_articles_older_than_the_window_and_bounds_memory() {
    let config = DedupConfig {
        ttl_days: 10,
        max_undated_articles: 5,
        min_retained_articles: 0,
        ..DedupConfig::default()
    };
    let mut deduplicator = Deduplicator::new(config).unwrap();
    let mut generator = SplitMix64::new(99);
    let old_text = random_text(&mut generator, 50);
    observe(
        &mut deduplicator,
        &Article {
            key: 0,
            id: "old".into(),
            published: Some(START),
            tokens: old_text.clone(),
        },
    );
    // One unrelated article per day for 40 days.
    for day in 1..40u64 {
        observe(
            &mut deduplicator,
            &Article {
                key: day,
                id: format!("d{day}"),
                published: Some(START + day as i64 * DAY),
                tokens: random_text(&mut generator, 50),
            },
        );
        assert!(deduplicator.len() <= 12, "window holds ~10 days");
    }
    assert!(!deduplicator.contains(0), "the old article was evicted");
    assert!(deduplicator.contains(39) && deduplicator.contains(29));
    assert!(!deduplicator.contains(28), "29 days ago is outside 10 days");
    // A copy of the evicted article is no longer recognised.
    let copy = observe(
        &mut deduplicator,
        &Article {
            key: 100,
            id: "copy-of-old".into(),
            published: Some(START + 39 * DAY),
            tokens: old_text,
        },
    );
    assert_eq!(copy.kind, DuplicateKind::Unique);

    // Undated articles are capped by count, earliest ingested leaving first.
    for key in 200..210u64 {
        observe(
            &mut deduplicator,
            &Article {
                key,
                id: format!("u{key}"),
                published: None,
                tokens: random_text(&mut generator, 50),
            },
        );
    }
    assert!(!deduplicator.contains(204) && deduplicator.contains(205));

    // Explicit eviction by cutoff.
    let evicted = deduplicator.evict_older_than(START + 35 * DAY);
    assert_eq!(evicted, vec![29, 30, 31, 32, 33, 34]);
}

#[test]
fn evicted_canonical_keeps_pointing_later_members_to_it() {
    let config = DedupConfig {
        ttl_days: 10,
        min_retained_articles: 0,
        ..DedupConfig::default()
    };
    let text: Vec<String> = (0..30).map(|index| format!("t{index}")).collect();
    let mut deduplicator = Deduplicator::new(config.clone()).unwrap();
    for (key, day) in [(0, 0), (1, 8), (2, 15)] {
        let decision = observe(
            &mut deduplicator,
            &Article {
                key,
                id: format!("a{key}"),
                published: Some(START + day * DAY),
                tokens: text.clone(),
            },
        );
        if key == 2 {
            assert!(!deduplicator.contains(0));
            assert_eq!(decision.duplicate_of.unwrap().key, 0);
            assert_eq!(decision.matched.unwrap().key, 1);
        }
    }
    // The snapshot carries the evicted canonical across a restart.
    let restored = Deduplicator::from_state(config, deduplicator.to_state()).unwrap();
    assert_eq!(restored.explain(2).unwrap().canonical.key, 0);
}

#[test]
fn short_and_empty_documents_follow_the_policy() {
    let cartoon = vec!["كاريكاتير".to_string()];
    let mut exact_only = Deduplicator::new(DedupConfig::default()).unwrap();
    let empty: Vec<String> = Vec::new();
    let skipped = exact_only
        .observe(DedupInput {
            key: 0,
            article_id: "e".into(),
            source: None,
            published: None,
            tokens: &empty,
        })
        .unwrap();
    assert_eq!(skipped.skipped, Some(SkipReason::Empty));
    let first = observe(
        &mut exact_only,
        &Article {
            key: 1,
            id: "c1".into(),
            published: None,
            tokens: cartoon.clone(),
        },
    );
    assert_eq!(first.kind, DuplicateKind::Unique);
    let second = observe(
        &mut exact_only,
        &Article {
            key: 2,
            id: "c2".into(),
            published: None,
            tokens: cartoon.clone(),
        },
    );
    assert_eq!(second.kind, DuplicateKind::Exact);
    // A short text never near-matches, even a one-token edit.
    let other = observe(
        &mut exact_only,
        &Article {
            key: 3,
            id: "c3".into(),
            published: None,
            tokens: vec!["كاريكاتير".to_string(), "اليوم".to_string()],
        },
    );
    assert_eq!(other.kind, DuplicateKind::Unique);

    let mut ignore = Deduplicator::new(DedupConfig {
        short_document_policy: ShortDocumentPolicy::Ignore,
        ..DedupConfig::default()
    })
    .unwrap();
    for key in 1..3 {
        let decision = observe(
            &mut ignore,
            &Article {
                key,
                id: format!("c{key}"),
                published: None,
                tokens: cartoon.clone(),
            },
        );
        assert_eq!(decision.skipped, Some(SkipReason::TooShort));
    }
    assert!(ignore.is_empty());
}

#[test]
fn duplicate_keys_and_foreign_states_are_rejected() {
    let mut deduplicator = Deduplicator::new(DedupConfig::default()).unwrap();
    let article = Article {
        key: 5,
        id: "x".into(),
        published: None,
        tokens: (0..10).map(|index| format!("t{index}")).collect(),
    };
    observe(&mut deduplicator, &article);
    let again = deduplicator.observe(DedupInput {
        key: 5,
        article_id: "y".into(),
        source: None,
        published: None,
        tokens: &article.tokens,
    });
    assert!(again.is_err());
    let mut state = deduplicator.to_state();
    state.sketch_format_version += 1;
    assert!(Deduplicator::from_state(DedupConfig::default(), state).is_err());
    let other_size = DedupConfig {
        num_permutations: 32,
        bands: 8,
        ..DedupConfig::default()
    };
    assert!(Deduplicator::from_state(other_size, deduplicator.to_state()).is_err());
}

#[test]
fn retention_floor_lets_late_relistings_find_their_copies() {
    let text: Vec<String> = (0..30).map(|index| format!("t{index}")).collect();
    let mut generator = SplitMix64::new(5);
    let run = |floor: usize, generator: &mut SplitMix64| {
        let mut deduplicator = Deduplicator::new(DedupConfig {
            ttl_days: 10,
            min_retained_articles: floor,
            ..DedupConfig::default()
        })
        .unwrap();
        observe(
            &mut deduplicator,
            &Article {
                key: 0,
                id: "first-listing".into(),
                published: Some(START),
                tokens: text.clone(),
            },
        );
        for day in 1..=60u64 {
            observe(
                &mut deduplicator,
                &Article {
                    key: day,
                    id: format!("d{day}"),
                    published: Some(START + day as i64 * DAY),
                    tokens: random_text(generator, 40),
                },
            );
        }
        // The same item listed again, months behind the watermark.
        let relisting = observe(
            &mut deduplicator,
            &Article {
                key: 1_000,
                id: "second-listing".into(),
                published: Some(START),
                tokens: text.clone(),
            },
        );
        (relisting.kind, deduplicator.len())
    };
    let (strict_kind, strict_len) = run(0, &mut generator);
    assert_eq!(strict_kind, DuplicateKind::Unique);
    assert!(strict_len <= 12);
    let (floored_kind, floored_len) = run(100, &mut generator);
    assert_eq!(floored_kind, DuplicateKind::Exact);
    assert_eq!(floored_len, 62, "nothing evicted below the floor");
}

#[test]
fn an_article_bridging_two_groups_merges_them() {
    // left and right share the middle 20 tokens with bridge but only J < 0.8
    // with each other; bridge is ≥ 0.8 with both.
    let core: Vec<String> = (0..60).map(|index| format!("c{index}")).collect();
    let mut left = core.clone();
    left.extend((0..12).map(|index| format!("l{index}")));
    let mut right = core.clone();
    right.splice(0..0, (0..12).map(|index| format!("r{index}")));
    let mut deduplicator = Deduplicator::new(DedupConfig::default()).unwrap();
    let texts = [(1, &left, 3), (2, &right, 1), (3, &core, 2)];
    let mut decisions = Vec::new();
    for (key, tokens, day) in texts {
        decisions.push(observe(
            &mut deduplicator,
            &Article {
                key,
                id: format!("a{key}"),
                published: Some(START + day * DAY),
                tokens: tokens.clone(),
            },
        ));
    }
    let left_right = deduplicator.similarity(1, 2).unwrap().verified_jaccard;
    assert!(left_right < 0.8, "{left_right}");
    assert_eq!(decisions[1].kind, DuplicateKind::Unique);
    let bridge = &decisions[2];
    assert_eq!(bridge.kind, DuplicateKind::Near);
    let change = bridge.canonical_change.as_ref().expect("groups merge");
    assert_eq!(change.group_id, 1);
    assert_eq!(change.absorbed_groups, vec![2]);
    assert_eq!(change.current.key, 2, "right is the earliest published");
    assert_eq!(bridge.duplicate_of.as_ref().unwrap().key, 2);
    let repointed: Vec<u64> = change.repointed.iter().map(|member| member.key).collect();
    assert_eq!(repointed, vec![1]);
    let groups = deduplicator.duplicate_groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members.len(), 3);
    assert_eq!(deduplicator.persisted(2).unwrap().group_id, 1);
}
