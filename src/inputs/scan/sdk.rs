//! Which method of Intercom's official SDKs makes which REST call: data read from the SDKs'
//! sources (`sdk-calls.toml`, with each SDK's version range and commit), not code.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;

use super::sdk_data::File;
use crate::inputs::catalog::OperationId;

/// The SDK data built into the binary (as `build.rs` decoded it; tests read the text).
#[cfg(test)]
const BUNDLED: &str = include_str!("../../../sdk-calls.toml");

/// One SDK release line.
#[derive(Debug, Clone)]
pub struct Sdk {
    pub id: String,
    pub package: String,
    pub registry: String,
    pub versions: String,
    pub source: String,
}

/// A method of an SDK and the call it makes.
#[derive(Debug, Clone)]
pub struct Method {
    pub sdk: usize,
    pub call: String,
    pub request: String,
    pub source: String,
    pub when: Option<String>,
    /// The catalog operation, where the method was derived from the catalog itself.
    pub operation: Option<OperationId>,
}

/// The SDK methods of one language, ready to search a file for.
#[derive(Debug)]
pub struct LanguageIndex {
    /// The distinct call patterns, in the order of `methods_of`.
    calls: Vec<String>,
    /// Their automaton, built the first time a file of the language is searched: a run that
    /// reads one language builds one.
    matcher: std::sync::OnceLock<Option<AhoCorasick>>,
    /// For each pattern, its methods: the newest SDK first (the data lists SDKs newest first).
    methods_of: Vec<Vec<usize>>,
}

/// Every SDK, indexed by language.
#[derive(Debug)]
pub struct SdkIndex {
    pub sdks: Vec<Sdk>,
    pub methods: Vec<Method>,
    languages: BTreeMap<String, LanguageIndex>,
    /// By language, what a file must contain to be read for SDK calls.
    markers: BTreeMap<String, Vec<String>>,
}

impl SdkIndex {
    /// The bundled data, parsed the first time a file mentions an SDK (a tree that never
    /// does pays nothing for it).
    pub fn bundled() -> &'static SdkIndex {
        static INDEX: std::sync::LazyLock<SdkIndex> = std::sync::LazyLock::new(|| {
            postcard::from_bytes(include_bytes!(concat!(env!("OUT_DIR"), "/sdk-calls.bin")))
                .map_err(|error| error.to_string())
                .and_then(SdkIndex::from_file)
                .expect("internal error: the bundled SDK data is checked by the build")
        });
        &INDEX
    }

    pub fn parse(text: &str) -> Result<SdkIndex, String> {
        SdkIndex::from_file(toml::from_str(text).map_err(|error| error.to_string())?)
    }

    fn from_file(file: File) -> Result<SdkIndex, String> {
        if file.format != 1 {
            return Err(format!("SDK data format {} is not supported", file.format));
        }
        let mut sdks = Vec::new();
        let mut methods = Vec::new();
        for (index, entry) in file.sdk.into_iter().enumerate() {
            for method in entry.method {
                methods.push((
                    entry.languages.clone(),
                    Method {
                        sdk: index,
                        call: method.call,
                        request: method.request,
                        source: method.source,
                        when: method.when,
                        operation: None,
                    },
                ));
            }
            sdks.push(Sdk {
                id: entry.id,
                package: entry.package,
                registry: entry.registry,
                versions: entry.versions,
                source: entry.source,
            });
        }
        let markers = INTERCOM_MARKERS
            .iter()
            .map(|(language, markers)| {
                (
                    (*language).to_string(),
                    markers.iter().map(|m| (*m).to_string()).collect(),
                )
            })
            .collect();
        Ok(SdkIndex::new(sdks, methods, markers))
    }

    /// The index of `methods`, each with the languages its SDK is written in; `markers` are
    /// what a file of each language must contain to be read for SDK calls.
    pub(crate) fn new(
        sdks: Vec<Sdk>,
        methods: Vec<(Vec<String>, Method)>,
        markers: BTreeMap<String, Vec<String>>,
    ) -> SdkIndex {
        let mut by_language: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
        let mut all = Vec::new();
        for (languages, method) in methods {
            for language in languages {
                by_language
                    .entry(language)
                    .or_default()
                    .entry(method.call.clone())
                    .or_default()
                    .push(all.len());
            }
            all.push(method);
        }
        let mut languages = BTreeMap::new();
        for (language, patterns) in by_language {
            let (calls, methods_of): (Vec<String>, Vec<Vec<usize>>) = patterns.into_iter().unzip();
            languages.insert(
                language,
                LanguageIndex {
                    calls,
                    matcher: std::sync::OnceLock::new(),
                    methods_of,
                },
            );
        }
        SdkIndex {
            sdks,
            methods: all,
            languages,
            markers,
        }
    }

    /// Whether a file mentions one of the SDKs of its language (an import or a client
    /// class), so that `.contacts.find(` in unrelated code is not taken for an SDK call.
    pub fn mentioned(&self, language: &str, text: &str) -> bool {
        self.markers
            .get(language)
            .is_some_and(|markers| markers.iter().any(|marker| text.contains(marker.as_str())))
    }

    /// Every SDK method call in `text`, for a file of `language`: (byte offset, pattern length,
    /// the methods the pattern may be, newest SDK first).
    pub fn find<'a>(&'a self, language: &str, text: &str) -> Vec<(usize, usize, &'a [usize])> {
        let Some(index) = self.languages.get(language) else {
            return Vec::new();
        };
        let Some(matcher) = index
            .matcher
            .get_or_init(|| AhoCorasick::new(&index.calls).ok())
        else {
            return Vec::new();
        };
        matcher
            .find_overlapping_iter(text)
            .filter(|found| is_call(text, found.start(), found.end()))
            .map(|found| {
                (
                    found.start(),
                    found.end() - found.start(),
                    index.methods_of[found.pattern().as_usize()].as_slice(),
                )
            })
            .collect()
    }
}

/// What a file of each language that uses one of Intercom's SDKs contains. A module may use
/// a client made elsewhere (`import { intercom } from "./intercom"`).
const INTERCOM_MARKERS: [(&str, &[&str]); 7] = [
    ("javascript", &["intercom"]),
    ("typescript", &["intercom"]),
    ("python", &["import intercom", "from intercom", "intercom."]),
    ("ruby", &["intercom"]),
    ("go", &["intercom-go"]),
    ("php", &["Intercom\\", "IntercomClient"]),
    ("java", &["io.intercom", "com.intercom"]),
];

/// A pattern is a call when a receiver comes before a `.`/`->` pattern (or nothing of an
/// identifier before a class pattern) and the method name is not cut short.
fn is_call(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let identifier = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let pattern_start = bytes[start];
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let receiver_ok = if pattern_start == b'.' || pattern_start == b'-' {
        before.is_some_and(|b| identifier(b) || b == b')' || b == b']')
    } else {
        before.is_none_or(|b| !identifier(b) && b != b'.' && b != b':')
    };
    let after = bytes.get(end).copied();
    receiver_ok && after.is_none_or(|b| !identifier(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_data_parses_and_covers_every_sdk_language() {
        let index = SdkIndex::bundled();
        assert!(index.methods.len() > 2000);
        for language in [
            "javascript",
            "typescript",
            "python",
            "ruby",
            "go",
            "php",
            "java",
        ] {
            assert!(index.languages.contains_key(language), "{language}");
            // Built on first use at run time: it must build.
            assert!(AhoCorasick::new(&index.languages[language].calls).is_ok());
        }
    }

    #[test]
    fn the_built_in_data_is_the_file_as_written() {
        let written = SdkIndex::parse(BUNDLED).expect("sdk-calls.toml parses");
        let built = SdkIndex::bundled();
        let calls = |index: &SdkIndex| -> Vec<(String, String, String)> {
            index
                .methods
                .iter()
                .map(|m| {
                    (
                        index.sdks[m.sdk].id.clone(),
                        m.call.clone(),
                        m.request.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(calls(&written), calls(built));
    }

    #[test]
    fn calls_need_a_receiver_and_a_whole_name() {
        let text = "client.contacts.find({ id }); x.contacts.findAll(); .contacts.find";
        let index = SdkIndex::bundled();
        let found = index.find("typescript", text);
        let calls: Vec<&str> = found
            .iter()
            .map(|(at, len, _)| &text[*at..at + len])
            .collect();
        assert!(calls.contains(&".contacts.find"));
        assert_eq!(
            calls.iter().filter(|c| **c == ".contacts.find").count(),
            1,
            "{calls:?}"
        );
    }
}
