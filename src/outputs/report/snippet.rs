//! Source snippets under a message, for findings and input errors alike, so both look the same.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::error::Error;
use crate::model::rule::Severity;
use crate::span::{SourceFile, Span};

/// One message to show with the text it is about.
pub struct Message<'a> {
    pub severity: Severity,
    pub title: &'a str,
    /// A rule id shown as `error[unused-scope]`.
    pub id: Option<&'a str>,
    pub span: Option<Span>,
    pub label: &'a str,
    pub help: Option<&'a str>,
    /// Further lines (the evidence behind a verdict).
    pub notes: &'a [String],
}

/// Renders a message over the file's text.
pub fn render(file: &SourceFile, message: &Message<'_>, color: bool) -> String {
    let level = match message.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let mut title = level.primary_title(message.title);
    if let Some(id) = message.id {
        title = title.id(id);
    }
    let mut group = Group::with_title(title);
    match message.span {
        Some(span) => {
            let span = clamp(span, &file.text);
            // Only the lines the span touches: the renderer walks all the text it is given,
            // and a file with thousands of messages would cost its length for each.
            let (line, lines) = file.lines_of(span);
            group = group.element(
                Snippet::source(&file.text[lines.clone()])
                    .line_start(line)
                    .path(file.path.as_str())
                    .fold(true)
                    .annotation(
                        AnnotationKind::Primary
                            .span(span.start - lines.start..span.end - lines.start)
                            .label(message.label),
                    ),
            );
        }
        None => {
            group = group.element(Level::NOTE.message(format!("in {}", file.path)));
        }
    }
    for note in message.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = message.help {
        group = group.element(Level::HELP.message(help));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// Renders an error that stops the run: every problem of an invalid file, or one line.
pub fn render_error(error: &Error, color: bool) -> String {
    match error {
        Error::Invalid {
            file, diagnostics, ..
        } => {
            let mut out = String::new();
            for diagnostic in diagnostics {
                out.push_str(&render(
                    file,
                    &Message {
                        severity: Severity::Error,
                        title: &diagnostic.message,
                        id: None,
                        span: diagnostic.span,
                        label: &diagnostic.label,
                        help: diagnostic.help.as_deref(),
                        notes: &[],
                    },
                    color,
                ));
                out.push_str("\n\n");
            }
            out.push_str(&format!("{error}\n"));
            out
        }
        Error::Usage {
            message,
            help: Some(help),
        } => format!("error: {message}\nhelp: {help}\n"),
        other => format!("error: {other}\n"),
    }
}

/// Keeps a span inside the text and on character boundaries, so rendering never panics.
fn clamp(span: Span, text: &str) -> Span {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}
