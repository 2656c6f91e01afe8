//! Which version of each Intercom SDK a project depends on, read from its dependency files,
//! so an SDK method resolves to the call that version makes.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

/// Dependency files, by file name, and how each names an SDK's version: (package as in the
/// SDK data, pattern capturing the version).
const RULES: [(&str, &str, &str); 12] = [
    (
        "package.json",
        "intercom-client",
        r#""intercom-client"\s*:\s*"[^0-9"]*([0-9][^"\s]*)""#,
    ),
    (
        "requirements.txt",
        "python-intercom",
        r"(?m)^\s*python-intercom\s*[=~<>!]=?\s*([0-9][^\s,;]*)",
    ),
    (
        "Pipfile",
        "python-intercom",
        r#"python-intercom\s*=\s*"[=~<>!]*\s*([0-9][^"]*)""#,
    ),
    (
        "pyproject.toml",
        "python-intercom",
        r#"python-intercom\s*[=~<>!^]*=?\s*"?[=~<>!^]*\s*([0-9][^",\s]*)"#,
    ),
    (
        "Gemfile.lock",
        "intercom",
        r"(?m)^\s{4}intercom \(([0-9][^)]*)\)",
    ),
    (
        "Gemfile",
        "intercom",
        r#"gem\s+['"]intercom['"]\s*,\s*['"][~>=\s]*([0-9][^'"]*)['"]"#,
    ),
    (
        "go.mod",
        "github.com/intercom/intercom-go",
        r"github\.com/intercom/intercom-go\s+v([0-9][^\s]*)",
    ),
    (
        "go.mod",
        "gopkg.in/intercom/intercom-go.v2",
        r"gopkg\.in/intercom/intercom-go\.v2\s+v?([0-9][^\s]*)",
    ),
    (
        "composer.json",
        "intercom/intercom-php",
        r#""intercom/intercom-php"\s*:\s*"[^0-9"]*([0-9][^"\s]*)""#,
    ),
    (
        "pom.xml",
        "io.intercom:intercom-java",
        r"<artifactId>intercom-java</artifactId>\s*<version>\s*([0-9][^<\s]*)",
    ),
    (
        "build.gradle",
        "io.intercom:intercom-java",
        r"io\.intercom:intercom-java:([0-9][^'\x22\s)]*)",
    ),
    (
        "build.gradle.kts",
        "io.intercom:intercom-java",
        r"io\.intercom:intercom-java:([0-9][^'\x22\s)]*)",
    ),
];

/// `RULES` compiled, the first time a dependency file is read (every file's name is checked
/// against `RULES`, which compiles nothing).
static DECLARATIONS: LazyLock<Vec<(&'static str, &'static str, Regex)>> = LazyLock::new(|| {
    RULES
        .into_iter()
        .map(|(file, package, pattern)| {
            (
                file,
                package,
                Regex::new(pattern).expect("internal error: a valid pattern"),
            )
        })
        .collect()
});

/// The SDK versions each project in a tree depends on: by package, then by the folder of the
/// dependency file. A source file takes the version of its nearest folder that declares one,
/// so the projects of a monorepo each keep their own, whatever order the files are read in.
#[derive(Debug, Default)]
pub struct Versions(BTreeMap<&'static str, BTreeMap<String, Declared>>);

/// A declared version, and which rule read it (a lock file's rule comes before the manifest's,
/// so `Gemfile.lock`'s exact version wins over `Gemfile`'s range in the same folder).
#[derive(Debug)]
struct Declared {
    rule: usize,
    version: String,
}

impl Versions {
    /// Whether a file name is a dependency file worth reading (asked of every file: the
    /// patterns are compiled only when one is read).
    pub fn is_dependency_file(name: &str) -> bool {
        RULES.iter().any(|(file, _, _)| *file == name)
    }

    /// Reads one dependency file's declarations; `path` as the scan shows paths.
    pub fn add(&mut self, path: &str, text: &str) {
        let path = Path::new(path);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let folder = path
            .parent()
            .map(|parent| parent.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (rule, (file, package, pattern)) in DECLARATIONS.iter().enumerate() {
            if *file != name {
                continue;
            }
            if let Some(version) = pattern.captures(text).and_then(|c| c.get(1)) {
                let folders = self.0.entry(package).or_default();
                if folders.get(&folder).is_none_or(|known| rule < known.rule) {
                    let version = version.as_str().to_string();
                    folders.insert(folder.clone(), Declared { rule, version });
                }
            }
        }
    }

    /// The version of `package` that the source file at `path` uses: its nearest folder's
    /// declaration, else the one version the whole tree declares, else none.
    pub fn of(&self, path: &str, package: &str) -> Option<&str> {
        let folders = self.0.get(package)?;
        let nearest = Path::new(path)
            .ancestors()
            .skip(1)
            .find_map(|folder| folders.get(folder.to_string_lossy().as_ref()));
        if let Some(declared) = nearest {
            return Some(&declared.version);
        }
        let mut everywhere = folders.values().map(|declared| declared.version.as_str());
        let first = everywhere.next()?;
        everywhere.all(|other| other == first).then_some(first)
    }
}

/// Whether a version is in a range written `>=A <B`, `>=A`, `<B` or `*`.
pub fn in_range(version: &str, range: &str) -> bool {
    range.split_whitespace().all(|bound| {
        if bound == "*" {
            true
        } else if let Some(low) = bound.strip_prefix(">=") {
            compare(version, low) != Ordering::Less
        } else if let Some(high) = bound.strip_prefix('<') {
            compare(version, high) == Ordering::Less
        } else {
            compare(version, bound) == Ordering::Equal
        }
    })
}

/// Compares versions as registries write them: numbers first (`4.2` < `4.10`), then a
/// pre-release (`6.0.0-beta.0`, `4.0.0a1`, `3.0b3`) before the release it precedes.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (numbers_a, pre_a) = split(a);
    let (numbers_b, pre_b) = split(b);
    let length = numbers_a.len().max(numbers_b.len());
    for index in 0..length {
        let x = numbers_a.get(index).copied().unwrap_or(0);
        let y = numbers_b.get(index).copied().unwrap_or(0);
        match x.cmp(&y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    match (pre_a.is_empty(), pre_b.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => pre_a.cmp(&pre_b),
    }
}

fn split(version: &str) -> (Vec<u64>, String) {
    let version = version.trim().trim_start_matches('v');
    let mut numbers = Vec::new();
    let mut rest = version;
    loop {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            break;
        }
        numbers.push(rest[..digits].parse().unwrap_or(0));
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(next) if next.starts_with(|c: char| c.is_ascii_digit()) => rest = next,
            _ => break,
        }
    }
    (numbers, rest.trim_start_matches(['-', '.']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_registries_mean() {
        assert_eq!(compare("4.10.0", "4.2.1"), Ordering::Greater);
        assert_eq!(compare("6.0.0-beta.0", "6.0.0"), Ordering::Less);
        assert_eq!(compare("4.0.0a1", "4.0.0a2"), Ordering::Less);
        assert_eq!(compare("3.1.0", "3.0b3"), Ordering::Greater);
        assert!(in_range("2.11.0", ">=0.1.1 <3.0.0"));
        assert!(!in_range("6.4.0", ">=3.0.0 <6.0.0-beta.0"));
        assert!(in_range("6.4.0", ">=6.0.0"));
        assert!(in_range("1.2.3", "*"));
    }

    #[test]
    fn dependency_files_give_versions() {
        let mut versions = Versions::default();
        versions.add(
            "package.json",
            r#"{"dependencies": {"intercom-client": "^2.11.0"}}"#,
        );
        versions.add(
            "requirements.txt",
            "requests==2.31\npython-intercom==3.1.0\n",
        );
        versions.add("Gemfile", "gem 'intercom', '~> 4.1'\n");
        versions.add("Gemfile.lock", "GEM\n  specs:\n    intercom (4.2.2)\n");
        versions.add(
            "pom.xml",
            "<artifactId>intercom-java</artifactId>\n  <version>4.0.2</version>",
        );
        assert_eq!(versions.of("src/a.js", "intercom-client"), Some("2.11.0"));
        assert_eq!(versions.of("app.py", "python-intercom"), Some("3.1.0"));
        // The lock file's exact version, whichever file was read first.
        assert_eq!(versions.of("lib/x.rb", "intercom"), Some("4.2.2"));
        assert_eq!(
            versions.of("A.java", "io.intercom:intercom-java"),
            Some("4.0.2")
        );
    }

    #[test]
    fn each_project_of_a_monorepo_keeps_its_own_version() {
        let legacy = r#"{"dependencies": {"intercom-client": "2.11.0"}}"#;
        let current = r#"{"dependencies": {"intercom-client": "6.4.0"}}"#;
        for order in [
            [("old/package.json", legacy), ("new/package.json", current)],
            [("new/package.json", current), ("old/package.json", legacy)],
        ] {
            let mut versions = Versions::default();
            for (path, text) in order {
                versions.add(path, text);
            }
            assert_eq!(
                versions.of("old/src/a.js", "intercom-client"),
                Some("2.11.0")
            );
            assert_eq!(
                versions.of("new/lib/b/c.ts", "intercom-client"),
                Some("6.4.0")
            );
            // Outside both projects, the tree does not say which.
            assert_eq!(versions.of("shared/d.js", "intercom-client"), None);
        }
        let mut one = Versions::default();
        one.add("server/package.json", current);
        assert_eq!(one.of("shared/d.js", "intercom-client"), Some("6.4.0"));
    }
}
