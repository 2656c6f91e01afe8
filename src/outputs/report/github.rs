//! GitHub Actions workflow commands: each finding becomes an annotation on the PR diff.

use std::io::Write;

use super::Report;
use crate::model::rule::Severity;

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let file = &report.manifest.file;
    // Suppressed findings are accepted: no annotation (SARIF and JSON still list them).
    for finding in report.findings.iter().filter(|f| f.suppression.is_none()) {
        let start = file.position(finding.span.start);
        let end = file.position(finding.span.end);
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            property(&report.artifact),
            start.line,
            end.line,
            start.column,
            end.column,
            property(&format!("scopecheck {}", finding.rule)),
            data(&format!("{}\nFix: {}", finding.message, finding.help)),
        )?;
    }
    Ok(())
}

/// Escapes a command's message, as the Actions runner unescapes it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
