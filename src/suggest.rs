//! "Did you mean": the nearest known name to a misspelt one.

/// The candidate closest to `written`, if it is close enough to be a likely misspelling:
/// at most `max_edits` edits, and no more than one edit per `chars_per_edit` characters.
pub fn closest<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max_edits: usize,
    chars_per_edit: usize,
) -> Option<&'a str> {
    let written_lower = written.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&written_lower, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| {
            let longest = written.chars().count().max(candidate.chars().count());
            distance <= max_edits && distance * chars_per_edit <= longest
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// Whether a literal was probably meant to be `intended`: close, but not the same.
pub fn is_misspelling(written: &str, intended: &str) -> bool {
    written != intended && closest(written, [intended], 2, 4).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_and_far_ones_are_not() {
        let names = ["Read conversations", "Write conversations", "Read tickets"];
        assert_eq!(
            closest("Read convresations", names, 3, 4),
            Some("Read conversations")
        );
        assert_eq!(closest("Export everything", names, 3, 4), None);
        assert!(is_misspelling("contcts", "contacts"));
        assert!(!is_misspelling("leads", "teams"));
    }
}
