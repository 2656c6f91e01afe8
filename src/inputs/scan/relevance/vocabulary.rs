//! The names the scanner knows: a statement that calls or reads one can matter.

use aho_corasick::AhoCorasick;

/// The words of the scanner's string literals and of the SDK data, lowercased (`build.rs`).
struct Vocabulary {
    exact: Vec<&'static str>,
    /// The words of four letters or more, found inside longer names (`doPostRequest`).
    inside: Option<AhoCorasick>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: std::sync::LazyLock<Vocabulary> = std::sync::LazyLock::new(|| {
        let words: Vec<&'static str> = include_str!(concat!(env!("OUT_DIR"), "/scanner-words.txt"))
            .lines()
            .collect();
        let inside = AhoCorasick::new(words.iter().filter(|word| word.len() >= 4)).ok();
        Vocabulary {
            exact: words,
            inside,
        }
    });
    &VOCABULARY
}

/// Whether the scanner may read a name called or read as a member (`client.get(`,
/// `doPost(`, `toHaveBeenCalledWith(`): it, a word of it, or a long word inside it is one
/// the scanner compares names with.
pub(super) fn known_name(name: &str) -> bool {
    let vocabulary = vocabulary();
    let lower = name.to_ascii_lowercase();
    if vocabulary.exact.binary_search(&lower.as_str()).is_ok()
        || vocabulary
            .inside
            .as_ref()
            .is_some_and(|inside| inside.is_match(&lower))
    {
        return true;
    }
    if name.starts_with("to") && name[2..].starts_with(|c: char| c.is_ascii_uppercase()) {
        return true;
    }
    // The words of `doGet`, `api_post`, `HTTPClient`.
    let mut word_start = 0;
    let bytes = name.as_bytes();
    for i in 1..=bytes.len() {
        let boundary = i == bytes.len()
            || bytes[i] == b'_'
            || bytes[i] == b'$'
            || (bytes[i].is_ascii_uppercase() && !bytes[i - 1].is_ascii_uppercase());
        if boundary {
            let word = lower[word_start..i].trim_matches(['_', '$']);
            if !word.is_empty() && vocabulary.exact.binary_search(&word).is_ok() {
                return true;
            }
            word_start = i;
        }
    }
    false
}

pub(super) fn names_intercom(bytes: &[u8]) -> bool {
    bytes
        .windows(8)
        .any(|window| window.eq_ignore_ascii_case(b"intercom"))
}
