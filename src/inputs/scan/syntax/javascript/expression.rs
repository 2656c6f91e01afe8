//! Javascript expressions lowered to the scanner's IR.

use tree_sitter::Node;

use super::{args, assignment, class, function, is_statement, key_text, statement};
use crate::inputs::scan::ir::{Expr, ExprId, FormatStyle};
use crate::inputs::scan::syntax::{Lowerer, named_children, span};

pub(super) fn expression(l: &mut Lowerer, node: Node) -> ExprId {
    if !l.enter() {
        return l.unknown();
    }
    let id = expression_inner(l, node);
    l.leave();
    id
}

pub(super) fn expression_inner(l: &mut Lowerer, node: Node) -> ExprId {
    match node.kind() {
        "string" | "template_string" => l.string(node, &mut |l, child| {
            (child.kind() == "template_substitution").then(|| {
                named_children(child)
                    .first()
                    .map(|inner| expression(l, *inner))
                    .unwrap_or_else(|| l.unknown())
            })
        }),
        "identifier" | "this" | "super" | "shorthand_property_identifier" => l.add(Expr::Name {
            name: l.text(node).to_string(),
            span: span(node),
        }),
        "number" | "true" | "false" | "null" | "undefined" | "regex" => l.add(Expr::Atom {
            text: l.text(node).to_string(),
        }),
        "parenthesized_expression"
        | "await_expression"
        | "as_expression"
        | "satisfies_expression"
        | "non_null_expression"
        | "type_assertion"
        | "yield_expression" => match named_children(node)
            .into_iter()
            .find(|child| !child.kind().contains("type"))
        {
            Some(inner) => expression(l, inner),
            None => l.unknown(),
        },
        "binary_expression" => {
            let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return l.unknown();
            };
            let operator = node
                .child_by_field_name("operator")
                .map(|op| l.text(op))
                .unwrap_or_default();
            let (left, right) = (expression(l, left), expression(l, right));
            match operator {
                "+" => l.add(Expr::Concat(vec![left, right])),
                "||" | "??" => l.add(Expr::Fallback(left, right)),
                "&&" => l.add(Expr::Other(vec![left, right])),
                _ => l.add(Expr::Other(vec![left, right])),
            }
        }
        "ternary_expression" => {
            let condition = node
                .child_by_field_name("condition")
                .map(|c| expression(l, c));
            let options: Vec<ExprId> = ["consequence", "alternative"]
                .iter()
                .filter_map(|field| node.child_by_field_name(field))
                .map(|branch| expression(l, branch))
                .collect();
            let either = l.add(Expr::Either(options));
            match condition {
                Some(condition) => l.add(Expr::Other(vec![condition, either])),
                None => either,
            }
        }
        "member_expression" => {
            let (Some(object), Some(property)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("property"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, object);
            l.add(Expr::Member {
                object,
                name: l.text(property).to_string(),
                span: span(node),
            })
        }
        "subscript_expression" => {
            let (Some(object), Some(index)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("index"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, object);
            let index = expression(l, index);
            match l.ir.literal(index).map(str::to_string) {
                Some(name) => l.add(Expr::Member {
                    object,
                    name,
                    span: span(node),
                }),
                None => l.add(Expr::Index { object, index }),
            }
        }
        "call_expression" => {
            let Some(callee) = node.child_by_field_name("function") else {
                return l.unknown();
            };
            if let Some(special) = string_call(l, callee, node.child_by_field_name("arguments")) {
                return special;
            }
            let callee = expression(l, callee);
            let (args, block) = args(l, node.child_by_field_name("arguments"));
            l.add(Expr::Call {
                callee,
                args,
                construct: false,
                block,
                span: span(node),
            })
        }
        "new_expression" => {
            let Some(constructor) = node.child_by_field_name("constructor") else {
                return l.unknown();
            };
            let callee = expression(l, constructor);
            let (args, block) = args(l, node.child_by_field_name("arguments"));
            l.add(Expr::Call {
                callee,
                args,
                construct: true,
                block,
                span: span(node),
            })
        }
        "arrow_function" | "function_expression" | "function" | "generator_function" => {
            function(l, node)
        }
        "class" => {
            class(l, node);
            l.unknown()
        }
        "object" => {
            let mut entries = Vec::new();
            let mut others = Vec::new();
            for child in named_children(node) {
                match child.kind() {
                    "pair" => {
                        if let (Some(key), Some(value)) = (
                            child.child_by_field_name("key"),
                            child.child_by_field_name("value"),
                        ) {
                            let value = expression(l, value);
                            entries.push((key_text(l, key), value));
                        }
                    }
                    "shorthand_property_identifier" => {
                        let value = expression(l, child);
                        entries.push((l.text(child).to_string(), value));
                    }
                    "method_definition" => {
                        let value = function(l, child);
                        if let Some(key) = child.child_by_field_name("name") {
                            entries.push((key_text(l, key), value));
                        }
                    }
                    "spread_element" => {
                        let value = expression(l, child);
                        entries.push(("...".to_string(), value));
                    }
                    _ => others.push(expression(l, child)),
                }
            }
            let object = l.add(Expr::Object {
                entries,
                class: None,
            });
            if others.is_empty() {
                object
            } else {
                others.push(object);
                l.add(Expr::Other(others))
            }
        }
        "array" => {
            let items = named_children(node)
                .into_iter()
                .map(|child| expression(l, child))
                .collect();
            l.add(Expr::Array { items })
        }
        "spread_element" => match named_children(node).first() {
            Some(inner) => expression(l, *inner),
            None => l.unknown(),
        },
        "assignment_expression" | "augmented_assignment_expression" => assignment(l, node),
        _ => {
            let children = named_children(node)
                .into_iter()
                .filter(|child| child.kind() != "comment")
                .map(|child| {
                    if is_statement(child.kind()) {
                        statement(l, child);
                        l.unknown()
                    } else {
                        expression(l, child)
                    }
                })
                .collect();
            l.add(Expr::Other(children))
        }
    }
}

/// Calls that build a string: `path.posix.join("/contacts", id)`, `urljoin(base, path)`,
/// `util.format("%s/contacts/%s", API, id)`, `sprintf(...)`.
pub(super) fn string_call(
    l: &mut Lowerer,
    callee: Node,
    arguments: Option<Node>,
) -> Option<ExprId> {
    let callee_text = l.text(callee);
    let last = callee_text.rsplit('.').next().unwrap_or(callee_text);
    let joins = matches!(last, "join" | "resolve")
        && (callee_text.ends_with("path.join")
            || callee_text.ends_with("posix.join")
            || callee_text.ends_with("path.resolve")
            || callee_text.ends_with("posix.resolve"))
        || matches!(callee_text, "urljoin" | "urlJoin" | "url.resolve");
    let formats = matches!(
        callee_text,
        "util.format" | "format" | "sprintf" | "vsprintf"
    );
    if !joins && !formats {
        return None;
    }
    let children: Vec<Node> = arguments
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .filter(|child| child.kind() != "comment")
        .collect();
    // A format string comes first; `format(date, "yyyy")` of a date library is not one.
    if formats
        && !children.first().is_some_and(|first| {
            matches!(first.kind(), "string" | "template_string") && l.text(*first).contains('%')
        })
    {
        return None;
    }
    let values: Vec<ExprId> = children
        .into_iter()
        .map(|child| expression(l, child))
        .collect();
    if joins {
        return Some(l.add(Expr::Join { parts: values }));
    }
    let (template, rest) = values.split_first()?;
    Some(l.add(Expr::Format {
        style: FormatStyle::Printf,
        template: *template,
        args: rest.to_vec(),
        named: Vec::new(),
    }))
}
