#!/usr/bin/env python3
"""Does a word-vector similarity tell a restatement from a new fact better
than the story card's lexical containment? (crates/story/README.md)

Positives: the `agree` pairs of ans-stance (one story reworded). Negatives:
two sentences of one ANT article (one report rarely states a fact twice),
and, for reference, the `disagree` pairs (shared wording, other facts).
Prints the ROC AUC of each signal, overall and where the lexical cosine is
below 0.3 (the region where the summary's remaining repeats live).

usage: $PY scripts/paraphrase_signals.py --model w2v.model --terms saudinewsnet.terms.jsonl
       (writes and analyzes the pairs itself with target/release/khabar analyze)
"""
import argparse
import collections
import csv
import gzip
import json
import math
import random
import re
import subprocess

from gensim.models import Word2Vec
from sklearn.metrics import roc_auc_score

SHARED = "../shared/data"


def sentence_pairs():
    pairs = []
    for split in ("train", "dev"):
        with open(f"{SHARED}/ans-stance/{split}.csv", encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                label = "agree" if row["stance"] == "agree" else "disagree"
                pairs.append((label, row["s1"], row["s2"]))
    generator = random.Random(5)
    with gzip.open(f"{SHARED}/ant-multisource.jsonl.gz", "rt", encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    generator.shuffle(articles)
    for article in articles[:3000]:
        sentences = [s.strip() for s in re.split(r"(?<=[.!؟?])\s+|\n+", article["text"]) if len(s.split()) >= 6]
        if len(sentences) >= 3:
            first, second = sorted(generator.sample(range(len(sentences)), 2))
            pairs.append(("same_article", sentences[first], sentences[second]))
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--terms", required=True, help="dump_terms output: background df per term")
    parser.add_argument("--khabar", default="target/release/khabar")
    arguments = parser.parse_args()
    word_vectors = Word2Vec.load(arguments.model).wv
    background_df, documents = {}, 1
    with open(arguments.terms, encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            documents = article["documents"]
            for term, df in article["title"] + article["body"]:
                background_df[term] = df
    pairs = sentence_pairs()
    text = "".join(f"{left.replace(chr(10), ' ')}\n{right.replace(chr(10), ' ')}\n" for _, left, right in pairs)
    analyzed = subprocess.run([arguments.khabar, "analyze"], input=text, capture_output=True, text=True, check=True).stdout.split("\n")

    def weights(terms):
        counts = collections.Counter(terms)
        return {t: (1 + math.log(n)) * (math.log((documents + 1) / (background_df.get(t, 0) + 1)) + 1) for t, n in counts.items()}

    def cosine(a, b):
        dot = sum(w * b[t] for t, w in a.items() if t in b)
        norms = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
        return dot / norms if norms else 0.0

    def containment(a, b):
        return sum(w for t, w in a.items() if t in b) / sum(a.values())

    def term_similarity(t, u):
        if t == u:
            return 1.0
        if t in word_vectors and u in word_vectors:
            return max(0.0, float(word_vectors.similarity(t, u)))
        return 0.0

    def soft_containment(a, b, floor):
        total = 0.0
        for t, w in a.items():
            best = max(term_similarity(t, u) for u in b)
            total += w * (best if best >= floor else 0.0)
        return total / sum(a.values())

    signals = collections.defaultdict(list)
    for index, (label, _, _) in enumerate(pairs):
        a, b = weights(analyzed[2 * index].split()), weights(analyzed[2 * index + 1].split())
        if not a or not b:
            continue
        signals[label].append({
            "cosine": cosine(a, b),
            "containment_min": min(containment(a, b), containment(b, a)),
            "soft_containment_mean_0.5": (soft_containment(a, b, 0.5) + soft_containment(b, a, 0.5)) / 2,
            "soft_containment_mean_0.6": (soft_containment(a, b, 0.6) + soft_containment(b, a, 0.6)) / 2,
        })
    for negative in ("same_article", "disagree"):
        for region, keep in (("all", lambda s: True), ("cosine<0.3", lambda s: s["cosine"] < 0.3)):
            positives = [s for s in signals["agree"] if keep(s)]
            negatives = [s for s in signals[negative] if keep(s)]
            for name in positives[0]:
                scores = [s[name] for s in positives] + [s[name] for s in negatives]
                labels = [1] * len(positives) + [0] * len(negatives)
                print(json.dumps({"negatives": negative, "region": region, "pairs": [len(positives), len(negatives)],
                                  "signal": name, "roc_auc": round(roc_auc_score(labels, scores), 4)}))


if __name__ == "__main__":
    main()
