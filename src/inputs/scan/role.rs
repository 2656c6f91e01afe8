//! What part of a project a file is: the app's own code, or tests and their data (which
//! `init`, `sync` and drift leave out unless asked), and whether it is generated.

/// Folders that hold tests, test data, mocks and recordings.
const TEST_FOLDERS: [&str; 22] = [
    "test",
    "tests",
    "__tests__",
    "spec",
    "specs",
    "testdata",
    "test_data",
    "test-data",
    "fixtures",
    "__fixtures__",
    "fixture",
    "mocks",
    "__mocks__",
    "mock",
    "stubs",
    "fakes",
    "cassettes",
    "vcr_cassettes",
    "snapshots",
    "__snapshots__",
    "e2e",
    "testing",
];

/// Whether a path (relative to the scanned folder, `/`-separated or not) is test code or
/// test data: a folder named like `tests/` or `fixtures/`, or a file named like `test_x.py`,
/// `x_test.go`, `x.test.ts`, `x.spec.js`, `XTest.java`, `x_spec.rb`, `conftest.py`.
pub(crate) fn is_test_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let Some((file, folders)) = parts.split_last() else {
        return false;
    };
    if folders
        .iter()
        .any(|folder| TEST_FOLDERS.contains(&folder.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let lower = file.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or(&lower);
    let (name, _) = file.rsplit_once('.').unwrap_or((file, ""));
    stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.ends_with("_spec")
        || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower.ends_with(".snap")
        || stem == "conftest"
        || (name.ends_with("Test") || name.ends_with("Tests") || name.ends_with("IT"))
            && name.chars().next().is_some_and(char::is_uppercase)
}

/// Whether text looks generated or minified: a line longer than any a person writes.
pub(crate) fn is_minified(text: &[u8]) -> bool {
    const LONGEST_WRITTEN_LINE: usize = 4096;
    text.split(|&b| b == b'\n')
        .any(|line| line.len() > LONGEST_WRITTEN_LINE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_and_their_data_are_told_apart() {
        for path in [
            "tests/test_sync.py",
            "src/test/java/com/acme/ClientTest.java",
            "app/__tests__/client.ts",
            "lib/client.test.ts",
            "lib/client.spec.js",
            "pkg/intercom/client_test.go",
            "spec/gateways/intercom_gateway_spec.rb",
            "test/fixtures/contacts.json",
            "cassettes/intercom.yml",
            "conftest.py",
            "tests/Feature/IntercomIntegrationTest.php",
        ] {
            assert!(is_test_path(path), "{path}");
        }
        for path in [
            "src/intercom/client.ts",
            "app/gateways/intercom_gateway.rb",
            "latest/contest.py",
            "src/main/java/com/acme/Testimonials.java",
            "lib/attestation.go",
        ] {
            assert!(!is_test_path(path), "{path}");
        }
    }

    #[test]
    fn long_lines_are_generated() {
        assert!(!is_minified(b"const a = 1;\nconst b = 2;\n"));
        assert!(is_minified(&[b'a'; 5000]));
    }
}
