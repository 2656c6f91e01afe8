//! Python expressions lowered to the scanner's IR.

use tree_sitter::Node;

use super::{args, loop_binding, params, target};
use crate::inputs::scan::ir::{Arg, Expr, ExprId, FormatStyle, Function, Stmt};
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
        "string" => l.string(node, &mut |l, child| {
            (child.kind() == "interpolation").then(|| {
                child
                    .child_by_field_name("expression")
                    .map(|inner| expression(l, inner))
                    .unwrap_or_else(|| l.unknown())
            })
        }),
        "concatenated_string" => {
            let parts = named_children(node)
                .into_iter()
                .map(|part| expression(l, part))
                .collect();
            l.add(Expr::Concat(parts))
        }
        "identifier" => l.add(Expr::Name {
            name: l.text(node).to_string(),
            span: span(node),
        }),
        "integer" | "float" | "true" | "false" | "none" => l.add(Expr::Atom {
            text: l.text(node).to_string(),
        }),
        "parenthesized_expression" | "await" => match named_children(node).first() {
            Some(inner) => expression(l, *inner),
            None => l.unknown(),
        },
        "binary_operator" => {
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
            let template = expression(l, left);
            match operator {
                "+" => {
                    let right = expression(l, right);
                    l.add(Expr::Concat(vec![template, right]))
                }
                "%" if matches!(l.ir.expr(template), Expr::Str { .. }) => {
                    let (args, named) = match right.kind() {
                        "tuple" => (
                            named_children(right)
                                .into_iter()
                                .map(|item| expression(l, item))
                                .collect(),
                            Vec::new(),
                        ),
                        "dictionary" => (Vec::new(), dictionary_entries(l, right)),
                        _ => (vec![expression(l, right)], Vec::new()),
                    };
                    l.add(Expr::Format {
                        style: FormatStyle::Printf,
                        template,
                        args,
                        named,
                    })
                }
                _ => {
                    let right = expression(l, right);
                    l.add(Expr::Other(vec![template, right]))
                }
            }
        }
        "boolean_operator" => {
            let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return l.unknown();
            };
            let is_or = node
                .child_by_field_name("operator")
                .is_some_and(|op| l.text(op) == "or");
            let (left, right) = (expression(l, left), expression(l, right));
            if is_or {
                l.add(Expr::Fallback(left, right))
            } else {
                l.add(Expr::Other(vec![left, right]))
            }
        }
        "conditional_expression" => {
            let children = named_children(node);
            // `a if condition else b`
            let values: Vec<ExprId> = children
                .iter()
                .enumerate()
                .filter(|(index, _)| *index != 1)
                .map(|(_, child)| expression(l, *child))
                .collect();
            l.add(Expr::Either(values))
        }
        "attribute" => {
            let (Some(object), Some(attribute)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("attribute"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, object);
            l.add(Expr::Member {
                object,
                name: l.text(attribute).to_string(),
                span: span(node),
            })
        }
        "subscript" => {
            let Some(value) = node.child_by_field_name("value") else {
                return l.unknown();
            };
            let object = expression(l, value);
            let index = node
                .child_by_field_name("subscript")
                .map(|index| expression(l, index))
                .unwrap_or_else(|| l.unknown());
            match l.ir.literal(index).map(str::to_string) {
                Some(name) => l.add(Expr::Member {
                    object,
                    name,
                    span: span(node),
                }),
                None => l.add(Expr::Index { object, index }),
            }
        }
        "call" => call(l, node),
        "lambda" => {
            let params = params(l, node.child_by_field_name("parameters"));
            let body = node.child_by_field_name("body");
            let id = l.in_function(
                Function {
                    params,
                    span: span(node),
                    ..Function::default()
                },
                |l| {
                    if let Some(body) = body {
                        let value = expression(l, body);
                        l.push(Stmt::Return(value));
                    }
                },
            );
            l.add(Expr::Function(id))
        }
        "dictionary" => {
            let entries = dictionary_entries(l, node);
            l.add(Expr::Object {
                entries,
                class: None,
            })
        }
        "list_comprehension"
        | "set_comprehension"
        | "generator_expression"
        | "dictionary_comprehension" => {
            // The loops first (their names bound to the elements), then the body.
            for clause in named_children(node) {
                if clause.kind() == "for_in_clause"
                    && let (Some(left), Some(right)) = (
                        clause.child_by_field_name("left"),
                        clause.child_by_field_name("right"),
                    )
                {
                    loop_binding(l, left, right);
                }
            }
            let body = node
                .child_by_field_name("body")
                .map(|body| expression(l, body))
                .unwrap_or_else(|| l.unknown());
            l.add(Expr::Array { items: vec![body] })
        }
        "list" | "tuple" | "set" | "expression_list" => {
            let items = named_children(node)
                .into_iter()
                .map(|child| expression(l, child))
                .collect();
            l.add(Expr::Array { items })
        }
        "assignment" | "named_expression" => {
            // `(x := value)`
            let value = node
                .child_by_field_name("value")
                .or_else(|| node.child_by_field_name("right"));
            let name = node
                .child_by_field_name("name")
                .or_else(|| node.child_by_field_name("left"));
            match (name, value) {
                (Some(name), Some(value)) => {
                    let value = expression(l, value);
                    let target = target(l, name);
                    l.assign(target, value);
                    value
                }
                _ => l.unknown(),
            }
        }
        _ => {
            let children = named_children(node)
                .into_iter()
                .filter(|child| child.kind() != "comment")
                .map(|child| expression(l, child))
                .collect();
            l.add(Expr::Other(children))
        }
    }
}

pub(super) fn dictionary_entries(l: &mut Lowerer, node: Node) -> Vec<(String, ExprId)> {
    let mut entries = Vec::new();
    for pair in named_children(node) {
        if pair.kind() == "pair"
            && let (Some(key), Some(value)) = (
                pair.child_by_field_name("key"),
                pair.child_by_field_name("value"),
            )
        {
            let key_expr = expression(l, key);
            let key =
                l.ir.literal(key_expr)
                    .map_or_else(|| l.text(key).to_string(), str::to_string);
            let value = expression(l, value);
            entries.push((key, value));
        } else if pair.kind() == "dictionary_splat" {
            let value = expression(l, pair);
            entries.push(("...".to_string(), value));
        }
    }
    entries
}

pub(super) fn call(l: &mut Lowerer, node: Node) -> ExprId {
    let Some(function) = node.child_by_field_name("function") else {
        return l.unknown();
    };
    let arguments = node.child_by_field_name("arguments");
    // `"{}/{}".format(a, b)`: a format string.
    if function.kind() == "attribute"
        && let (Some(object), Some(attribute)) = (
            function.child_by_field_name("object"),
            function.child_by_field_name("attribute"),
        )
        && l.text(attribute) == "format"
        && matches!(object.kind(), "string" | "concatenated_string")
    {
        let template = expression(l, object);
        let all = args(l, arguments);
        let (named, positional): (Vec<Arg>, Vec<Arg>) =
            all.into_iter().partition(|arg| arg.name.is_some());
        return l.add(Expr::Format {
            style: FormatStyle::Brace,
            template,
            args: positional.into_iter().map(|arg| arg.value).collect(),
            named: named
                .into_iter()
                .filter_map(|arg| Some((arg.name?, arg.value)))
                .collect(),
        });
    }
    let callee_text = l.text(function);
    let joiner = callee_text.rsplit('.').next().unwrap_or(callee_text);
    if matches!(joiner, "urljoin" | "join")
        && (callee_text.ends_with("urljoin") || callee_text.ends_with("path.join"))
    {
        let parts = args(l, arguments)
            .into_iter()
            .map(|arg| arg.value)
            .collect();
        return l.add(Expr::Join { parts });
    }
    let callee = expression(l, function);
    let args = args(l, arguments);
    l.add(Expr::Call {
        callee,
        args,
        construct: false,
        block: None,
        span: span(node),
    })
}
