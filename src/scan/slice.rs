//! Most of a file that names Intercom is about other things. Before a file is parsed, a light
//! lexer cuts it into its top-level statements and keeps those that can bear on a request:
//! the ones that name Intercom (or what brought the file in), name a webhook topic, import
//! something, and, to a fixed point, every statement that shares a name with a kept one (the
//! constant a URL is built from, the wrapper that sends it, the callers of that wrapper). The
//! rest is blanked to spaces, so offsets, lines and columns stay those of the file, and
//! tree-sitter parses only what matters.
//!
//! It is an optimisation, never a reading of its own: a file it cannot cut with certainty (an
//! unclosed bracket or string, a language it does not know, too little to gain) is parsed
//! whole, and so is one whose cut text does not parse cleanly.

use std::collections::{BTreeMap, BTreeSet};

use super::syntax::Language;

/// Files smaller than this are parsed whole: cutting saves too little.
const MIN_BYTES: usize = 8 * 1024;
/// When the kept statements are more than this share of the file, it is parsed whole.
const MAX_KEPT_SHARE: f64 = 0.6;

/// The file's text with the statements that cannot bear on a request blanked, or `None` when
/// it is to be parsed whole. `seeds` are byte offsets of what brought the file in and of topic
/// names.
pub(crate) fn cut(language: Language, bytes: &[u8], seeds: &[usize]) -> Option<Vec<u8>> {
    if bytes.len() < MIN_BYTES || seeds.is_empty() {
        return None;
    }
    let family = Family::of(language)?;
    let statements = statements(family, bytes)?;
    if statements.len() < 2 {
        return None;
    }
    let kept = keep(&statements, seeds);
    let kept_bytes: usize = statements
        .iter()
        .zip(&kept)
        .filter(|(_, keep)| **keep)
        .map(|(statement, _)| statement.end - statement.start)
        .sum();
    if kept_bytes as f64 > bytes.len() as f64 * MAX_KEPT_SHARE {
        return None;
    }
    let mut text = bytes.to_vec();
    for (statement, keep) in statements.iter().zip(&kept) {
        if !keep {
            for byte in &mut text[statement.start..statement.end] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
    }
    Some(text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// JavaScript and TypeScript: braces, three quotes, templates, regular expressions.
    Script,
    Python,
    Go,
}

impl Family {
    fn of(language: Language) -> Option<Family> {
        match language {
            // TSX and JSX text holds quotes that are not strings: JSX files are cut only
            // when their cut parses cleanly, TSX not at all.
            Language::JavaScript | Language::TypeScript => Some(Family::Script),
            Language::Python => Some(Family::Python),
            Language::Go => Some(Family::Go),
            Language::Tsx | Language::Ruby | Language::Php | Language::Java => None,
        }
    }

    /// Words that link nothing: keywords and the names every statement uses.
    fn is_common(self, word: &str) -> bool {
        const SCRIPT: &[&str] = &[
            "Array",
            "Boolean",
            "Date",
            "Error",
            "JSON",
            "Math",
            "Number",
            "Object",
            "Promise",
            "String",
            "any",
            "as",
            "async",
            "await",
            "boolean",
            "break",
            "case",
            "catch",
            "class",
            "console",
            "const",
            "continue",
            "declare",
            "default",
            "delete",
            "do",
            "else",
            "enum",
            "export",
            "extends",
            "false",
            "finally",
            "for",
            "from",
            "function",
            "get",
            "if",
            "implements",
            "import",
            "in",
            "instanceof",
            "interface",
            "let",
            "log",
            "never",
            "new",
            "null",
            "number",
            "of",
            "private",
            "protected",
            "public",
            "readonly",
            "return",
            "set",
            "static",
            "string",
            "super",
            "switch",
            "this",
            "throw",
            "true",
            "try",
            "type",
            "typeof",
            "undefined",
            "unknown",
            "var",
            "void",
            "while",
            "yield",
        ];
        const PYTHON: &[&str] = &[
            "False",
            "None",
            "True",
            "and",
            "as",
            "assert",
            "async",
            "await",
            "break",
            "class",
            "continue",
            "def",
            "del",
            "dict",
            "elif",
            "else",
            "except",
            "finally",
            "for",
            "from",
            "global",
            "if",
            "import",
            "in",
            "int",
            "is",
            "isinstance",
            "lambda",
            "len",
            "list",
            "nonlocal",
            "not",
            "or",
            "pass",
            "print",
            "raise",
            "return",
            "self",
            "str",
            "super",
            "try",
            "while",
            "with",
            "yield",
        ];
        const GO: &[&str] = &[
            "bool",
            "break",
            "byte",
            "case",
            "chan",
            "const",
            "continue",
            "default",
            "defer",
            "else",
            "err",
            "error",
            "fallthrough",
            "false",
            "for",
            "func",
            "go",
            "goto",
            "if",
            "import",
            "int",
            "interface",
            "map",
            "nil",
            "package",
            "range",
            "return",
            "select",
            "string",
            "struct",
            "switch",
            "true",
            "type",
            "var",
        ];
        let list = match self {
            Family::Script => SCRIPT,
            Family::Python => PYTHON,
            Family::Go => GO,
        };
        list.binary_search(&word).is_ok()
    }

    /// The words that make a statement an import.
    fn is_import(self, word: &str) -> bool {
        match self {
            Family::Script => matches!(word, "import" | "require"),
            Family::Python => matches!(word, "import"),
            Family::Go => matches!(word, "import" | "package"),
        }
    }
}

/// A top-level statement: its bytes and the names in its code.
struct Statement {
    start: usize,
    end: usize,
    words: Vec<String>,
    /// It imports something (what it imports may be what sends the requests).
    imports: bool,
}

/// Which statements to keep: the seeded ones and imports, then every one sharing a word
/// with a kept one, to a fixed point.
fn keep(statements: &[Statement], seeds: &[usize]) -> Vec<bool> {
    let mut kept = vec![false; statements.len()];
    let mut queue = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        let seeded = seeds
            .iter()
            .any(|&at| at >= statement.start && at < statement.end);
        if seeded || statement.imports {
            kept[index] = true;
            queue.push(index);
        }
    }
    let mut by_word: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, statement) in statements.iter().enumerate() {
        for word in &statement.words {
            by_word.entry(word.as_str()).or_default().push(index);
        }
    }
    let mut followed: BTreeSet<&str> = BTreeSet::new();
    while let Some(index) = queue.pop() {
        for word in &statements[index].words {
            if !followed.insert(word.as_str()) {
                continue;
            }
            for &other in by_word.get(word.as_str()).into_iter().flatten() {
                if !kept[other] {
                    kept[other] = true;
                    queue.push(other);
                }
            }
        }
    }
    kept
}

/// The top-level statements, or `None` when the text does not end balanced (the lexer has
/// misread something, and the file is parsed whole).
fn statements(family: Family, bytes: &[u8]) -> Option<Vec<Statement>> {
    let mut lexer = Lexer {
        family,
        bytes,
        at: 0,
        depth: 0,
        templates: Vec::new(),
        last: b';',
        last_word: String::new(),
        words: Vec::new(),
    };
    let mut statements = Vec::new();
    let mut current = Statement {
        start: 0,
        end: 0,
        words: Vec::new(),
        imports: false,
    };
    while lexer.at < bytes.len() {
        if lexer.at > 0 && bytes[lexer.at - 1] == b'\n' && lexer.starts_statement() {
            current.end = lexer.at;
            current.words = std::mem::take(&mut lexer.words);
            let next = Statement {
                start: lexer.at,
                end: 0,
                words: Vec::new(),
                imports: false,
            };
            statements.push(std::mem::replace(&mut current, next));
        }
        lexer.next_token()?;
    }
    if lexer.depth != 0 || !lexer.templates.is_empty() {
        return None;
    }
    current.end = bytes.len();
    current.words = std::mem::take(&mut lexer.words);
    statements.push(current);
    for statement in &mut statements {
        statement.imports = statement.words.iter().any(|word| family.is_import(word));
        statement.words.retain(|word| !family.is_common(word));
        statement.words.sort();
        statement.words.dedup();
    }
    Some(statements)
}

struct Lexer<'a> {
    family: Family,
    bytes: &'a [u8],
    at: usize,
    /// Open brackets of every kind.
    depth: usize,
    /// For each template literal being read, the bracket depth of its `${` holes.
    templates: Vec<usize>,
    /// The last significant byte, and the last word, for telling a regular expression from a
    /// division and a statement's end from its continuation.
    last: u8,
    last_word: String,
    /// The names read since the last statement began.
    words: Vec<String>,
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$' || byte >= 0x80
}

impl Lexer<'_> {
    fn peek(&self, offset: usize) -> u8 {
        self.bytes.get(self.at + offset).copied().unwrap_or(0)
    }

    /// Whether the line starting here starts a new top-level statement.
    fn starts_statement(&self) -> bool {
        if self.depth != 0 || !self.templates.is_empty() {
            return false;
        }
        let line = &self.bytes[self.at..];
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let first = line.get(indent).copied().unwrap_or(b'\n');
        if matches!(first, b'\n' | b'\r') {
            return false;
        }
        let word: Vec<u8> = line[indent..]
            .iter()
            .take_while(|&&b| is_word_byte(b))
            .copied()
            .collect();
        match self.family {
            Family::Python => {
                // A statement starts at the left edge; a decorator's function and an
                // `else` go with what is above them.
                indent == 0
                    && first != b'#'
                    && first != b')'
                    && !matches!(word.as_slice(), b"else" | b"elif" | b"except" | b"finally")
                    && self.last != b'\\'
                    && !self.after_decorator()
            }
            Family::Script | Family::Go => {
                // After `;` a statement has ended. After `}`, or (at the left edge) after a
                // name, a closing bracket or a string, only a line that starts with a name or
                // a string starts another: one that starts with `(`, `[` or a template
                // continues the expression above (`f\n(x)` is a call).
                let starts_word = is_word_byte(first)
                    || matches!(first, b'@' | b'"' | b'\'')
                    || line[indent..].starts_with(b"//")
                    || line[indent..].starts_with(b"/*");
                let starts_bracket = matches!(first, b'(' | b'[' | b'{' | b'`');
                let after_expression = indent == 0
                    && (is_word_byte(self.last)
                        || matches!(self.last, b')' | b']' | b'"' | b'\'' | b'`'))
                    && !self.continues_expression();
                let starts = match self.last {
                    b';' => starts_word || starts_bracket,
                    b'}' => starts_word,
                    _ => after_expression && starts_word,
                };
                starts && !matches!(word.as_slice(), b"else" | b"catch" | b"finally")
            }
        }
    }

    /// A Python decorator line goes with the definition below it.
    fn after_decorator(&self) -> bool {
        let before = &self.bytes[..self.at.saturating_sub(1)];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        before.get(line_start) == Some(&b'@')
    }

    /// The last word is an operator keyword whose operand follows on the next line.
    fn continues_expression(&self) -> bool {
        is_word_byte(self.last)
            && matches!(
                self.last_word.as_str(),
                "return" | "new" | "typeof" | "await" | "yield" | "in" | "of" | "instanceof"
            )
    }

    /// Reads one token, keeping the names in it. `None` when the text is cut short inside a
    /// string or comment that does not close (the file is then parsed whole).
    fn next_token(&mut self) -> Option<()> {
        let byte = self.peek(0);
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' => {
                self.at += 1;
                Some(())
            }
            b'/' if self.peek(1) == b'/' && self.family != Family::Python => {
                self.skip_line();
                Some(())
            }
            b'#' if self.family == Family::Python => {
                self.skip_line();
                Some(())
            }
            b'/' if self.peek(1) == b'*' && self.family != Family::Python => {
                let end = find(&self.bytes[self.at + 2..], b"*/")?;
                self.at += 2 + end + 2;
                Some(())
            }
            b'/' if self.family == Family::Script && self.regex_can_start() => {
                self.skip_regex()?;
                self.last = b'/';
                Some(())
            }
            b'"' | b'\'' | b'`' => {
                self.string(byte, false)?;
                self.last = byte;
                Some(())
            }
            b'(' | b'[' | b'{' => {
                self.depth += 1;
                self.at += 1;
                self.last = byte;
                Some(())
            }
            b')' | b']' | b'}' => {
                if byte == b'}' && self.templates.last() == Some(&self.depth) {
                    // The end of a template's `${` hole: back into its text.
                    self.templates.pop();
                    self.depth = self.depth.checked_sub(1)?;
                    self.at += 1;
                    self.template_text()?;
                    self.last = b'`';
                    return Some(());
                }
                self.depth = self.depth.checked_sub(1)?;
                self.at += 1;
                self.last = byte;
                Some(())
            }
            byte if is_word_byte(byte) => {
                let start = self.at;
                while self.at < self.bytes.len() && is_word_byte(self.bytes[self.at]) {
                    self.at += 1;
                }
                let word = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
                // A Python string prefix (`f"..."`, `rb'...'`): an f-string's holes are code.
                if self.family == Family::Python
                    && word.len() <= 2
                    && word.bytes().all(|b| b"rRbBuUfF".contains(&b))
                    && matches!(self.peek(0), b'"' | b'\'')
                {
                    let formatted = word.bytes().any(|b| b == b'f' || b == b'F');
                    let quote = self.peek(0);
                    self.string(quote, formatted)?;
                    self.last = quote;
                    return Some(());
                }
                self.last = byte;
                self.last_word.clone_from(&word);
                // A number names nothing.
                if !byte.is_ascii_digit() {
                    self.words.push(word);
                }
                Some(())
            }
            _ => {
                self.at += 1;
                self.last = byte;
                Some(())
            }
        }
    }

    fn skip_line(&mut self) {
        let rest = &self.bytes[self.at..];
        self.at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    }

    /// A `/` starts a regular expression after an operator, an opening bracket or a keyword
    /// such as `return`; after a name, a number or a closing bracket it divides.
    fn regex_can_start(&self) -> bool {
        if is_word_byte(self.last) {
            return matches!(
                self.last_word.as_str(),
                "return" | "typeof" | "case" | "in" | "of" | "yield" | "await" | "void"
            );
        }
        !matches!(self.last, b')' | b']' | b'}' | b'"' | b'\'' | b'`')
    }

    fn skip_regex(&mut self) -> Option<()> {
        self.at += 1;
        let mut in_class = false;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            match byte {
                b'\\' => self.at += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => return Some(()),
                b'\n' => return None,
                _ => {}
            }
        }
        None
    }

    /// Reads a string opened by `quote` at `self.at`, keeping the names in an f-string's
    /// holes (a template's holes are read as code).
    fn string(&mut self, quote: u8, formatted: bool) -> Option<()> {
        if quote == b'`' && self.family == Family::Script {
            self.at += 1;
            return self.template_text();
        }
        let triple =
            self.family == Family::Python && self.peek(1) == quote && self.peek(2) == quote;
        let raw = self.family == Family::Go && quote == b'`';
        self.at += if triple { 3 } else { 1 };
        let start = self.at;
        loop {
            let byte = *self.bytes.get(self.at)?;
            if byte == b'\\' && !raw {
                self.at += 2;
                continue;
            }
            if byte == b'\n' && !triple && !raw {
                // A string does not run over a line: the lexer has misread something.
                return None;
            }
            if byte == quote && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) {
                if formatted {
                    let inside = &self.bytes[start..self.at];
                    self.words.extend(hole_names(inside));
                }
                self.at += if triple { 3 } else { 1 };
                return Some(());
            }
            self.at += 1;
        }
    }

    /// Reads a template's text up to its end or its next `${` hole.
    fn template_text(&mut self) -> Option<()> {
        loop {
            let byte = *self.bytes.get(self.at)?;
            match byte {
                b'\\' => self.at += 2,
                b'`' => {
                    self.at += 1;
                    return Some(());
                }
                b'$' if self.peek(1) == b'{' => {
                    self.at += 2;
                    self.depth += 1;
                    self.templates.push(self.depth);
                    self.last = b'{';
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }
}

/// The names in an f-string's `{...}` holes.
fn hole_names(inside: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut word = Vec::new();
    for &byte in inside {
        match byte {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 && is_word_byte(byte) {
            word.push(byte);
        } else if !word.is_empty() {
            names.push(String::from_utf8_lossy(&word).into_owned());
            word.clear();
        }
    }
    names
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of plain code that share no name with the Intercom part.
    fn filler(lines: usize, line: impl Fn(usize) -> String) -> String {
        (0..lines).map(line).collect()
    }

    fn seeds(text: &str) -> Vec<usize> {
        text.match_indices("intercom").map(|(at, _)| at).collect()
    }

    /// The lines the cut keeps (not blanked), trimmed.
    fn kept_lines(cut: &[u8]) -> Vec<String> {
        String::from_utf8_lossy(cut)
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn assert_same_shape(text: &str, cut: &[u8]) {
        assert_eq!(text.len(), cut.len(), "offsets must not move");
        for (a, b) in text.bytes().zip(cut) {
            assert!(
                a == *b || (*b == b' ' && a != b'\n'),
                "only blanked, never moved"
            );
        }
    }

    #[test]
    fn a_script_keeps_the_request_its_constant_its_wrapper_and_the_wrappers_callers() {
        let text = format!(
            "import axios from \"axios\";\n\
             const BASE = \"https://api.intercom.io\";\n\
             {}\
             function sync(id) {{\n  const re = /[}}{{'\"]/;\n  return axios.get(`${{BASE}}/contacts/${{`${{id}}`}}`);\n}}\n\
             {}\
             export const run = () => sync(42);\n",
            filler(150, |n| format!(
                "    value_{n} = compute(count_{n}, {n});\n"
            )),
            filler(150, |n| format!("let total_{n} = sum(items_{n}) / 2;\n")),
        );
        let cut = cut(Language::TypeScript, text.as_bytes(), &seeds(&text)).expect("cut");
        assert_same_shape(&text, &cut);
        assert_eq!(
            kept_lines(&cut),
            [
                "import axios from \"axios\";",
                "const BASE = \"https://api.intercom.io\";",
                "function sync(id) {",
                "const re = /[}{'\"]/;",
                "return axios.get(`${BASE}/contacts/${`${id}`}`);",
                "}",
                "export const run = () => sync(42);",
            ]
        );
    }

    #[test]
    fn python_keeps_decorators_with_their_function_and_reads_f_string_holes() {
        let text = format!(
            "BASE = \"https://api.intercom.io\"\n\
             {}\
             @retry(times=3)\n\
             def admins(session):\n    return session.get(f\"{{BASE}}/admins\")\n\
             {}\
             if __name__ == \"__main__\":\n    admins(make_session())\nelse:\n    pass\n",
            filler(150, |n| format!("value_{n} = compute(count_{n}, {n})\n")),
            filler(150, |n| format!("total_{n} = (\n    items_{n} + {n}\n)\n")),
        );
        let cut = cut(Language::Python, text.as_bytes(), &seeds(&text)).expect("cut");
        assert_same_shape(&text, &cut);
        assert_eq!(
            kept_lines(&cut),
            [
                "BASE = \"https://api.intercom.io\"",
                "@retry(times=3)",
                "def admins(session):",
                "return session.get(f\"{BASE}/admins\")",
                "if __name__ == \"__main__\":",
                "admins(make_session())",
                "else:",
                "pass",
            ]
        );
    }

    #[test]
    fn go_keeps_the_declarations_a_request_uses() {
        let text = format!(
            "package sync\n\n\
             import \"net/http\"\n\n\
             const base = `https://api.intercom.io`\n\n\
             {}\
             func Admins(c *http.Client) (*http.Response, error) {{\n\treturn c.Get(base + \"/admins\")\n}}\n\
             {}",
            filler(150, |n| format!("var value{n} = compute(count{n}, {n})\n")),
            filler(150, |n| format!(
                "func helper{n}() int {{\n\treturn {n}\n}}\n"
            )),
        );
        let cut = cut(Language::Go, text.as_bytes(), &seeds(&text)).expect("cut");
        assert_same_shape(&text, &cut);
        assert_eq!(
            kept_lines(&cut),
            [
                "package sync",
                "import \"net/http\"",
                "const base = `https://api.intercom.io`",
                "func Admins(c *http.Client) (*http.Response, error) {",
                "return c.Get(base + \"/admins\")",
                "}",
            ]
        );
    }

    #[test]
    fn what_it_cannot_cut_with_certainty_is_parsed_whole() {
        let big = filler(400, |n| format!("value_{n} = compute(count_{n});\n"));
        let with = |head: &str| format!("{head}\nconst url = \"https://api.intercom.io\";\n{big}");
        // Small files, files with nothing to seed from, languages it does not know.
        let small = "const url = \"https://api.intercom.io\";\n";
        assert!(cut(Language::JavaScript, small.as_bytes(), &seeds(small)).is_none());
        assert!(cut(Language::JavaScript, big.as_bytes(), &[]).is_none());
        let text = with("");
        assert!(cut(Language::Tsx, text.as_bytes(), &seeds(&text)).is_none());
        assert!(cut(Language::Ruby, text.as_bytes(), &seeds(&text)).is_none());
        // Text the lexer cannot read to a balanced end: an unclosed bracket, string or
        // comment, JSX text with an apostrophe.
        for head in [
            "foo(",
            "const s = 'open",
            "/* open",
            "const el = <p>Don't</p>;",
        ] {
            let text = with(head);
            assert!(
                cut(Language::JavaScript, text.as_bytes(), &seeds(&text)).is_none(),
                "{head}"
            );
        }
        // The part that matters is most of the file.
        let dense = filler(400, |n| {
            format!("fetch(\"https://api.intercom.io/contacts/{n}\");\n")
        });
        assert!(cut(Language::JavaScript, dense.as_bytes(), &seeds(&dense)).is_none());
    }

    #[test]
    fn a_line_that_continues_an_expression_stays_with_it() {
        let text = format!(
            "const client = makeClient()\n  .withBase(\"https://api.intercom.io\")\n\
             const other = value\n(client)\n\
             const third = other\n  + 1\n{}",
            filler(400, |n| format!("value_{n} = compute(count_{n});\n")),
        );
        let cut = cut(Language::JavaScript, text.as_bytes(), &seeds(&text)).expect("cut");
        let kept = kept_lines(&cut);
        assert_eq!(
            kept,
            [
                "const client = makeClient()",
                ".withBase(\"https://api.intercom.io\")",
                "const other = value",
                "(client)",
                "const third = other",
                "+ 1",
            ]
        );
    }

    #[test]
    fn the_fixture_projects_large_mixed_files_are_cut_and_parse_cleanly() {
        // The scan-patterns fixtures hold a large file in each family where Intercom is a
        // small part; their hand-read hits are checked whole by the integration test, so
        // this makes sure that test goes through the cut.
        for (language, path) in [
            (Language::TypeScript, "typescript/src/reports/weekly.ts"),
            (Language::Python, "python/jobs/tidy_tags.py"),
            (Language::Go, "go/internal/metrics/metrics.go"),
        ] {
            let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/scan-patterns")
                .join(path);
            let text = std::fs::read_to_string(&file).expect("fixture");
            let seeds: Vec<usize> = text
                .to_ascii_lowercase()
                .match_indices("intercom")
                .map(|(at, _)| at)
                .collect();
            let cut = cut(language, text.as_bytes(), &seeds).expect(path);
            let kept = cut.iter().filter(|b| !b.is_ascii_whitespace()).count();
            let all = text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            assert!(kept * 5 < all, "{path}: kept {kept} of {all}");
            let parsed = crate::scan::syntax::parse(language, &cut, true).expect(path);
            assert!(!parsed.tree.root_node().has_error(), "{path}");
        }
    }
}
