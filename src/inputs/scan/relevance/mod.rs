//! Which top-level statements of a JavaScript or TypeScript file can matter to the scan.
//!
//! A file that names Intercom once may be thousands of lines that have nothing to do with it
//! (generated tables, bundled helpers), and parsing and lowering them is most of a scan's
//! time. A statement can matter when it holds text (every URL, path, method and topic is text
//! somewhere), when it calls or reads something by a name the scanner knows (an HTTP client's
//! method, an SDK resource, any name with "intercom" in it: the words of the scanner's own
//! string literals and of the SDK data), or when it shares a name with a statement that
//! matters, in any JavaScript or TypeScript file of the scan: shared names are how values,
//! wrappers and classes reach one another. Everything else is left out of the parse with
//! tree-sitter's included ranges, so no position moves; a cut that does not parse into whole
//! statements is thrown away and the file parsed whole.

use std::collections::BTreeMap;

use tree_sitter::{Point, Range, Tree};

mod split;
mod vocabulary;

use split::split;

/// One top-level statement: its bytes, where it starts, and what links it to others.
#[derive(Debug)]
pub(crate) struct Statement {
    start: usize,
    end: usize,
    /// Row and byte column of `start`.
    point: (usize, usize),
    /// Holds text, or a name the scanner knows: it matters whatever else does.
    seed: bool,
    /// The names it uses or defines, hashed (two names with one hash only keep more).
    words: Vec<u64>,
}

/// A file's top-level statements, in order, covering the whole text.
#[derive(Debug)]
pub(crate) struct Statements {
    list: Vec<Statement>,
    /// Row and byte column of the end of the text.
    end_point: (usize, usize),
}

/// What a file brings to the choice.
#[derive(Debug)]
pub(crate) enum Reading {
    /// A file that may be cut, statement by statement.
    Cut(Statements),
    /// JavaScript or TypeScript read whole (JSX, code the splitter is unsure of): all its
    /// names count, so the statements of other files they name are kept.
    Whole(Vec<u64>),
    /// Another language: it shares no names with these files.
    Apart,
}

impl Reading {
    /// How the file at `path` with `text` takes part; `whole` is false when the text is not
    /// the file as it is parsed whole (generated code read in parts, mended UTF-8).
    pub(crate) fn of(path: &str, text: &str, whole: bool) -> Reading {
        let Some(cut) = may_cut(path) else {
            return Reading::Apart;
        };
        match (cut && whole).then(|| split(text)).flatten() {
            Some(statements) => Reading::Cut(statements),
            None => Reading::Whole(all_words(text.as_bytes())),
        }
    }

    /// Whether a file at `path` takes part at all: JavaScript or TypeScript. Others are
    /// `Apart` without their text being looked at.
    pub(crate) fn takes_part(path: &str) -> bool {
        may_cut(path).is_some()
    }
}

/// `Some(true)` for JavaScript and TypeScript, `Some(false)` for JSX and TSX (read whole:
/// the splitter does not follow markup), `None` for other languages.
fn may_cut(path: &str) -> Option<bool> {
    let extension = path
        .rsplit(['/', '\\'])
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, extension)| extension.to_ascii_lowercase());
    match extension.as_deref() {
        Some("js" | "mjs" | "cjs" | "ts" | "mts" | "cts") => Some(true),
        Some("jsx" | "tsx") => Some(false),
        _ => None,
    }
}

/// For each reading, which of its statements to parse (`None`: the whole file). Linear in
/// the number of words: each word, once it matters, keeps the statements holding it once.
pub(crate) fn keep(readings: &[&Reading]) -> Vec<Option<Vec<bool>>> {
    let mut ids: BTreeMap<u64, usize> = BTreeMap::new();
    let mut id_of = |word: &u64| -> usize {
        let next = ids.len();
        *ids.entry(*word).or_insert(next)
    };
    // The words of each statement (one list for a file read whole), and which are kept.
    let mut words_of: Vec<Vec<Vec<usize>>> = Vec::with_capacity(readings.len());
    let mut kept: Vec<Option<Vec<bool>>> = Vec::with_capacity(readings.len());
    for reading in readings {
        match reading {
            Reading::Cut(statements) => {
                words_of.push(
                    statements
                        .list
                        .iter()
                        .map(|statement| statement.words.iter().map(&mut id_of).collect())
                        .collect(),
                );
                kept.push(Some(statements.list.iter().map(|s| s.seed).collect()));
            }
            Reading::Whole(words) => {
                words_of.push(vec![words.iter().map(&mut id_of).collect()]);
                kept.push(None);
            }
            Reading::Apart => {
                words_of.push(Vec::new());
                kept.push(None);
            }
        }
    }
    let count = ids.len();
    let mut holders: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (file, statements) in words_of.iter().enumerate() {
        if kept[file].is_some() {
            for (index, words) in statements.iter().enumerate() {
                for word in words {
                    holders[*word].push((file, index));
                }
            }
        }
    }
    let mut mentioned = vec![false; count];
    let mut queue: Vec<usize> = Vec::new();
    let mention = |words: &[usize], mentioned: &mut Vec<bool>, queue: &mut Vec<usize>| {
        for word in words {
            if !mentioned[*word] {
                mentioned[*word] = true;
                queue.push(*word);
            }
        }
    };
    for (file, statements) in words_of.iter().enumerate() {
        for (index, words) in statements.iter().enumerate() {
            if kept[file].as_ref().is_none_or(|flags| flags[index]) {
                mention(words, &mut mentioned, &mut queue);
            }
        }
    }
    while let Some(word) = queue.pop() {
        for (file, index) in std::mem::take(&mut holders[word]) {
            if let Some(flags) = &mut kept[file]
                && !flags[index]
            {
                flags[index] = true;
                mention(&words_of[file][index], &mut mentioned, &mut queue);
            }
        }
    }
    kept.into_iter()
        .map(|flags| flags.filter(|flags| flags.contains(&false)))
        .collect()
}

/// The byte ranges to parse: the kept statements, adjacent ones merged.
pub(crate) fn ranges(statements: &Statements, kept: &[bool]) -> Vec<Range> {
    let mut ranges: Vec<Range> = Vec::new();
    for (index, statement) in statements.list.iter().enumerate() {
        if !kept[index] {
            continue;
        }
        let end_point = statements
            .list
            .get(index + 1)
            .map_or(statements.end_point, |next| next.point);
        let point = |(row, column): (usize, usize)| Point { row, column };
        match ranges.last_mut() {
            Some(last) if last.end_byte == statement.start => {
                last.end_byte = statement.end;
                last.end_point = point(end_point);
            }
            _ => ranges.push(Range {
                start_byte: statement.start,
                end_byte: statement.end,
                start_point: point(statement.point),
                end_point: point(end_point),
            }),
        }
    }
    ranges
}

/// Whether a tree parsed from `ranges` is whole statements: no syntax error, and no
/// top-level node reaching over a gap (a statement the split cut in two).
pub(crate) fn holds(tree: &Tree, ranges: &[Range]) -> bool {
    let root = tree.root_node();
    if root.has_error() {
        return false;
    }
    // The children come in order, so the range holding each is found by walking forward.
    let mut cursor = root.walk();
    let mut range = 0;
    root.children(&mut cursor).all(|child| {
        while ranges
            .get(range)
            .is_some_and(|r| r.end_byte <= child.start_byte() && r.end_byte < child.end_byte())
        {
            range += 1;
        }
        ranges
            .get(range)
            .is_some_and(|r| r.start_byte <= child.start_byte() && child.end_byte() <= r.end_byte)
    })
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$' || byte >= 0x80
}

/// Every name-like run of a text (not starting with a digit), hashed, each once.
fn all_words(bytes: &[u8]) -> Vec<u64> {
    let mut words = Vec::new();
    push_words(bytes, &mut words);
    words.sort_unstable();
    words.dedup();
    words
}

/// FNV-1a: a name's hash, the same on every run.
fn hash(word: &[u8]) -> u64 {
    word.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn push_words(bytes: &[u8], words: &mut Vec<u64>) {
    let mut i = 0;
    while i < bytes.len() {
        if is_word_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            if !bytes[start].is_ascii_digit() {
                words.push(hash(&bytes[start..i]));
            }
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn statements_that_share_a_name_with_what_matters_are_kept_across_files() {
        let a = "const BASE = 'https://api.intercom.io';\nunused_1 = compute(data, 1);\nfunction api(p) { return fetch(BASE + p); }\nfunction helper(q) { return q; }\n";
        let b = "api(helper(id));\nunused_2 = compute(data, 2);\n";
        let c = "const lonely = 1;\n";
        let readings: Vec<Reading> = [("a.js", a), ("b.ts", b), ("c.py", c)]
            .iter()
            .map(|(path, text)| Reading::of(path, text, true))
            .collect();
        let kept = keep(&readings.iter().collect::<Vec<_>>());
        let shown = |file: usize, text: &str| -> Vec<String> {
            let Reading::Cut(statements) = &readings[file] else {
                panic!("cut")
            };
            statements
                .list
                .iter()
                .zip(kept[file].as_ref().expect("a cut"))
                .filter(|(_, kept)| **kept)
                .map(|(s, _)| text[s.start..s.end].trim().to_string())
                .collect()
        };
        assert_eq!(
            shown(0, a),
            [
                "const BASE = 'https://api.intercom.io';",
                "function api(p) { return fetch(BASE + p); }",
                "function helper(q) { return q; }",
            ]
        );
        assert_eq!(shown(1, b), ["api(helper(id));"]);
        assert!(kept[2].is_none(), "another language is read whole");
    }

    #[test]
    fn a_file_read_whole_keeps_what_it_names() {
        let a = "function shown(x) { return x; }\nfunction hidden(y) { return y; }\n";
        let b = "const view = <p>{shown(1)}</p>;\n";
        let readings = [Reading::of("a.js", a, true), Reading::of("b.jsx", b, true)];
        let kept = keep(&[&readings[0], &readings[1]]);
        assert_eq!(kept[0], Some(vec![true, false]));
        assert_eq!(kept[1], None);
    }

    #[test]
    fn ranges_merge_neighbours_and_keep_positions() {
        let text = "a = 'x';\nb = f();\nc = 'y';\nd = 'z';\n";
        let Reading::Cut(statements) = Reading::of("a.js", text, true) else {
            panic!("cut")
        };
        let ranges = ranges(&statements, &[true, false, true, true, false]);
        let shown: Vec<(&str, usize, usize)> = ranges
            .iter()
            .map(|r| {
                (
                    &text[r.start_byte..r.end_byte],
                    r.start_point.row,
                    r.end_point.row,
                )
            })
            .collect();
        assert_eq!(shown, [("a = 'x';", 0, 0), ("\nc = 'y';\nd = 'z';", 1, 3)]);
    }

    #[test]
    fn a_cut_through_a_statement_does_not_hold() {
        let text = "const a = [\n1;\n];\nconst b = 'x';\n";
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_javascript::LANGUAGE.into())
            .expect("grammar");
        let whole = [Range {
            start_byte: 0,
            end_byte: text.len(),
            start_point: Point { row: 0, column: 0 },
            end_point: Point { row: 4, column: 0 },
        }];
        let tree = parser.parse(text, None).expect("parsed");
        assert!(!holds(&tree, &whole), "the text has a syntax error");
        let text = "const a = `x\n;y`; const b = 'x';\n";
        let tree = parser.parse(text, None).expect("parsed");
        let gap = [
            Range {
                start_byte: 0,
                end_byte: 12,
                start_point: Point { row: 0, column: 0 },
                end_point: Point { row: 1, column: 0 },
            },
            Range {
                start_byte: 13,
                end_byte: text.len(),
                start_point: Point { row: 1, column: 1 },
                end_point: Point { row: 2, column: 0 },
            },
        ];
        assert!(!holds(&tree, &gap), "the template reaches over the gap");
    }
}
