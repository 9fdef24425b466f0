#!/usr/bin/env python3
"""Would an online clusterer gain from splitting a story after the fact?

A centroid clusterer over the vectors of `cluster_ceiling.py` (cosine to the
sum of member unit vectors, join at >= 0.275, file order, no dates), plus a
split check after every join into a story of 4 or more articles: its members
are cut in two by average linkage, and the story splits when the mean cosine
across the halves is below r x the tighter half's mean inner cosine (both
halves >= 2 articles). Prints BCubed P/R/F1 without splits and for each r.

usage: $PY scripts/cluster_split_prototype.py terms.jsonl   (terms: dump_terms output)
"""
import json
import sys

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from cluster_ceiling import article_vectors, bcubed, dense


def mean_inner(similarity, members):
    size = len(members)
    return (similarity[np.ix_(members, members)].sum() - size) / (size * (size - 1))


def online(similarity, gold, threshold=0.275, split_ratio=None, minimum_story=4):
    stories = []
    for article in range(len(gold)):
        best_score, best_story = -1.0, None
        for index, members in enumerate(stories):
            score = similarity[article, members].sum() / np.sqrt(similarity[np.ix_(members, members)].sum())
            if score > best_score:
                best_score, best_story = score, index
        if best_score >= threshold:
            stories[best_story].append(article)
        else:
            stories.append([article])
            best_story = len(stories) - 1
        members = stories[best_story]
        if split_ratio is None or len(members) < minimum_story:
            continue
        distance = np.maximum(1 - similarity[np.ix_(members, members)], 0)
        np.fill_diagonal(distance, 0)
        halves = fcluster(linkage(squareform((distance + distance.T) / 2, checks=False), method="average"), 2, criterion="maxclust")
        first = [m for m, half in zip(members, halves) if half == halves[0]]
        second = [m for m, half in zip(members, halves) if half != halves[0]]
        if len(first) < 2 or len(second) < 2:
            continue
        across = similarity[np.ix_(first, second)].mean()
        if across < split_ratio * min(mean_inner(similarity, first), mean_inner(similarity, second)):
            stories[best_story] = first
            stories.append(second)
    predicted = [0] * len(gold)
    for index, members in enumerate(stories):
        for member in members:
            predicted[member] = index
    return bcubed(gold, predicted)


def main():
    documents = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    gold = [document["gold"] for document in documents]
    matrix = dense(article_vectors(documents))
    similarity = matrix @ matrix.T
    for ratio in (None, 0.5, 0.6, 0.7):
        precision, recall, f1 = online(similarity, gold, split_ratio=ratio)
        print(json.dumps({"split_ratio": ratio, "bcubed_precision": round(precision, 4),
                          "bcubed_recall": round(recall, 4), "bcubed_f1": round(f1, 4)}))


if __name__ == "__main__":
    main()
