//! Maps Khabar's field names onto another schema's keys (`--field text=content`).

use std::collections::BTreeMap;

/// The canonical fields Khabar reads from a JSON record.
pub const CANONICAL_FIELDS: [&str; 6] = ["id", "source", "url", "published", "title", "text"];

/// For each canonical field, the key to read it from in the input records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMapping {
    renamed: BTreeMap<String, String>,
}

impl FieldMapping {
    /// Parses `canonical=input_key` pairs; an unknown canonical name is an error.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = &'a str>,
    ) -> Result<FieldMapping, String> {
        let mut renamed = BTreeMap::new();
        for pair in pairs {
            let Some((canonical, input_key)) = pair.split_once('=') else {
                return Err(format!(
                    "field mapping `{pair}` is not of the form name=key"
                ));
            };
            let canonical = canonical.trim();
            if !CANONICAL_FIELDS.contains(&canonical) {
                return Err(format!(
                    "field mapping `{pair}` names unknown field `{canonical}` (known: {})",
                    CANONICAL_FIELDS.join(", ")
                ));
            }
            renamed.insert(canonical.to_string(), input_key.trim().to_string());
        }
        Ok(FieldMapping { renamed })
    }

    /// The input key that holds `canonical`.
    pub fn key_for<'a>(&'a self, canonical: &'a str) -> &'a str {
        self.renamed
            .get(canonical)
            .map(String::as_str)
            .unwrap_or(canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_renames_only_named_fields() {
        let mapping = FieldMapping::from_pairs(["text=content", "published = date"]).unwrap();
        assert_eq!(mapping.key_for("text"), "content");
        assert_eq!(mapping.key_for("published"), "date");
        assert_eq!(mapping.key_for("title"), "title");
    }

    #[test]
    fn bad_mappings_are_errors() {
        assert!(FieldMapping::from_pairs(["text"]).is_err());
        assert!(FieldMapping::from_pairs(["body=content"]).is_err());
    }
}
