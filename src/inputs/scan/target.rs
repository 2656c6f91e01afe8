//! What a scan looks for, taken from the catalog: the provider's name as code writes it
//! (the words of its API hosts, and of its client libraries' imports), its hosts, and the
//! calls of its client libraries.

use super::clients;
use super::sdk::SdkIndex;
use crate::inputs::catalog::Catalog;

/// A pattern no byte matches: a catalog that names no host and no client can have no call
/// in code.
const NOTHING: &str = "(?-u)[^\\x00-\\xff]";

pub(crate) struct Target<'a> {
    pub(crate) catalog: &'a Catalog,
    /// The provider's words in any ASCII case (`intercom`; `googleapis`, `googleapiclient`,
    /// ...): a file that has none of them can hold no hit.
    pub(crate) words: regex::bytes::Regex,
    sdks: Sdks,
}

enum Sdks {
    /// Intercom's SDK data, read from the SDKs' sources.
    Intercom,
    /// Derived from the catalog's method ids (Google's generated clients).
    Derived(SdkIndex),
    None,
}

impl<'a> Target<'a> {
    pub(crate) fn of(catalog: &'a Catalog) -> Target<'a> {
        let derived = clients::index(catalog);
        let mut words: Vec<String> = catalog
            .hosts
            .iter()
            .filter_map(|host| host_word(host.as_str()))
            .collect();
        if derived.is_some() {
            words.extend(clients::markers().map(str::to_string));
        }
        words.sort();
        words.dedup();
        let pattern = if words.is_empty() {
            NOTHING.to_string()
        } else {
            let escaped: Vec<String> = words.iter().map(|word| regex::escape(word)).collect();
            format!("(?i-u){}", escaped.join("|"))
        };
        let sdks = match derived {
            Some(index) => Sdks::Derived(index),
            None if catalog.provider.as_str() == "intercom" => Sdks::Intercom,
            None => Sdks::None,
        };
        Target {
            catalog,
            words: regex::bytes::Regex::new(&pattern)
                .expect("internal error: escaped words make a valid pattern"),
            sdks,
        }
    }

    /// The client libraries whose calls count, if the provider has any the scanner knows.
    pub(crate) fn sdks(&self) -> Option<&SdkIndex> {
        match &self.sdks {
            Sdks::Intercom => Some(SdkIndex::bundled()),
            Sdks::Derived(index) => Some(index),
            Sdks::None => None,
        }
    }

    /// Whether `text` names the provider.
    pub(crate) fn named_in(&self, text: &str) -> bool {
        self.words.is_match(text.as_bytes())
    }
}

/// The word of a host that code names the provider by: `intercom` of `api.eu.intercom.io`,
/// `googleapis` of `gmail.googleapis.com`, `xero` of `api.xero.com`. Short labels before
/// the top-level domain (`co` of `api.example.co.uk`) are passed over.
fn host_word(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let word = host
        .rsplit('.')
        .skip(1)
        .find(|label| label.len() > 3)
        .map(str::to_string);
    // `api.box.com`: no label is long enough to stand alone; the host itself is searched.
    word.or_else(|| host.contains('.').then_some(host.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_without_hosts_names_nothing() {
        let nothing = regex::bytes::Regex::new(NOTHING).expect("a valid pattern");
        assert!(!nothing.is_match("naïve — 日本 ✓ plain".as_bytes()));
        assert!(!nothing.is_match(&[0u8, 0x7f, 0x80, 0xff]));
    }

    #[test]
    fn the_words_come_from_the_hosts_and_the_clients() {
        assert_eq!(host_word("api.eu.intercom.io").as_deref(), Some("intercom"));
        assert_eq!(host_word("api.example.co.uk").as_deref(), Some("example"));
        assert_eq!(host_word("localhost"), None);
        assert_eq!(host_word("api.box.com").as_deref(), Some("api.box.com"));
        let intercom = Target::of(Catalog::bundled());
        assert!(intercom.named_in("const c = new IntercomClient()"));
        assert!(!intercom.named_in("from googleapiclient.discovery import build"));
        assert!(intercom.sdks().is_some());
        let google = Target::of(Catalog::bundled_for("google").expect("bundled"));
        assert!(google.named_in("from googleapiclient.discovery import build"));
        assert!(google.named_in("fetch('https://gmail.googleapis.com/gmail/v1/users/me')"));
        assert!(google.named_in("import \"google.golang.org/api/gmail/v1\""));
        assert!(!google.named_in("const c = new IntercomClient()"));
    }
}
