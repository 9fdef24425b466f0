#!/usr/bin/env python3
"""Scores `khabar export` duplicate groups against the exact near-duplicate ground truth.

Usage: score_neardup.py EXPORT.jsonl PAIRS.tsv.gz CORPUS.jsonl.gz

A pair counts as reported when both articles end up in the same duplicate group
(same canonical). Pairs involving a document with fewer than 5 tokens are scored
separately, as the ground truth's DEFINITION.md advises.
"""
import gzip, json, sys, itertools, re, collections

def tokens(text):
    return [t for t in re.split(r"\W+", text) if t]

export_path, pairs_path, corpus_path = sys.argv[1:4]
group_of = {}
for line in open(export_path, encoding="utf-8"):
    article = json.loads(line)
    group_of[article["id"]] = article["duplicate_of"] or article["id"]
short = set()
with gzip.open(corpus_path, "rt", encoding="utf-8") as corpus:
    for line in corpus:
        record = json.loads(line)
        if len(tokens((record.get("title") or "") + "\n" + (record.get("text") or ""))) < 5:
            short.add(record["id"])
truth = {}
with gzip.open(pairs_path, "rt", encoding="utf-8") as pairs:
    header = pairs.readline()
    for line in pairs:
        id_a, id_b, jaccard = line.split("\t")[:3]
        truth[frozenset((id_a, id_b))] = float(jaccard)
members = collections.defaultdict(list)
for article_id, group in group_of.items():
    members[group].append(article_id)
reported = set()
for group_members in members.values():
    for id_a, id_b in itertools.combinations(sorted(group_members), 2):
        reported.add(frozenset((id_a, id_b)))

def bucket(predicate):
    pairs = [pair for pair, jaccard in truth.items() if predicate(jaccard) and not (pair & short)]
    found = sum(1 for pair in pairs if pair in reported)
    return {"pairs": len(pairs), "found": found, "recall": round(found / len(pairs), 4) if pairs else None}

reported_long = [pair for pair in reported if not (pair & short)]
wrong = [pair for pair in reported_long if truth.get(pair, 0.0) < 0.7]
short_pairs = [pair for pair in truth if pair & short]
result = {
    "recall_j_ge_0.9": bucket(lambda j: j >= 0.9),
    "recall_0.8_le_j_lt_0.9": bucket(lambda j: 0.8 <= j < 0.9),
    "reported_pairs": len(reported_long),
    "reported_pairs_with_j_lt_0.7": len(wrong),
    "share_below_0.7": round(len(wrong) / len(reported_long), 4) if reported_long else 0.0,
    "short_document_pairs": {"truth": len(short_pairs), "found": sum(1 for pair in short_pairs if pair in reported),
                             "reported_short_pairs_not_in_truth": sum(1 for pair in reported if pair & short and pair not in truth)},
}
print(json.dumps(result, indent=2))
