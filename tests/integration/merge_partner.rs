//! Apps built for Merge's partner credentials (a redirect URL of Merge's): the checklist expects
//! an unlisted app, install instructions in the engineer's product and the Merge dashboard step.

use serde_json::Value;

use crate::common::scopecheck_in;

fn checklist(app: &str) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        format!(
            "provider = \"intercom\"\napi_version = \"2.16\"\n\n[app]\nname = \"Ticket sync\"\n{app}\n[[scopes]]\nname = \"Read tickets\"\nreason = \"Sync tickets\"\n\n[[calls]]\nrequest = \"GET /tickets/{{id}}\"\npurpose = \"Sync a ticket\"\n"
        ),
    )
    .expect("the manifest is written");
    let run = scopecheck_in(
        dir.path(),
        &["checklist", "scopecheck.toml", "--format", "json"],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let checklist: Value = serde_json::from_str(&run.stdout).expect("JSON");
    checklist["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| {
            ["install", "merge-dashboard"].contains(&item["id"].as_str().expect("an id"))
        })
        .map(|item| {
            (
                item["id"].as_str().expect("an id").to_string(),
                item["status"].as_str().expect("a status").to_string(),
                format!("{} {}", item["detail"], item["todo"]),
            )
        })
        .collect()
}

#[test]
fn a_merge_redirect_url_asks_for_an_unlisted_app_and_the_dashboard_step() {
    let listed = checklist(
        "listed = true\ninstall_url = \"https://example.com/install\"\nredirect_urls = [\"https://app.merge.dev/oauth/callback\"]\n",
    );
    let (id, status, text) = &listed[0];
    assert_eq!(
        (id.as_str(), status.as_str()),
        ("install", "fail"),
        "{text}"
    );
    assert!(text.contains("Merge's partner credentials"), "{text}");
    assert!(text.contains("set `listed = false`"), "{text}");
    let (id, status, text) = &listed[1];
    assert_eq!(
        (id.as_str(), status.as_str()),
        ("merge-dashboard", "manual"),
        "{text}"
    );
    assert!(text.contains("Integrations > Ticketing"), "{text}");

    let unlisted = checklist(
        "listed = false\ninstall_instructions = \"Settings > Integrations > Intercom > Connect\"\nredirect_urls = [\"https://APP.merge.dev/oauth/callback/\"]\n",
    );
    assert_eq!(unlisted[0].1, "pass", "{}", unlisted[0].2);
    assert!(unlisted[0].2.contains("Settings > Integrations > Intercom"));
    assert_eq!(unlisted[1].1, "manual");

    let missing =
        checklist("listed = false\nredirect_urls = [\"https://app.merge.dev/oauth/callback\"]\n");
    assert_eq!(missing[0].1, "fail");
    assert!(
        missing[0].2.contains("install_instructions"),
        "{}",
        missing[0].2
    );
}

#[test]
fn an_app_with_its_own_redirect_url_has_no_merge_step() {
    let own = checklist(
        "listed = false\ninstall_instructions = \"Settings > Connect\"\nredirect_urls = [\"https://tickets.example/oauth/callback\"]\n",
    );
    assert_eq!(own[0].1, "pass");
    assert!(!own[0].2.contains("Merge"), "{}", own[0].2);
    assert_eq!(own[1].1, "not-applicable");
}
