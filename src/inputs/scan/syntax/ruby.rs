//! Ruby.

use tree_sitter::Node;

use super::{Lowerer, named_children, span};
use crate::inputs::scan::ir::{
    Arg, Class, Expr, ExprId, FormatStyle, Function, Param, Span, Stmt, Target,
};

pub(super) fn program(l: &mut Lowerer, root: Node) {
    block(l, root);
}

fn block(l: &mut Lowerer, node: Node) {
    for child in named_children(node) {
        statement(l, child);
    }
}

fn statement(l: &mut Lowerer, node: Node) {
    if !l.enter() {
        return;
    }
    match node.kind() {
        "comment" | "empty_statement" | "uninterpreted" => {}
        "method" | "singleton_method" => {
            method(l, node);
        }
        "class" | "module" | "singleton_class" => class(l, node),
        "assignment" | "operator_assignment" => assignment(l, node),
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

fn is_statement(kind: &str) -> bool {
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

fn assignment(l: &mut Lowerer, node: Node) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let mut value = expression(l, right);
    if node.kind() == "operator_assignment" {
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
    l.assign(target, value);
}

fn target(l: &mut Lowerer, node: Node) -> Target {
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

fn params(l: &mut Lowerer, node: Option<Node>) -> Vec<Param> {
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

fn method(l: &mut Lowerer, node: Node) -> ExprId {
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

fn class(l: &mut Lowerer, node: Node) {
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

fn args(l: &mut Lowerer, node: Option<Node>) -> Vec<Arg> {
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

fn hash_key(l: &mut Lowerer, key: Node) -> String {
    let text = l.text(key);
    text.trim_start_matches(':')
        .trim_end_matches(':')
        .trim_matches(|c| c == '"' || c == '\'')
        .to_string()
}

pub(super) fn expression(l: &mut Lowerer, node: Node) -> ExprId {
    if !l.enter() {
        return l.unknown();
    }
    let id = expression_inner(l, node);
    l.leave();
    id
}

fn expression_inner(l: &mut Lowerer, node: Node) -> ExprId {
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
        "assignment" | "operator_assignment" => {
            assignment(l, node);
            match node.child_by_field_name("right") {
                Some(right) => expression(l, right),
                None => l.unknown(),
            }
        }
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

fn block_function(l: &mut Lowerer, node: Node) -> u32 {
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

fn call(l: &mut Lowerer, node: Node) -> ExprId {
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
