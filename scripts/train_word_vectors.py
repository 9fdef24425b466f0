#!/usr/bin/env python3
"""Trains skip-gram word vectors on analyzed Arabic news (the measurement
behind the "word vectors" paragraphs of crates/cluster/README.md and
crates/story/README.md; nothing ships from it).

usage (PY=$(bash ../shared/bench/setup.sh); $PY -m pip install gensim):
  for c in saudinewsnet ant-multisource; do
    cargo run --release -p khabar-cluster --example dump_terms -- ../shared/data/$c.jsonl.gz > $c.terms.jsonl
  done
  $PY scripts/train_word_vectors.py saudinewsnet.terms.jsonl ant-multisource.terms.jsonl --out w2v.model
"""
import argparse
import json

from gensim.models import Word2Vec


class AnalyzedSentences:
    """Each article's title and body as sequences of analyzed terms."""

    def __init__(self, paths):
        self.paths = paths

    def __iter__(self):
        for path in self.paths:
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    article = json.loads(line)
                    for part in ("title", "body"):
                        terms = [term for term, _ in article[part]]
                        if terms:
                            yield terms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("terms", nargs="+")
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    model = Word2Vec(AnalyzedSentences(arguments.terms), vector_size=100, window=5, min_count=10,
                     workers=2, sg=1, epochs=3, seed=7, sample=1e-4)
    model.save(arguments.out)
    print(json.dumps({"vocabulary": len(model.wv), "out": arguments.out}))


if __name__ == "__main__":
    main()
