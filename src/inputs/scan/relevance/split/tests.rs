use super::*;

/// The statements of `text` as their text, each marked `*` when it is a seed.
fn statements(text: &str) -> Vec<String> {
    let statements = split(text).expect("lexable");
    statements
        .list
        .iter()
        .map(|s| {
            let body = text[s.start..s.end].trim();
            if s.seed {
                format!("*{body}")
            } else {
                body.to_string()
            }
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn splits_at_top_level_semicolons_only() {
    let text = "a = f(b); c = {x: 1; y: 2};\nfor (;;) { g(); }\nh = `t;${ i; }`;\nk = /;/g;\n";
    assert_eq!(
        statements(text),
        [
            "a = f(b);",
            "c = {x: 1; y: 2};",
            "for (;;) { g(); }\nh = `t;${ i; }`;",
            "k = /;/g;",
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| if i == 2 {
            format!("*{s}")
        } else {
            s.to_string()
        })
        .collect::<Vec<_>>()
    );
}

#[test]
fn splits_before_declarations_that_nothing_continues() {
    let text = "function tally() {\n  return 1\n}\nconst b = tally()\nexport class C {}\nif (x)\nfunction d() {}\nb = 2;\nif (y)\nfunction e() {}\n";
    assert_eq!(
        statements(text),
        [
            "function tally() {\n  return 1\n}",
            "const b = tally()",
            "export class C {}\nif (x)\nfunction d() {}\nb = 2;",
            "if (y)\nfunction e() {}",
        ]
    );
    // A decorator stays with what it decorates.
    let decorated = statements("@Injectable()\nexport class S {}\n");
    assert_eq!(decorated.len(), 1, "{decorated:?}");
}

#[test]
fn text_it_cannot_follow_is_not_split() {
    for text in [
        "const a = <div>Don't</div>;",
        "x = 'open;\n",
        "y = (1;",
        "z = `open ${a;",
        "/* open",
        // Brackets that do not match.
        "a = [1, 2};",
        // Spaces and line breaks JavaScript has and this lexer does not: names glued to
        // them, comments they end.
        "const post\u{a0}=\u{a0}send;",
        "const post\u{3000}= send;",
        "// note\u{2028}var alias = send;",
        "// note\rvar alias = send;\n",
        // HTML-like comments.
        "x = 1;\n--> y = 2;",
        "<!-- x = 1;",
        // After `}`: a regular expression or a division.
        "if (a) { b(); }\n/;/.test(c);",
    ] {
        assert!(split(text).is_none(), "{text:?}");
    }
    assert!(split("\u{feff}const a = 1;\r\nconst b = 'é';\r\n").is_some());
}

#[test]
fn a_slash_is_read_as_javascript_reads_it() {
    let bodies = |text: &str| -> Vec<String> {
        statements(text)
            .into_iter()
            .map(|s| s.trim_start_matches('*').to_string())
            .collect()
    };
    // A regular expression after the head of an `if`: its `;` ends nothing.
    assert_eq!(
        bodies("if (flag) /;/.test(x);\ny = 1;"),
        ["if (flag) /;/.test(x);", "y = 1;"]
    );
    // Divisions after a call, `++`, a TypeScript `!` and a keyword-named member: the `/`
    // opens no regular expression, so the `;` in the string is in a string.
    for text in [
        "a = f(x) / \"/;\" + b;",
        "a = n++ / \"/;\" + b;",
        "a = n! / \"/;\" + b;",
        "a = x.in / \"/;\" + b;",
    ] {
        assert_eq!(bodies(text), [text], "{text}");
    }
}

#[test]
fn seeds_are_text_and_names_the_scanner_knows() {
    let seeds = |text: &str| split(text).expect("lexable").list[0].seed;
    assert!(seeds("a = 'x';"));
    assert!(seeds("client.contacts.list();"));
    assert!(seeds("doPostRequest(u);"));
    assert!(seeds("expect(x).toHaveBeenCalledWith(y);"));
    assert!(seeds("const c = new IntercomClient(t);"));
    assert!(seeds("module.exports = f;"));
    // A name as an argument is only a name; an unknown function is not a request.
    assert!(!seeds("value_1 = compute(request, 5);"));
    assert!(!seeds("total = sum(items) / count;"));
}
