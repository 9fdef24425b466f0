#!/usr/bin/env python3
"""What a clustering could reach with Khabar's article vectors, offline.

Reads the analyzed terms that `examples/dump_terms.rs` writes for a labelled
corpus, rebuilds the clusterer's article vectors (title x2, lead x3, numbers
x2, bigrams x0.25, sublinear tf x idf blended with the background, strongest
150, L2) with every article counted in the idf, and clusters them *offline*
with scipy's agglomerative clustering at the best threshold of a sweep: an
upper bound for any online assignment over the same vectors. It also scores
two second-order similarities (local scaling, shared nearest neighbours) and,
given a gensim Word2Vec model, a blend with idf-weighted word-vector centroids.

usage (with the bench venv: PY=$(bash ../shared/bench/setup.sh)):
  cargo run --release -p khabar-cluster --example dump_terms -- GOLD.jsonl[.gz] > terms.jsonl
  $PY scripts/cluster_ceiling.py terms.jsonl [--word2vec MODEL]
"""
import argparse
import collections
import json
import math

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform


def bcubed(gold, predicted):
    gold_members = collections.defaultdict(set)
    predicted_members = collections.defaultdict(set)
    for index, (gold_label, predicted_label) in enumerate(zip(gold, predicted)):
        gold_members[gold_label].add(index)
        predicted_members[predicted_label].add(index)
    precision = recall = 0.0
    for index in range(len(gold)):
        shared = len(gold_members[gold[index]] & predicted_members[predicted[index]])
        precision += shared / len(predicted_members[predicted[index]])
        recall += shared / len(gold_members[gold[index]])
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def article_vectors(documents):
    """The clusterer's features (crates/cluster/src/features.rs), idf primed on all documents."""
    background_documents = documents[0]["documents"]
    use_background = background_documents >= 1000
    live_df = collections.Counter()
    counted = []
    for document in documents:
        tf = collections.Counter()
        background_df = {}
        for term, df in document["title"]:
            tf[term] += 2
            background_df[term] = df
        for position, (term, df) in enumerate(document["body"]):
            tf[term] += 3 if position < 30 else 1
            background_df[term] = df
        for sequence, weight_of in ((document["title"], lambda k: 2), (document["body"][:60], lambda k: 3 if k < 30 else 1)):
            for k in range(len(sequence) - 1):
                bigram = sequence[k][0] + " " + sequence[k + 1][0]
                tf[bigram] += weight_of(k)
                background_df[bigram] = min(sequence[k][1], sequence[k + 1][1])
        counted.append((tf, background_df))
        live_df.update(tf.keys())
    vectors = []
    for tf, background_df in counted:
        weights = {}
        for term, count in tf.items():
            df = (background_df[term] if use_background else 0) + live_df[term]
            total = (background_documents if use_background else 0) + len(documents)
            weight = (1 + math.log(count)) * (math.log((total + 1) / (df + 1)) + 1)
            if " " in term:
                weight *= 0.25
            elif any(character.isdigit() for character in term):
                weight *= 2
            weights[term] = weight
        strongest = sorted(weights.items(), key=lambda item: -item[1])[:150]
        norm = math.sqrt(sum(weight * weight for _, weight in strongest))
        vectors.append({term: weight / norm for term, weight in strongest})
    return vectors


def dense(vectors):
    vocabulary = {}
    for vector in vectors:
        for term in vector:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(vectors), len(vocabulary)), dtype=np.float64)
    for row, vector in enumerate(vectors):
        for term, weight in vector.items():
            matrix[row, vocabulary[term]] = weight
    return matrix


def best_agglomerative(similarity, gold, method):
    distance = np.maximum(1 - (similarity + similarity.T) / 2, 0)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(distance, checks=False), method=method)
    best = (0.0, 0.0, None)
    for threshold in np.arange(0.025, 0.8, 0.025):
        scores = bcubed(gold, fcluster(tree, 1 - threshold, criterion="distance"))
        if scores[2] > best[0]:
            best = (scores[2], threshold, scores)
    return best


def describe(label, similarity, gold):
    for method in ("average", "complete"):
        f1, threshold, (precision, recall, _) = best_agglomerative(similarity, gold, method)
        print(json.dumps({"similarity": label, "linkage": method, "best_threshold": round(threshold, 3),
                          "bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4),
                          "bcubed_f1": round(f1, 4)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("terms")
    parser.add_argument("--word2vec")
    arguments = parser.parse_args()
    documents = [json.loads(line) for line in open(arguments.terms, encoding="utf-8")]
    gold = [document["gold"] for document in documents]
    vectors = article_vectors(documents)
    matrix = dense(vectors)
    cosine = matrix @ matrix.T
    describe("cosine", cosine, gold)
    others = cosine.copy()
    np.fill_diagonal(others, -1)
    ranked = -np.sort(-others, axis=1)
    for k in (2, 5):
        scale = ranked[:, k - 1]
        scaled = np.minimum(cosine / np.sqrt(np.outer(scale, scale)), 1.5) / 1.5
        np.fill_diagonal(scaled, 1)
        describe(f"local_scaling_k{k}", scaled, gold)
    neighbours = np.argsort(-others, axis=1)[:, :5]
    adjacency = np.eye(len(documents))
    for row, columns in enumerate(neighbours):
        adjacency[row, columns] = 1
    shared_neighbours = adjacency @ adjacency.T / 6
    describe("shared_neighbours_k5_blend", 0.5 * shared_neighbours + 0.5 * cosine, gold)
    if arguments.word2vec:
        from gensim.models import Word2Vec

        word_vectors = Word2Vec.load(arguments.word2vec).wv
        centroids = np.zeros((len(documents), word_vectors.vector_size))
        for row, vector in enumerate(vectors):
            for term, weight in vector.items():
                if " " not in term and term in word_vectors:
                    centroids[row] += weight * word_vectors[term] / np.linalg.norm(word_vectors[term])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True) + 1e-9
        semantic = np.clip(centroids @ centroids.T, 0, 1) ** 4
        for share in (0.2, 0.4):
            describe(f"word2vec_blend_{share}", (1 - share) * cosine + share * semantic, gold)


if __name__ == "__main__":
    main()
