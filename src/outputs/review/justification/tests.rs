use super::*;

#[test]
fn shorten_cuts_at_words_and_marks_the_cut() {
    assert_eq!(shorten("a  b\nc", 10), ("a b c".to_string(), false));
    let (cut, shortened) = shorten("Read tickets: copy tickets into Acme Desk", 20);
    assert!(shortened);
    assert_eq!(cut, "Read tickets: copy…");
    assert!(cut.chars().count() <= 20);
    let (cut, _) = shorten("abcdefghijklmnop", 5);
    assert_eq!(cut, "abcd…");
}

#[test]
fn anchors_are_stable_slugs() {
    assert_eq!(
        anchor("Read and Write Articles"),
        "scope-read-and-write-articles"
    );
    assert_eq!(anchor("read_all"), "scope-read-all");
}
