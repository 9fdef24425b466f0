//! Scores a clustering against gold labels: BCubed, pairwise, ARI and NMI.
//!
//! The definitions follow `shared/bench/score_clusters.py` (the independent
//! reference) so figures are comparable: BCubed averages per item, pairwise
//! counts item pairs, ARI is Hubert–Arabie, NMI is arithmetic-mean normalized.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusteringMetrics {
    pub documents: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
    pub adjusted_rand_index: f64,
    pub normalized_mutual_information: f64,
}

fn pairs(count: u64) -> u64 {
    count * count.saturating_sub(1) / 2
}

fn harmonic_mean(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Scores `predicted[i]` against `gold[i]` for every item `i`. Items beyond
/// the shorter of the two slices are ignored.
pub fn score_clustering<G: Ord, P: Ord>(gold: &[G], predicted: &[P]) -> ClusteringMetrics {
    let documents = gold.len().min(predicted.len());
    let gold = &gold[..documents];
    let predicted = &predicted[..documents];
    let mut gold_sizes: BTreeMap<&G, u64> = BTreeMap::new();
    let mut predicted_sizes: BTreeMap<&P, u64> = BTreeMap::new();
    let mut joint_sizes: BTreeMap<(&G, &P), u64> = BTreeMap::new();
    for (gold_label, predicted_label) in gold.iter().zip(predicted) {
        *gold_sizes.entry(gold_label).or_insert(0) += 1;
        *predicted_sizes.entry(predicted_label).or_insert(0) += 1;
        *joint_sizes
            .entry((gold_label, predicted_label))
            .or_insert(0) += 1;
    }
    if documents == 0 {
        return ClusteringMetrics {
            documents: 0,
            gold_clusters: 0,
            predicted_clusters: 0,
            bcubed_precision: 0.0,
            bcubed_recall: 0.0,
            bcubed_f1: 0.0,
            pairwise_precision: 1.0,
            pairwise_recall: 1.0,
            pairwise_f1: 1.0,
            adjusted_rand_index: 1.0,
            normalized_mutual_information: 1.0,
        };
    }
    let n = documents as f64;
    // BCubed: an item in joint cell (g, p) has precision |g∩p|/|p| and recall
    // |g∩p|/|g|; the cell holds |g∩p| such items.
    let mut precision_sum = 0.0;
    let mut recall_sum = 0.0;
    for (&(gold_label, predicted_label), &joint) in &joint_sizes {
        let joint = joint as f64;
        precision_sum += joint * joint / predicted_sizes[predicted_label] as f64;
        recall_sum += joint * joint / gold_sizes[gold_label] as f64;
    }
    let bcubed_precision = precision_sum / n;
    let bcubed_recall = recall_sum / n;
    let true_pairs: u64 = joint_sizes.values().map(|&count| pairs(count)).sum();
    let predicted_pairs: u64 = predicted_sizes.values().map(|&count| pairs(count)).sum();
    let gold_pairs: u64 = gold_sizes.values().map(|&count| pairs(count)).sum();
    let pairwise_precision = if predicted_pairs > 0 {
        true_pairs as f64 / predicted_pairs as f64
    } else {
        1.0
    };
    let pairwise_recall = if gold_pairs > 0 {
        true_pairs as f64 / gold_pairs as f64
    } else {
        1.0
    };
    let all_pairs = pairs(documents as u64) as f64;
    let expected = if all_pairs > 0.0 {
        predicted_pairs as f64 * gold_pairs as f64 / all_pairs
    } else {
        0.0
    };
    let maximum = (predicted_pairs + gold_pairs) as f64 / 2.0;
    let adjusted_rand_index = if maximum != expected {
        (true_pairs as f64 - expected) / (maximum - expected)
    } else {
        1.0
    };
    let entropy = |sizes: &mut dyn Iterator<Item = u64>| -> f64 {
        sizes
            .map(|size| {
                let share = size as f64 / n;
                -share * share.ln()
            })
            .sum()
    };
    let gold_entropy = entropy(&mut gold_sizes.values().copied());
    let predicted_entropy = entropy(&mut predicted_sizes.values().copied());
    let mutual_information: f64 = joint_sizes
        .iter()
        .map(|(&(gold_label, predicted_label), &joint)| {
            let joint_share = joint as f64 / n;
            let gold_share = gold_sizes[gold_label] as f64 / n;
            let predicted_share = predicted_sizes[predicted_label] as f64 / n;
            joint_share * (joint_share / (gold_share * predicted_share)).ln()
        })
        .sum();
    let normalized_mutual_information = if gold_entropy + predicted_entropy > 0.0 {
        2.0 * mutual_information / (gold_entropy + predicted_entropy)
    } else {
        1.0
    };
    ClusteringMetrics {
        documents,
        gold_clusters: gold_sizes.len(),
        predicted_clusters: predicted_sizes.len(),
        bcubed_precision,
        bcubed_recall,
        bcubed_f1: harmonic_mean(bcubed_precision, bcubed_recall),
        pairwise_precision,
        pairwise_recall,
        pairwise_f1: harmonic_mean(pairwise_precision, pairwise_recall),
        adjusted_rand_index,
        normalized_mutual_information,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    #[test]
    fn perfect_clustering_scores_one() {
        let gold = ["a", "a", "b", "c", "c", "c"];
        let predicted = [7, 7, 1, 2, 2, 2];
        let metrics = score_clustering(&gold, &predicted);
        assert!(close(metrics.bcubed_f1, 1.0));
        assert!(close(metrics.pairwise_f1, 1.0));
        assert!(close(metrics.adjusted_rand_index, 1.0));
        assert!(close(metrics.normalized_mutual_information, 1.0));
        assert_eq!(metrics.gold_clusters, 3);
    }

    #[test]
    fn hand_computed_case() {
        // gold: {1,2,3} {4,5}; predicted: {1,2} {3,4,5}.
        let gold = ["x", "x", "x", "y", "y"];
        let predicted = ["p", "p", "q", "q", "q"];
        let metrics = score_clustering(&gold, &predicted);
        // BCubed precision: items 1,2: 2/2; item 3: 1/3; items 4,5: 2/3 → (2 + 1/3 + 4/3)/5 = 11/15.
        assert!(close(metrics.bcubed_precision, 11.0 / 15.0));
        // BCubed recall: items 1,2: 2/3; item 3: 1/3; items 4,5: 2/2 → (4/3 + 1/3 + 2)/5 = 11/15.
        assert!(close(metrics.bcubed_recall, 11.0 / 15.0));
        // Pairs: true {1,2},{4,5} = 2; predicted 1 + 3 = 4; gold 3 + 1 = 4.
        assert!(close(metrics.pairwise_precision, 0.5));
        assert!(close(metrics.pairwise_recall, 0.5));
        // ARI: expected = 4·4/10 = 1.6, max = 4 → (2 − 1.6)/(4 − 1.6) = 1/6.
        assert!(close(metrics.adjusted_rand_index, 1.0 / 6.0));
        // NMI: H(gold) = H(pred) = −(0.6 ln 0.6 + 0.4 ln 0.4);
        // MI = 0.4 ln(0.4/0.24) + 0.2 ln(0.2/0.36) + 0.4 ln(0.4/0.24).
        let entropy = -(0.6f64 * 0.6f64.ln() + 0.4 * 0.4f64.ln());
        let mutual = 0.8 * (0.4f64 / 0.24).ln() + 0.2 * (0.2f64 / 0.36).ln();
        assert!(close(
            metrics.normalized_mutual_information,
            mutual / entropy
        ));
    }

    #[test]
    fn all_singletons_have_full_precision_and_low_recall() {
        let gold = ["a", "a", "a", "a"];
        let predicted = [1, 2, 3, 4];
        let metrics = score_clustering(&gold, &predicted);
        assert!(close(metrics.bcubed_precision, 1.0));
        assert!(close(metrics.bcubed_recall, 0.25));
        assert!(close(metrics.pairwise_recall, 0.0));
        assert!(close(metrics.pairwise_precision, 1.0));
        assert!(close(metrics.normalized_mutual_information, 0.0));
    }
}
