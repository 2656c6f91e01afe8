//! A streaming reader of HAR 1.2 files (browsers' dev tools, Playwright, mitmproxy, Charles,
//! Microsoft Dev Proxy): one entry at a time, keeping only what an import needs, so memory
//! stays flat whatever the size of the file.
//!
//! Of each entry it keeps the method, the URL, the `Intercom-Version` request header and the
//! response status; a response body only when the caller asks for it (a refusal from an
//! Intercom host, where Intercom names the missing scope). Every other header, cookie and body
//! is skipped unread, so no secret in them can reach any output.

use std::fmt;
use std::io::Read;

use base64::Engine;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What the reader keeps of one HAR entry.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based, in file order.
    pub number: usize,
    pub method: String,
    pub url: String,
    /// The `Intercom-Version` request header, when sent.
    pub api_version: Option<String>,
    /// The response status; 0 when the request got no answer.
    pub status: u16,
    /// The response body, decoded, when `wants_body` asked for it.
    pub body: Option<String>,
}

/// Reads the entries of a HAR document in order. `keeps(url)` says whether an entry's
/// headers are worth reading; `wants_body(url, status)` whether its response body is.
pub fn read(
    reader: impl Read,
    keeps: &dyn Fn(&str) -> bool,
    wants_body: &dyn Fn(&str, u16) -> bool,
    each: &mut dyn FnMut(Entry),
) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let mut count = 0;
    let found_log = deserializer.deserialize_map(Root(Reading {
        keeps,
        wants_body,
        each,
        count: &mut count,
    }))?;
    deserializer.end()?;
    if !found_log {
        return Err(serde::de::Error::custom(
            "not a HAR file: no `log` object at the top",
        ));
    }
    Ok(())
}

/// The caller's choices and sink, handed down the document.
struct Reading<'a> {
    keeps: &'a dyn Fn(&str) -> bool,
    wants_body: &'a dyn Fn(&str, u16) -> bool,
    each: &'a mut dyn FnMut(Entry),
    count: &'a mut usize,
}

/// Object keys the reader looks for; every other key's value is skipped. Read from the
/// parser's scratch buffer, never allocated.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum Key {
    Log,
    Entries,
    Request,
    Response,
    Method,
    Url,
    Headers,
    Name,
    Value,
    Status,
    Content,
    Text,
    Encoding,
    #[serde(other)]
    Other,
}

struct Root<'a>(Reading<'a>);

impl<'de> Visitor<'de> for Root<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR document (an object with a `log`)")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<bool, A::Error> {
        let mut found_log = false;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Log if !found_log => {
                    found_log = true;
                    map.next_value_seed(Log(&mut self.0))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found_log)
    }
}

struct Log<'r, 'a>(&'r mut Reading<'a>);

impl<'de> DeserializeSeed<'de> for Log<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Log<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR `log` object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Entries => map.next_value_seed(Entries(&mut *self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Entries<'r, 'a>(&'r mut Reading<'a>);

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR `entries` array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Each entry goes to the sink as soon as it is read; none is kept.
        while let Some(entry) = seq.next_element_seed(EntrySeed(&*self.0))? {
            *self.0.count += 1;
            (self.0.each)(Entry {
                number: *self.0.count,
                ..entry
            });
        }
        Ok(())
    }
}

struct EntrySeed<'r, 'a>(&'r Reading<'a>);

impl<'de> DeserializeSeed<'de> for EntrySeed<'_, '_> {
    type Value = Entry;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_, '_> {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR entry object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut entry = Entry::default();
        let mut request_read = false;
        // Writers put the request before the response; if one does not, the body is read
        // and the decision made once the URL is known.
        let mut body = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Request => {
                    let request = map.next_value_seed(RequestSeed(self.0.keeps))?;
                    entry.method = request.method;
                    entry.url = request.url;
                    entry.api_version = request.api_version;
                    request_read = true;
                }
                Key::Response => {
                    let url = request_read.then_some(entry.url.as_str());
                    let response = map.next_value_seed(ResponseSeed {
                        url,
                        wants_body: self.0.wants_body,
                    })?;
                    entry.status = response.status;
                    body = response.body;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        entry.body = body.filter(|_| (self.0.wants_body)(&entry.url, entry.status));
        Ok(entry)
    }
}

struct Request {
    method: String,
    url: String,
    api_version: Option<String>,
}

struct RequestSeed<'a>(&'a dyn Fn(&str) -> bool);

impl<'de> DeserializeSeed<'de> for RequestSeed<'_> {
    type Value = Request;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Request, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RequestSeed<'_> {
    type Value = Request;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR request object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Request, A::Error> {
        let mut request = Request {
            method: String::new(),
            url: String::new(),
            api_version: None,
        };
        let mut url_read = false;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Method => request.method = map.next_value()?,
                Key::Url => {
                    request.url = map.next_value()?;
                    url_read = true;
                }
                // Headers are read only for kept URLs, and of them only the API version.
                Key::Headers if !url_read || (self.0)(&request.url) => {
                    request.api_version = map.next_value_seed(ApiVersionHeader)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(request)
    }
}

/// The value of the `Intercom-Version` header in a HAR headers array.
struct ApiVersionHeader;

impl<'de> DeserializeSeed<'de> for ApiVersionHeader {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ApiVersionHeader {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR headers array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut version = None;
        while let Some(header) = seq.next_element_seed(HeaderSeed)? {
            if header.is_some() {
                version = header;
            }
        }
        Ok(version)
    }
}

/// One header: its value if it is `Intercom-Version`, and nothing of any other header (its
/// value, which may be a token, is skipped unread).
struct HeaderSeed;

impl<'de> DeserializeSeed<'de> for HeaderSeed {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeaderSeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR header object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // `name` comes before `value` in every writer seen; if not, the value is not kept.
        let mut is_version = false;
        let mut value = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Name => is_version = map.next_value_seed(IsVersionName)?,
                Key::Value if is_version => value = Some(map.next_value::<String>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(value.filter(|_| is_version))
    }
}

/// Whether a header name is `Intercom-Version`, compared in the parser's buffer.
struct IsVersionName;

impl<'de> DeserializeSeed<'de> for IsVersionName {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IsVersionName {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a header name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<bool, E> {
        Ok(name.eq_ignore_ascii_case("intercom-version"))
    }
}

struct Response {
    status: u16,
    body: Option<String>,
}

struct ResponseSeed<'a> {
    /// The request's URL, when it came first.
    url: Option<&'a str>,
    wants_body: &'a dyn Fn(&str, u16) -> bool,
}

impl<'de> DeserializeSeed<'de> for ResponseSeed<'_> {
    type Value = Response;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Response, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ResponseSeed<'_> {
    type Value = Response;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Response, A::Error> {
        let mut response = Response {
            status: 0,
            body: None,
        };
        let mut status_read = false;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                // Some writers give -1 or 0 for a request that got no answer, some a float.
                Key::Status => {
                    let status = map.next_value::<f64>()?;
                    response.status = if (100.0..1000.0).contains(&status) {
                        status as u16
                    } else {
                        0
                    };
                    status_read = true;
                }
                Key::Content
                    if match (self.url, status_read) {
                        (Some(url), true) => (self.wants_body)(url, response.status),
                        (Some(url), false) => {
                            (self.wants_body)(url, 401) || (self.wants_body)(url, 403)
                        }
                        (None, _) => true,
                    } =>
                {
                    response.body = map.next_value::<Content>()?.decoded();
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(response)
    }
}

/// A HAR `content` object: the body as text, base64 when `encoding` says so.
#[derive(Deserialize)]
struct Content {
    text: Option<String>,
    encoding: Option<String>,
}

impl Content {
    fn decoded(self) -> Option<String> {
        let text = self.text?;
        match self.encoding.as_deref() {
            Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .ok()?;
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            _ => Some(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<Entry> {
        let mut all = Vec::new();
        read(
            text.as_bytes(),
            &|url| url.contains("intercom"),
            &|url, status| url.contains("intercom") && matches!(status, 401 | 403),
            &mut |entry| all.push(entry),
        )
        .expect("valid HAR");
        all
    }

    #[test]
    fn keeps_the_method_url_version_and_status_and_a_refusal_body() {
        let har = r#"{"log": {"version": "1.2", "entries": [
            {"startedDateTime": "x", "request": {"method": "GET", "url": "https://api.intercom.io/tags",
              "headers": [{"name": "Authorization", "value": "Bearer secret"}, {"name": "intercom-version", "value": "2.11"}]},
             "response": {"status": 403, "content": {"size": 10, "text": "eyJhIjoxfQ==", "encoding": "base64"}}},
            {"request": {"method": "GET", "url": "https://example.org/", "headers": [{"name": "Intercom-Version", "value": "9"}]},
             "response": {"status": 403, "content": {"text": "other"}}},
            {"response": {"status": 200, "content": {"text": "ok"}}, "request": {"url": "https://api.intercom.io/me", "method": "GET"}}
        ]}}"#;
        let all = entries(har);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].number, 1);
        assert_eq!(all[0].api_version.as_deref(), Some("2.11"));
        assert_eq!(all[0].status, 403);
        assert_eq!(all[0].body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(
            all[1].api_version, None,
            "headers of other hosts are not read"
        );
        assert_eq!(all[1].body, None);
        assert_eq!(all[2].url, "https://api.intercom.io/me");
        assert_eq!(
            all[2].body, None,
            "a response read before its request is dropped when 200"
        );
    }

    #[test]
    fn a_file_without_a_log_is_not_a_har() {
        let error = read(
            &b"{\"entries\": []}"[..],
            &|_| true,
            &|_, _| true,
            &mut |_| {},
        )
        .expect_err("no log");
        assert!(error.to_string().contains("not a HAR file"), "{error}");
        let error = read(
            &b"{\"log\": {\"entries\": [1}}"[..],
            &|_| true,
            &|_, _| true,
            &mut |_| {},
        )
        .expect_err("broken JSON");
        assert_eq!((error.line(), error.column()), (1, 23));
    }
}
