//! Typed errors of the library: unreadable files and invalid input, each problem located.

use crate::span::{SourceFile, Span};

/// Which kind of file an input error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Manifest,
    Catalog,
    Template,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Manifest => "manifest",
            InputKind::Catalog => "catalog",
            InputKind::Template => "template",
        }
    }
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is; `None` when it concerns the whole file.
    pub span: Option<Span>,
    pub message: String,
    /// A short label under the offending text.
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(span: Option<Span>, message: impl Into<String>, label: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
            label: label.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// Everything that stops scopecheck from producing a report. All are exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{} {} has {} problem{}", kind.as_str(), file.path, diagnostics.len(), if diagnostics.len() == 1 { "" } else { "s" })]
    Invalid {
        kind: InputKind,
        file: Box<SourceFile>,
        /// Every problem found, in file order.
        diagnostics: Vec<Diagnostic>,
    },
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
}
