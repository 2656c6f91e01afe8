//! Reading the manifest's TOML tables with every value's span kept: each key read is
//! remembered, so unknown keys can be reported with a suggestion.

use std::collections::BTreeSet;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Text;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::span::Span;
use crate::suggest;

/// TOML reads an unquoted word as a broken number or key; say what was probably meant.
pub(super) fn bare_word_help(text: &str, span: Span) -> Option<String> {
    let rest = text.get(span.start..)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let is_word = word.chars().next().is_some_and(char::is_alphabetic);
    let after_equals = text[..span.start].trim_end().ends_with('=');
    (is_word && after_equals).then(|| {
        format!("a string must be quoted (\"{word}\"), and a boolean is `true` or `false`")
    })
}

/// A TOML table being read: remembers which keys were read so the rest can be reported.
pub(super) struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    /// The whole manifest text, to quote what was written.
    source: &'a str,
    span: Span,
    what: String,
    known: &'static [&'static str],
    used: BTreeSet<String>,
}

impl<'a, 'i> Table<'a, 'i> {
    pub(super) fn new(
        table: &'a DeTable<'i>,
        source: &'a str,
        span: Span,
        what: &str,
        known: &'static [&'static str],
    ) -> Self {
        Table {
            table,
            source,
            span,
            what: what.to_string(),
            known,
            used: BTreeSet::new(),
        }
    }

    pub(super) fn get(&mut self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.used.insert(key.to_string());
        self.table.get(key)
    }

    pub(super) fn missing(&self, key: &str, problems: &mut Vec<Diagnostic>) {
        problems.push(Diagnostic::new(
            // The start of the table: its header, or the top of the file.
            Some(self.span),
            format!("{} has no `{key}`", self.what),
            format!("`{key}` is required here"),
        ));
    }

    pub(super) fn required_text(
        &mut self,
        key: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Text> {
        let text = self.optional_text(key, problems);
        if text.is_none() && self.table.get(key).is_none() {
            self.missing(key, problems);
        }
        text
    }

    pub(super) fn optional_text(
        &mut self,
        key: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Text> {
        let value = self.get(key)?;
        text_value(key, value, problems)
    }

    /// `purpose`: required and not blank.
    pub(super) fn purpose(&mut self, problems: &mut Vec<Diagnostic>) -> Option<Text> {
        let purpose = self.required_text("purpose", problems)?;
        if purpose.value.trim().is_empty() {
            problems.push(
                Diagnostic::new(
                    Some(purpose.span),
                    "the purpose is empty",
                    "say what this is for",
                )
                .with_help("write what the app does with it, in words a reviewer understands"),
            );
            return None;
        }
        Some(purpose)
    }

    /// A version string; `None` when absent (whether it may be is the catalog's to say).
    pub(super) fn version(&mut self, key: &str, problems: &mut Vec<Diagnostic>) -> Option<Text> {
        let value = self.get(key)?;
        if let DeValue::Float(_) | DeValue::Integer(_) = value.get_ref() {
            let written = match value.get_ref() {
                DeValue::Float(_) => self.source.get(value.span()).unwrap_or("2.16"),
                _ => "2.16",
            };
            problems.push(
                Diagnostic::new(
                    Some(Span::from(value.span())),
                    format!("`{key}` must be a string"),
                    "a number here",
                )
                .with_help(format!(
                    "write `{key} = \"{written}\"`: as a number, 2.10 would read as 2.1"
                )),
            );
            return None;
        }
        let text = text_value(key, value, problems)?;
        if text.value.trim().is_empty() {
            problems.push(
                Diagnostic::new(Some(text.span), format!("`{key}` is empty"), "no version here")
                    .with_help(format!(
                        "write the API version, as in `{key} = \"2.16\"`, or leave the key out where the catalog has one version"
                    )),
            );
            return None;
        }
        Some(text)
    }

    /// A date: a TOML local date (`2027-03-31`) or a string holding one.
    pub(super) fn date(
        &mut self,
        key: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<(Date, Span)> {
        let value = self.get(key)?;
        let span = Span::from(value.span());
        let written = match value.get_ref() {
            DeValue::String(text) => text.to_string(),
            DeValue::Datetime(datetime) => datetime.to_string(),
            other => {
                problems.push(type_problem(
                    key,
                    "a date (`2027-03-31`)",
                    other,
                    value.span(),
                ));
                return None;
            }
        };
        match Date::parse(&written) {
            Some(date) => Some((date, span)),
            None => {
                problems.push(
                    Diagnostic::new(
                        Some(span),
                        format!("`{key}` must be a date like 2027-03-31, not `{written}`"),
                        "not a date",
                    )
                    .with_help(
                        "write the last day the suppression applies: `expires = 2027-03-31`",
                    ),
                );
                None
            }
        }
    }

    pub(super) fn optional_bool(
        &mut self,
        key: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(flag) => Some(*flag),
            other => {
                problems.push(type_problem(
                    key,
                    "a boolean (`true` or `false`)",
                    other,
                    value.span(),
                ));
                None
            }
        }
    }

    pub(super) fn text_array(&mut self, key: &str, problems: &mut Vec<Diagnostic>) -> Vec<Text> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| text_value(key, item, problems))
                .collect(),
            other => {
                problems.push(type_problem(
                    key,
                    "an array of strings",
                    other,
                    value.span(),
                ));
                Vec::new()
            }
        }
    }

    pub(super) fn optional_table(
        &mut self,
        key: &str,
        header: &str,
        known: &'static [&'static str],
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Table<'a, 'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some(Table::new(
                table,
                self.source,
                Span::from(value.span()),
                header,
                known,
            )),
            other => {
                problems.push(type_problem(key, "a table", other, value.span()));
                None
            }
        }
    }

    pub(super) fn array_of_tables(
        &mut self,
        key: &str,
        known: &'static [&'static str],
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<Table<'a, 'i>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(table) => Some(Table::new(
                        table,
                        self.source,
                        Span::from(item.span()),
                        &format!("this `[[{key}]]` entry"),
                        known,
                    )),
                    other => {
                        problems.push(
                            type_problem(key, "a table", other, item.span())
                                .with_help(format!("write each entry as a `[[{key}]]` table")),
                        );
                        None
                    }
                })
                .collect(),
            other => {
                problems.push(
                    type_problem(key, "an array of tables", other, value.span())
                        .with_help(format!("write each entry as a `[[{key}]]` table")),
                );
                Vec::new()
            }
        }
    }

    /// Reports every key that was never read.
    pub(super) fn finish(self, problems: &mut Vec<Diagnostic>) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.used.contains(name) {
                continue;
            }
            let help = match suggest::closest(name, self.known.iter().copied(), 3, 3) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("known keys here: {}", self.known.join(", ")),
            };
            problems.push(
                Diagnostic::new(
                    Some(Span::from(key.span())),
                    format!("unknown key `{name}` in {}", self.what),
                    "unknown key",
                )
                .with_help(help),
            );
        }
    }
}

pub(super) fn text_value(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Text> {
    match value.get_ref() {
        DeValue::String(text) => Some(Text {
            value: text.to_string(),
            span: Span::from(value.span()),
        }),
        other => {
            problems.push(type_problem(key, "a string", other, value.span()));
            None
        }
    }
}

pub(super) fn type_problem(
    key: &str,
    expected: &str,
    found: &DeValue<'_>,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    Diagnostic::new(
        Some(Span::from(span)),
        format!(
            "`{key}` must be {expected}, not {} {}",
            article(found.type_str()),
            found.type_str()
        ),
        format!("{} here", found.type_str()),
    )
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
