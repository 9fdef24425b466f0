//! Sparse tf·idf vectors over a story's interned terms, and their cosine: the
//! one similarity measure the card uses for titles, sentences and articles.
//!
//! Terms are the analyzer's stemmed content terms. Each distinct term of a
//! story is interned once, and its idf is asked of the background exactly
//! then, so a story with many articles pays for each term once.

use crate::fast_hash::IntegerMap;

/// The idf of an analyzed term, from background document frequencies.
pub type IdfFunction = dyn Fn(&str) -> f64 + Send + Sync;

/// A misbehaving idf function must not poison every cosine.
fn sanitized_idf(idf: f64) -> f64 {
    if idf.is_finite() {
        idf.max(0.0)
    } else {
        0.0
    }
}

/// Story-local term ids, with each term's idf.
#[derive(Default)]
pub(crate) struct TermInterner {
    ids: IntegerMap<String, u32>,
    terms: Vec<String>,
    idf: Vec<f64>,
}

impl TermInterner {
    pub(crate) fn intern(&mut self, term: &str, idf: &IdfFunction) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        let term_idf = idf(term);
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        self.idf.push(sanitized_idf(term_idf));
        id
    }

    pub(crate) fn id_of(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    pub(crate) fn term(&self, id: u32) -> &str {
        self.terms.get(id as usize).map_or("", String::as_str)
    }

    pub(crate) fn idf(&self, id: u32) -> f64 {
        self.idf.get(id as usize).copied().unwrap_or(0.0)
    }
}

/// A sparse vector sorted by term id, with its Euclidean norm.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TermVector {
    entries: Vec<(u32, f64)>,
    norm: f64,
}

impl TermVector {
    /// tf·idf with sublinear tf (1 + ln tf) from a bag of term ids.
    pub(crate) fn from_terms(term_ids: &[u32], interner: &TermInterner) -> TermVector {
        let mut sorted = term_ids.to_vec();
        sorted.sort_unstable();
        let mut entries: Vec<(u32, f64)> = Vec::new();
        let mut index = 0;
        while index < sorted.len() {
            let term_id = sorted[index];
            let run_end = sorted[index..]
                .iter()
                .position(|&other| other != term_id)
                .map_or(sorted.len(), |offset| index + offset);
            let term_frequency = (run_end - index) as f64;
            let weight = (1.0 + term_frequency.ln()) * interner.idf(term_id);
            if weight > 0.0 {
                entries.push((term_id, weight));
            }
            index = run_end;
        }
        TermVector::from_sorted_entries(entries)
    }

    fn from_sorted_entries(entries: Vec<(u32, f64)>) -> TermVector {
        let norm = entries
            .iter()
            .map(|(_, weight)| weight * weight)
            .sum::<f64>()
            .sqrt();
        TermVector { entries, norm }
    }

    /// The distinct terms of the vector.
    pub(crate) fn term_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().map(|(term_id, _)| *term_id)
    }

    /// `(term id, weight)` pairs, sorted by term id.
    pub(crate) fn entries(&self) -> &[(u32, f64)] {
        &self.entries
    }

    pub(crate) fn norm(&self) -> f64 {
        self.norm
    }

    /// Adds the unit-length version of this vector, times `factor`, to a
    /// dense accumulator indexed by term id (grown as needed).
    pub(crate) fn add_unit_to(&self, dense: &mut Vec<f64>, factor: f64) {
        if self.norm == 0.0 {
            return;
        }
        for &(term_id, weight) in &self.entries {
            let index = term_id as usize;
            if index >= dense.len() {
                dense.resize(index + 1, 0.0);
            }
            dense[index] += factor * weight / self.norm;
        }
    }

    /// Dot product of the unit-length version of this vector with a dense
    /// vector indexed by term id (missing entries are 0): linear in this
    /// vector's length, whatever the size of `dense`.
    pub(crate) fn unit_dot_dense(&self, dense: &[f64]) -> f64 {
        if self.norm == 0.0 {
            return 0.0;
        }
        let dot: f64 = self
            .entries
            .iter()
            .map(|&(term_id, weight)| weight * dense.get(term_id as usize).copied().unwrap_or(0.0))
            .sum();
        dot / self.norm
    }

    /// Cosine similarity in [0, 1]; 0 when either vector is empty.
    pub(crate) fn cosine(&self, other: &TermVector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let mut dot = 0.0;
        let (mut left, mut right) = (0, 0);
        while left < self.entries.len() && right < other.entries.len() {
            let (left_id, left_weight) = self.entries[left];
            let (right_id, right_weight) = other.entries[right];
            match left_id.cmp(&right_id) {
                std::cmp::Ordering::Less => left += 1,
                std::cmp::Ordering::Greater => right += 1,
                std::cmp::Ordering::Equal => {
                    dot += left_weight * right_weight;
                    left += 1;
                    right += 1;
                }
            }
        }
        (dot / (self.norm * other.norm)).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interner_with(terms: &[&str]) -> (TermInterner, Vec<u32>) {
        let mut interner = TermInterner::default();
        let idf = |term: &str| if term == "common" { 0.5 } else { 3.0 };
        let ids = terms
            .iter()
            .map(|term| interner.intern(term, &idf))
            .collect();
        (interner, ids)
    }

    #[test]
    fn identical_bags_have_cosine_one_and_disjoint_bags_zero() {
        let (interner, ids) = interner_with(&["a", "b", "c", "d"]);
        let first = TermVector::from_terms(&[ids[0], ids[1]], &interner);
        let same = TermVector::from_terms(&[ids[1], ids[0]], &interner);
        let disjoint = TermVector::from_terms(&[ids[2], ids[3]], &interner);
        assert!((first.cosine(&same) - 1.0).abs() < 1e-9);
        assert_eq!(first.cosine(&disjoint), 0.0);
        assert_eq!(first.cosine(&TermVector::default()), 0.0);
    }

    #[test]
    fn sharing_a_rare_term_counts_more_than_sharing_a_common_one() {
        let (interner, ids) = interner_with(&["rare", "common", "x", "y"]);
        let base = TermVector::from_terms(&[ids[0], ids[1], ids[2]], &interner);
        let shares_rare = TermVector::from_terms(&[ids[0], ids[3]], &interner);
        let shares_common = TermVector::from_terms(&[ids[1], ids[3]], &interner);
        assert!(base.cosine(&shares_rare) > base.cosine(&shares_common));
    }
}
