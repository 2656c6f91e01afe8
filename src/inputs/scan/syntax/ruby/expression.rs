//! Ruby expressions lowered to the scanner's IR.

use tree_sitter::Node;

use super::{args, assignment, block, hash_key, is_statement, params, statement};
use crate::inputs::scan::ir::{Expr, ExprId, FormatStyle, Function, Span};
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
        "string" | "bare_string" | "heredoc_body" | "subshell" => {
            l.string(node, &mut |l, child| {
                (child.kind() == "interpolation").then(|| {
                    named_children(child)
                        .first()
                        .map(|inner| expression(l, *inner))
                        .unwrap_or_else(|| l.unknown())
                })
            })
        }
        "identifier" | "constant" | "self" | "global_variable" | "class_variable" => {
            l.add(Expr::Name {
                name: l.text(node).trim_start_matches(['$', '@']).to_string(),
                span: span(node),
            })
        }
        "instance_variable" => {
            let object = l.add(Expr::Name {
                name: "self".to_string(),
                span: span(node),
            });
            l.add(Expr::Member {
                object,
                name: l.text(node).trim_start_matches('@').to_string(),
                span: span(node),
            })
        }
        "simple_symbol" | "integer" | "float" | "true" | "false" | "nil" | "hash_key_symbol" => l
            .add(Expr::Atom {
                text: l.text(node).to_string(),
            }),
        "parenthesized_statements" | "parenthesized_expression" => {
            match named_children(node).last() {
                Some(inner) => expression(l, *inner),
                None => l.unknown(),
            }
        }
        "scope_resolution" => {
            let Some(name) = node.child_by_field_name("name") else {
                return l.unknown();
            };
            let object = match node.child_by_field_name("scope") {
                Some(scope) => expression(l, scope),
                None => l.unknown(),
            };
            l.add(Expr::Member {
                object,
                name: l.text(name).to_string(),
                span: span(node),
            })
        }
        "binary" => {
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
                "+" | "<<" => {
                    let right = expression(l, right);
                    l.add(Expr::Concat(vec![template, right]))
                }
                "||" | "or" => {
                    let right = expression(l, right);
                    l.add(Expr::Fallback(template, right))
                }
                "%" if matches!(l.ir.expr(template), Expr::Str { .. }) => {
                    let args = match right.kind() {
                        "array" => named_children(right)
                            .into_iter()
                            .map(|item| expression(l, item))
                            .collect(),
                        _ => vec![expression(l, right)],
                    };
                    l.add(Expr::Format {
                        style: FormatStyle::Printf,
                        template,
                        args,
                        named: Vec::new(),
                    })
                }
                _ => {
                    let right = expression(l, right);
                    l.add(Expr::Other(vec![template, right]))
                }
            }
        }
        "conditional" => {
            let values: Vec<ExprId> = ["consequence", "alternative"]
                .iter()
                .filter_map(|field| node.child_by_field_name(field))
                .map(|branch| expression(l, branch))
                .collect();
            l.add(Expr::Either(values))
        }
        "call" => call(l, node),
        "element_reference" => {
            let Some(object) = node.child_by_field_name("object") else {
                return l.unknown();
            };
            let object = expression(l, object);
            let index = named_children(node)
                .get(1)
                .map(|index| expression(l, *index))
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
        "hash" => {
            let mut entries = Vec::new();
            for pair in named_children(node) {
                if pair.kind() == "pair"
                    && let (Some(key), Some(value)) = (
                        pair.child_by_field_name("key"),
                        pair.child_by_field_name("value"),
                    )
                {
                    let value = expression(l, value);
                    entries.push((hash_key(l, key), value));
                }
            }
            l.add(Expr::Object {
                entries,
                class: None,
            })
        }
        "array" | "string_array" | "symbol_array" => {
            let items = named_children(node)
                .into_iter()
                .map(|child| expression(l, child))
                .collect();
            l.add(Expr::Array { items })
        }
        "lambda" | "do_block" | "block" => {
            let id = block_function(l, node);
            l.add(Expr::Function(id))
        }
        "assignment" | "operator_assignment" => assignment(l, node),
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

pub(super) fn block_function(l: &mut Lowerer, node: Node) -> u32 {
    let parameters = node.child_by_field_name("parameters").or_else(|| {
        named_children(node)
            .into_iter()
            .find(|c| c.kind() == "block_parameters")
    });
    let params = params(l, parameters);
    let body = node.child_by_field_name("body");
    l.in_function(
        Function {
            params,
            span: span(node),
            ..Function::default()
        },
        |l| {
            if let Some(body) = body {
                block(l, body);
            }
        },
    )
}

pub(super) fn call(l: &mut Lowerer, node: Node) -> ExprId {
    let Some(method) = node.child_by_field_name("method") else {
        return l.unknown();
    };
    let method_name = l.text(method).to_string();
    let receiver = node.child_by_field_name("receiver");
    let arguments = node.child_by_field_name("arguments");
    let block = node
        .child_by_field_name("block")
        .map(|b| block_function(l, b));
    // `format("%s/x", a)` / `sprintf`
    if receiver.is_none() && matches!(method_name.as_str(), "format" | "sprintf") {
        let mut all = args(l, arguments).into_iter().map(|arg| arg.value);
        if let Some(template) = all.next() {
            return l.add(Expr::Format {
                style: FormatStyle::Printf,
                template,
                args: all.collect(),
                named: Vec::new(),
            });
        }
    }
    let receiver_text = receiver.map(|r| l.text(r)).unwrap_or_default();
    if method_name == "join" && matches!(receiver_text, "URI" | "File" | "Pathname") {
        let parts = args(l, arguments)
            .into_iter()
            .map(|arg| arg.value)
            .collect();
        return l.add(Expr::Join { parts });
    }
    let callee = match receiver {
        Some(receiver_node) => {
            let object = expression(l, receiver_node);
            let member = l.add(Expr::Member {
                object,
                name: method_name.clone(),
                span: Span::new(receiver_node.start_byte(), method.end_byte()),
            });
            // `self.class`, `self.path`, `self.class.path`: an attribute of the receiver or its
            // class (a zero-argument method's return is found as one too).
            let on_self = matches!(l.text(receiver_node), "self" | "self.class");
            if (method_name == "class" || on_self) && arguments.is_none() && block.is_none() {
                return member;
            }
            member
        }
        None => l.add(Expr::Name {
            name: method_name.clone(),
            span: span(method),
        }),
    };
    let args = args(l, arguments);
    l.add(Expr::Call {
        callee,
        args,
        construct: method_name == "new",
        block,
        span: span(node),
    })
}
