//! Java expressions lowered to the scanner's IR.

use tree_sitter::Node;

use super::{args, assignment, block, is_statement, statement};
use crate::inputs::scan::ir::{Class, Expr, ExprId, FormatStyle, Function, Span, Stmt};
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
        "string_literal" => l.string(node, &mut |l, child| {
            (child.kind() == "string_interpolation").then(|| l.unknown())
        }),
        "identifier" | "this" | "super" | "type_identifier" => l.add(Expr::Name {
            name: l.text(node).to_string(),
            span: span(node),
        }),
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "decimal_floating_point_literal"
        | "true"
        | "false"
        | "null_literal"
        | "character_literal" => l.add(Expr::Atom {
            text: l.text(node).to_string(),
        }),
        "parenthesized_expression" | "cast_expression" => match named_children(node)
            .into_iter()
            .rfind(|child| !child.kind().contains("type"))
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
            if operator == "+" {
                l.add(Expr::Concat(vec![left, right]))
            } else {
                l.add(Expr::Other(vec![left, right]))
            }
        }
        "ternary_expression" => {
            let values: Vec<ExprId> = ["consequence", "alternative"]
                .iter()
                .filter_map(|field| node.child_by_field_name(field))
                .map(|branch| expression(l, branch))
                .collect();
            l.add(Expr::Either(values))
        }
        "field_access" => {
            let (Some(object), Some(field)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("field"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, object);
            l.add(Expr::Member {
                object,
                name: l.text(field).to_string(),
                span: span(node),
            })
        }
        "scoped_identifier" => {
            let text = l.text(node);
            let (scope, name) = text.rsplit_once('.').unwrap_or(("", text));
            let object = l.add(Expr::Name {
                name: scope.rsplit('.').next().unwrap_or(scope).to_string(),
                span: span(node),
            });
            l.add(Expr::Member {
                object,
                name: name.to_string(),
                span: span(node),
            })
        }
        "method_invocation" => {
            let Some(name) = node.child_by_field_name("name") else {
                return l.unknown();
            };
            let method = l.text(name).to_string();
            let object = node.child_by_field_name("object");
            let object_text = object.map(|o| l.text(o)).unwrap_or_default();
            let (args, block) = args(l, node.child_by_field_name("arguments"));
            // `Map.of("method", "POST", "path", "/tags")`: a map literal.
            if method == "of" && object_text.ends_with("Map") && args.len() % 2 == 0 {
                let mut entries = Vec::new();
                for pair in args.chunks(2) {
                    if let Some(key) = l.ir.literal(pair[0].value).map(str::to_string) {
                        entries.push((key, pair[1].value));
                    }
                }
                if entries.len() * 2 == args.len() {
                    return l.add(Expr::Object {
                        entries,
                        class: None,
                    });
                }
            }
            // `"%s/contacts/%s".formatted(base, id)` (Java 15).
            if method == "formatted"
                && let Some(object) = object.filter(|o| o.kind() == "string_literal")
            {
                let template = expression(l, object);
                return l.add(Expr::Format {
                    style: FormatStyle::Printf,
                    template,
                    args: args.iter().map(|arg| arg.value).collect(),
                    named: Vec::new(),
                });
            }
            if method == "format"
                && matches!(object_text, "String" | "MessageFormat")
                && let Some((template, rest)) = args.split_first()
            {
                return l.add(Expr::Format {
                    style: FormatStyle::Printf,
                    template: template.value,
                    args: rest.iter().map(|arg| arg.value).collect(),
                    named: Vec::new(),
                });
            }
            let callee = match object {
                Some(object_node) => {
                    let object = expression(l, object_node);
                    l.add(Expr::Member {
                        object,
                        name: method,
                        span: Span::new(object_node.start_byte(), name.end_byte()),
                    })
                }
                None => l.add(Expr::Name {
                    name: method,
                    span: span(name),
                }),
            };
            l.add(Expr::Call {
                callee,
                args,
                construct: false,
                block,
                span: span(node),
            })
        }
        "explicit_constructor_invocation" => {
            // `this(API, token)`, `super(client, "tags")`.
            let Some(constructor) = node.child_by_field_name("constructor") else {
                return l.unknown();
            };
            let callee = l.add(Expr::Name {
                name: l.text(constructor).to_string(),
                span: span(constructor),
            });
            let (args, block) = args(l, node.child_by_field_name("arguments"));
            l.add(Expr::Call {
                callee,
                args,
                construct: false,
                block,
                span: span(node),
            })
        }
        "object_creation_expression" => {
            let Some(kind) = node.child_by_field_name("type") else {
                return l.unknown();
            };
            let text = l.text(kind);
            let text = text.split('<').next().unwrap_or(text);
            let callee = l.add(Expr::Name {
                name: text.rsplit('.').next().unwrap_or(text).to_string(),
                span: span(kind),
            });
            let (args, block) = args(l, node.child_by_field_name("arguments"));
            if let Some(body) = node.child_by_field_name("body").or_else(|| {
                named_children(node)
                    .into_iter()
                    .find(|c| c.kind() == "class_body")
            }) {
                // An anonymous class: its methods are functions of the file.
                let outer = l.function;
                l.function = 0;
                block_members(l, body);
                l.function = outer;
            }
            l.add(Expr::Call {
                callee,
                args,
                construct: true,
                block,
                span: span(node),
            })
        }
        "array_access" => {
            let (Some(array), Some(index)) = (
                node.child_by_field_name("array"),
                node.child_by_field_name("index"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, array);
            let index = expression(l, index);
            l.add(Expr::Index { object, index })
        }
        "lambda_expression" => {
            let params = match node.child_by_field_name("parameters") {
                Some(parameters) if parameters.kind() == "identifier" => {
                    vec![l.param(l.text(parameters))]
                }
                Some(parameters) => named_children(parameters)
                    .into_iter()
                    .filter_map(|p| {
                        let name = if p.kind() == "identifier" {
                            p
                        } else {
                            p.child_by_field_name("name")?
                        };
                        Some(l.param(l.text(name)))
                    })
                    .collect(),
                None => Vec::new(),
            };
            let body = node.child_by_field_name("body");
            let id = l.in_function(
                Function {
                    params,
                    span: span(node),
                    ..Function::default()
                },
                |l| {
                    if let Some(body) = body {
                        if body.kind() == "block" {
                            block(l, body);
                        } else {
                            let value = expression(l, body);
                            l.push(Stmt::Return(value));
                        }
                    }
                },
            );
            l.add(Expr::Function(id))
        }
        "array_initializer" | "element_value_array_initializer" => {
            let items = named_children(node)
                .into_iter()
                .map(|child| expression(l, child))
                .collect();
            l.add(Expr::Array { items })
        }
        "assignment_expression" => assignment(l, node),
        _ => {
            let children = named_children(node)
                .into_iter()
                .filter(|child| !child.kind().ends_with("comment"))
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

pub(super) fn block_members(l: &mut Lowerer, body: Node) {
    l.in_class(
        Class {
            span: span(body),
            ..Class::default()
        },
        |l| block(l, body),
    );
}
