//! `scopecheck explain`: scopes, operations and topics, with versions and sources.

use crate::common::scopecheck;

#[test]
fn a_scope_lists_what_it_grants_with_sources() {
    let run = scopecheck(&["explain", "read_conversations"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Read conversations\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("forced on for Canvas Kit apps"));
    assert!(run.stdout.contains("GET /macros"));
    assert!(run.stdout.contains("conversation.user.created"));
}

#[test]
fn an_operation_shows_versions_alternatives_and_conditions() {
    let run = scopecheck(&["explain", "DELETE /conversations/{id}"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("explain.delete-conversation", run.stdout);
    assert!(run.stdout.contains("versions     2.13 to preview"));
    assert!(run.stdout.contains("Delete conversations and metrics"));
    assert!(run.stdout.contains("retain_metrics=false"));
}

#[test]
fn a_topic_and_the_overview() {
    let run = scopecheck(&["explain", "ping"]);
    assert!(
        run.stdout.contains("Needs no scope (documented)."),
        "{}",
        run.stdout
    );
    let overview = scopecheck(&["explain", "--api-version", "2.16"]);
    assert_eq!(overview.code, 0);
    insta::assert_snapshot!("explain.overview-2.16", overview.stdout);
}

#[test]
fn an_unknown_query_suggests_the_nearest() {
    let run = scopecheck(&["explain", "Read convresations"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `Read conversations`?"),
        "{}",
        run.stderr
    );
}
