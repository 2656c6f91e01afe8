//! The review documents' templates: the defaults embedded in the binary, a user's own copies
//! from `--templates DIR` taking their place file by file, and errors that point into the
//! template that caused them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};

use crate::atomic::{self, Written};
use crate::error::{Diagnostic, Error, InputKind};
use crate::outputs::escape;
use crate::outputs::review::Documents;
use crate::span::{SourceFile, Span};
use crate::suggest;

/// The default templates, by file name.
pub const DEFAULTS: [(&str, &str); 6] = [
    (
        "justification.md",
        include_str!("../../templates/justification.md"),
    ),
    (
        "justification.html",
        include_str!("../../templates/justification.html"),
    ),
    ("checklist.md", include_str!("../../templates/checklist.md")),
    (
        "hub-scopes.md",
        include_str!("../../templates/hub-scopes.md"),
    ),
    ("shot-list.md", include_str!("../../templates/shot-list.md")),
    (
        "scope-reasons.txt",
        include_str!("../../templates/scope-reasons.txt"),
    ),
];

/// The instructions a template may run: far more than the default templates need for a
/// thousand-call manifest (tests/integration/hostile.rs), a few seconds at most.
const FUEL: u64 = 50_000_000;

/// The variables every template gets.
const VARIABLES: [&str; 5] = ["app", "justification", "hub", "shots", "checklist"];

/// Renders templates, preferring the user's copies in `dir`.
pub struct Templates {
    dir: Option<PathBuf>,
}

impl Templates {
    pub fn new(dir: Option<&Path>) -> Result<Templates, Error> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(Error::Usage {
                message: format!("--templates {}: not a folder", dir.display()),
                help: Some(
                    "run `scopecheck templates export DIR` to write the default templates there"
                        .to_string(),
                ),
            });
        }
        Ok(Templates {
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// The user's copy of a template, if there is one.
    fn user_copy(&self, name: &str) -> Option<PathBuf> {
        let path = self.dir.as_ref()?.join(name);
        path.is_file().then_some(path)
    }

    /// The template as shown in errors: the user's file, or the built-in default.
    fn shown_name(&self, name: &str) -> String {
        match self.user_copy(name) {
            Some(path) => crate::paths::display_path(&path),
            None => format!("templates/{name} (built in)"),
        }
    }

    /// `prepare`'s submission pack: every template rendered into `dir` under its own name.
    /// Renders them all and checks every target first, so a template error or a bad target
    /// writes nothing; then writes each file atomically.
    pub fn write_pack(
        &self,
        documents: &Documents,
        dir: &Path,
        overwrite: bool,
    ) -> Result<Vec<(PathBuf, Written)>, Error> {
        let rendered = DEFAULTS
            .iter()
            .map(|(name, _)| {
                let text = self.render(name, documents)?;
                // A document may be printed in a CI log: escaped as standard output is.
                let text = escape::text(&text, escape::Stream::Text { colour: false });
                Ok((dir.join(name), text.into_bytes()))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: crate::paths::display_path(dir),
            source,
        })?;
        atomic::write_all(&rendered, overwrite)
    }

    /// Renders one template with the documents as its variables.
    pub fn render(&self, name: &str, documents: &Documents) -> Result<String, Error> {
        let mut env = Environment::new();
        // Errors name the file, line and variable from the template's source, which minijinja
        // keeps only with debug on (by default, in debug builds only: not the binary users run).
        env.set_debug(true);
        // A template is a file in the repository a pull request can change: a loop that never
        // ends must end the run, not hang the CI job.
        env.set_fuel(Some(FUEL));
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        escape_by_extension(&mut env);
        let dir = self.dir.clone();
        env.set_loader(move |name| load(dir.as_deref(), name));
        let rendered = env
            .get_template(name)
            .and_then(|template| template.render(minijinja::Value::from_serialize(documents)));
        rendered.map_err(|error| self.error(name, &error, documents))
    }

    /// A template error as an input error located in the template's own text.
    fn error(&self, rendered: &str, error: &minijinja::Error, documents: &Documents) -> Error {
        let name = error.name().unwrap_or(rendered).to_string();
        let path = self.shown_name(&name);
        let source = error.template_source().unwrap_or_default().to_string();
        let file = SourceFile::new(path, source);
        let span = error
            .range()
            .map(|range| Span::new(range.start, range.end))
            .or_else(|| error.line().and_then(|line| file.line_span(line)));
        let written = span
            .and_then(|span| file.text.get(span.start..span.end))
            .map(str::trim)
            .unwrap_or_default()
            .to_string();
        let detail = error.detail().unwrap_or_default();
        let diagnostic = match error.kind() {
            ErrorKind::UndefinedError => {
                let root = written
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default();
                let last = written
                    .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .find(|part| !part.is_empty())
                    .unwrap_or_default();
                let fields = field_names(documents);
                let variable =
                    suggest::closest(root, VARIABLES, 3, 3).filter(|known| *known != root);
                let field = suggest::closest(last, fields.iter().map(String::as_str), 3, 3)
                    .filter(|known| *known != last && written.contains(['.', '[']));
                let help = match (variable, field) {
                    (Some(known), _) | (None, Some(known)) => {
                        format!("did you mean `{known}`? docs/templates.md lists every field")
                    }
                    (None, None) => format!(
                        "templates get {}; docs/templates.md lists every field",
                        VARIABLES.join(", ")
                    ),
                };
                Diagnostic::new(span, format!("undefined variable `{written}`"), "undefined")
                    .with_help(help)
            }
            ErrorKind::OutOfFuel => Diagnostic::new(
                span,
                format!("the template ran more than {FUEL} instructions: does a loop never end?"),
                "running here",
            ),
            ErrorKind::SyntaxError => {
                Diagnostic::new(span, format!("template syntax error: {detail}"), "here")
            }
            ErrorKind::TemplateNotFound => Diagnostic::new(
                span,
                format!("template not found: {detail}"),
                "included here",
            )
            .with_help(format!(
                "templates are {}",
                DEFAULTS.map(|(name, _)| name).join(", ")
            )),
            _ => Diagnostic::new(
                span,
                match detail {
                    "" => error.kind().to_string(),
                    detail => format!("{}: {detail}", error.kind()),
                },
                "here",
            ),
        };
        Error::Invalid {
            kind: InputKind::Template,
            file: Box::new(file),
            diagnostics: vec![diagnostic],
        }
    }
}

/// What a value becomes in a template, by the template's extension: HTML escaped in `.html`,
/// Markdown text in `.md` (no HTML, links or blocks; see `escape::markdown`), one line with
/// control characters shown elsewhere. `|safe` opts out; `|code`, `|fenced_line` and
/// `|paragraphs` give Markdown code spans, lines in a fenced block and paragraphs.
fn escape_by_extension(env: &mut Environment<'_>) {
    env.set_auto_escape_callback(|name| match name.rsplit('.').next() {
        Some("html" | "htm") => AutoEscape::Html,
        Some("md") => AutoEscape::Custom("markdown"),
        _ => AutoEscape::Custom("text"),
    });
    env.set_formatter(|out, state, value| {
        let escaped = match state.auto_escape() {
            _ if value.is_safe() || value.is_undefined() => None,
            AutoEscape::Custom("markdown") => Some(escape::markdown(&value.to_string())),
            AutoEscape::Custom("text") => Some(escape::line(&value.to_string())),
            _ => None,
        };
        match escaped {
            Some(text) => out.write_str(&text).map_err(minijinja::Error::from),
            None => minijinja::escape_formatter(out, state, value),
        }
    });
    env.add_filter("code", |text: String| {
        Value::from_safe_string(escape::code(&text))
    });
    env.add_filter("fenced_line", |text: String| {
        Value::from_safe_string(escape::fenced_line(&text))
    });
    env.add_filter("paragraphs", |text: String| {
        Value::from_safe_string(escape::markdown_paragraphs(&text))
    });
}

/// Every field name anywhere in the documents, for suggestions.
fn field_names(documents: &Documents) -> BTreeSet<String> {
    fn collect(value: &serde_json::Value, names: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    names.insert(key.clone());
                    collect(value, names);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, names)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    if let Ok(value) = serde_json::to_value(documents) {
        collect(&value, &mut names);
    }
    names
}

/// The loader: the user's copy first, else the default.
fn load(dir: Option<&Path>, name: &str) -> Result<Option<String>, minijinja::Error> {
    if let Some(dir) = dir {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok(Some(text)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("cannot read {}: {error}", path.display()),
                ));
            }
        }
    }
    Ok(DEFAULTS
        .iter()
        .find(|(default, _)| *default == name)
        .map(|(_, text)| (*text).to_string()))
}

/// Writes the default templates into `dir` for editing; existing files are kept unless
/// `overwrite`. Returns what became of each.
pub fn export(dir: &Path, overwrite: bool) -> Result<Vec<(PathBuf, Written)>, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: crate::paths::display_path(dir),
        source,
    })?;
    let files: Vec<(PathBuf, Vec<u8>)> = DEFAULTS
        .iter()
        .map(|(name, text)| (dir.join(name), text.as_bytes().to_vec()))
        .collect();
    atomic::write_all(&files, overwrite)
}
