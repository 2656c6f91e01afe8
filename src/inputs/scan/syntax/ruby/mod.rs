//! Ruby.

use tree_sitter::Node;

use super::{Lowerer, named_children, span};
use crate::inputs::scan::ir::{Arg, Class, Expr, ExprId, Function, Param, Stmt, Target};

mod expression;

use expression::expression;

pub(super) fn program(l: &mut Lowerer, root: Node) {
    block(l, root);
}

pub(super) fn block(l: &mut Lowerer, node: Node) {
    for child in named_children(node) {
        statement(l, child);
    }
}

pub(super) fn statement(l: &mut Lowerer, node: Node) {
    if !l.enter() {
        return;
    }
    match node.kind() {
        "comment" | "empty_statement" | "uninterpreted" => {}
        "method" | "singleton_method" => {
            method(l, node);
        }
        "class" | "module" | "singleton_class" => class(l, node),
        "assignment" | "operator_assignment" => {
            assignment(l, node);
        }
        "return" => {
            if let Some(list) = named_children(node).first() {
                let value = match list.kind() {
                    "argument_list" => named_children(*list)
                        .first()
                        .map(|value| expression(l, *value))
                        .unwrap_or_else(|| l.unknown()),
                    _ => expression(l, *list),
                };
                l.push(Stmt::Return(value));
            }
        }
        "body_statement" | "program" | "begin_block" | "end_block" => block(l, node),
        "if" | "unless" | "while" | "until" | "for" | "case" | "when" | "else" | "elsif"
        | "begin" | "rescue" | "ensure" | "then" | "do" | "if_modifier" | "unless_modifier"
        | "while_modifier" | "until_modifier" | "rescue_modifier" | "case_match" | "in_clause" => l
            .conditionally(|l| {
                for child in named_children(node) {
                    if is_statement(child.kind()) {
                        statement(l, child);
                    } else {
                        let value = expression(l, child);
                        l.eval(value);
                    }
                }
            }),
        _ => {
            let value = expression(l, node);
            l.eval(value);
        }
    }
    l.leave();
}

pub(super) fn is_statement(kind: &str) -> bool {
    matches!(
        kind,
        "method"
            | "singleton_method"
            | "class"
            | "module"
            | "assignment"
            | "operator_assignment"
            | "return"
            | "body_statement"
            | "if"
            | "unless"
            | "while"
            | "until"
            | "for"
            | "case"
            | "when"
            | "else"
            | "elsif"
            | "begin"
            | "rescue"
            | "ensure"
            | "then"
            | "do"
            | "if_modifier"
            | "unless_modifier"
            | "while_modifier"
            | "until_modifier"
            | "rescue_modifier"
    )
}

/// Lowers an assignment and returns its value as an expression (`Lowerer::assign_as_value`).
pub(super) fn assignment(l: &mut Lowerer, node: Node) -> ExprId {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return l.unknown();
    };
    let right_value = expression(l, right);
    let mut value = right_value;
    let compound = node.kind() == "operator_assignment";
    if compound {
        let operator = node
            .child_by_field_name("operator")
            .map(|op| l.text(op))
            .unwrap_or_default();
        let before = expression(l, left);
        value = match operator {
            "+=" => l.add(Expr::Concat(vec![before, value])),
            "||=" => l.add(Expr::Fallback(before, value)),
            _ => value,
        };
    }
    let target = target(l, left);
    // A constant or class-body assignment is an attribute of the class it is written in.
    if let (Target::Name(name), Some(class)) = (&target, l.class)
        && l.function == 0
    {
        l.attribute(class, name.clone(), value);
    }
    l.assign_as_value(target, value, right_value, compound, span(left))
}

pub(super) fn target(l: &mut Lowerer, node: Node) -> Target {
    match node.kind() {
        "element_reference" => {
            let expr = expression(l, node);
            l.subscript_target(expr)
        }
        "identifier" | "constant" | "global_variable" | "class_variable" => {
            Target::Name(l.text(node).trim_start_matches(['$', '@']).to_string())
        }
        "instance_variable" => {
            let object = l.add(Expr::Name {
                name: "self".to_string(),
                span: span(node),
            });
            Target::Member {
                object,
                name: l.text(node).trim_start_matches('@').to_string(),
            }
        }
        "call" => {
            // `self.base_url = x`
            let (Some(receiver), Some(method)) = (
                node.child_by_field_name("receiver"),
                node.child_by_field_name("method"),
            ) else {
                return Target::Other;
            };
            let object = expression(l, receiver);
            Target::Member {
                object,
                name: l.text(method).to_string(),
            }
        }
        _ => Target::Other,
    }
}

pub(super) fn params(l: &mut Lowerer, node: Option<Node>) -> Vec<Param> {
    let Some(node) = node else {
        return Vec::new();
    };
    let mut params = Vec::new();
    for child in named_children(node) {
        let param = match child.kind() {
            "identifier" => l.param(l.text(child)),
            "optional_parameter" | "keyword_parameter" => {
                let Some(name) = child.child_by_field_name("name") else {
                    continue;
                };
                let default = child
                    .child_by_field_name("value")
                    .map(|value| expression(l, value));
                Param {
                    name: l.text(name).to_string(),
                    default,
                    ..Param::default()
                }
            }
            "splat_parameter" | "hash_splat_parameter" => Param {
                name: child
                    .child_by_field_name("name")
                    .map(|name| l.text(name).to_string())
                    .unwrap_or_default(),
                rest: true,
                ..Param::default()
            },
            _ => continue,
        };
        params.push(param);
    }
    params
}

pub(super) fn method(l: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string());
    let params = params(l, node.child_by_field_name("parameters"));
    let body = node.child_by_field_name("body");
    let in_class = l.class.is_some() && l.function == 0;
    let id = l.in_function(
        Function {
            name: name.clone(),
            params,
            receiver: Some("self".to_string()),
            span: span(node),
            ..Function::default()
        },
        |l| {
            if let Some(body) = body {
                if body.kind() == "body_statement" {
                    // A method's last expression is its value.
                    let children = named_children(body);
                    let last = children.iter().rposition(|c| c.kind() != "comment");
                    for (index, child) in children.into_iter().enumerate() {
                        if Some(index) == last && !is_statement(child.kind()) {
                            let value = expression(l, child);
                            l.push(Stmt::Return(value));
                        } else {
                            statement(l, child);
                        }
                    }
                } else {
                    // `def path = "admins"`
                    let value = expression(l, body);
                    l.push(Stmt::Return(value));
                }
            }
        },
    );
    if in_class && let Some(class) = l.class {
        l.add_method(class, id);
    }
    let value = l.add(Expr::Function(id));
    if let Some(name) = name
        && !in_class
    {
        l.assign(Target::Name(name), value);
    }
    value
}

pub(super) fn class(l: &mut Lowerer, node: Node) {
    let name = node
        .child_by_field_name("name")
        .map(|name| {
            let text = l.text(name);
            text.rsplit("::").next().unwrap_or(text).to_string()
        })
        .unwrap_or_default();
    let bases = node
        .child_by_field_name("superclass")
        .map(|superclass| {
            let text = l.text(superclass).trim_start_matches('<').trim();
            vec![text.rsplit("::").next().unwrap_or(text).to_string()]
        })
        .unwrap_or_default();
    let body = node.child_by_field_name("body");
    // The class body runs at the top level of the file with the class open.
    let outer = l.function;
    l.function = 0;
    l.in_class(
        Class {
            name,
            bases,
            span: span(node),
            ..Class::default()
        },
        |l| {
            if let Some(body) = body {
                block(l, body);
            }
        },
    );
    l.function = outer;
}

pub(super) fn args(l: &mut Lowerer, node: Option<Node>) -> Vec<Arg> {
    let Some(node) = node else {
        return Vec::new();
    };
    let mut args = Vec::new();
    let mut keywords = Vec::new();
    for child in named_children(node) {
        match child.kind() {
            "comment" => {}
            "pair" => {
                if let (Some(key), Some(value)) = (
                    child.child_by_field_name("key"),
                    child.child_by_field_name("value"),
                ) {
                    let value = expression(l, value);
                    keywords.push((hash_key(l, key), value));
                }
            }
            "splat_argument" | "hash_splat_argument" | "block_argument" => {
                let inner = named_children(child).first().copied().unwrap_or(child);
                let value = expression(l, inner);
                args.push(Arg {
                    name: None,
                    value,
                    spread: true,
                });
            }
            _ => {
                let value = expression(l, child);
                args.push(Arg {
                    name: None,
                    value,
                    spread: false,
                });
            }
        }
    }
    // Keyword arguments are both named and, together, a trailing hash (`opts = {}`).
    if !keywords.is_empty() {
        for (name, value) in &keywords {
            args.push(Arg {
                name: Some(name.clone()),
                value: *value,
                spread: false,
            });
        }
    }
    args
}

pub(super) fn hash_key(l: &mut Lowerer, key: Node) -> String {
    let text = l.text(key);
    text.trim_start_matches(':')
        .trim_end_matches(':')
        .trim_matches(|c| c == '"' || c == '\'')
        .to_string()
}
