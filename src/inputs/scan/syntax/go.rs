//! Go.

use tree_sitter::Node;

use super::{Lowerer, field_children, named_children, span, type_name};
use crate::inputs::scan::ir::{Arg, Expr, ExprId, FormatStyle, Function, Param, Stmt, Target};

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
        "type_declaration" => {
            for spec in named_children(node) {
                type_spec(l, spec);
            }
        }
        "comment"
        | "package_clause"
        | "import_declaration"
        | "break_statement"
        | "continue_statement"
        | "goto_statement"
        | "fallthrough_statement"
        | "empty_statement" => {}
        "function_declaration" | "method_declaration" => {
            function(l, node);
        }
        "const_declaration" | "var_declaration" => {
            for spec in named_children(node) {
                spec_declaration(l, spec);
            }
        }
        "short_var_declaration" | "assignment_statement" => assignment(l, node),
        "expression_statement" | "go_statement" | "defer_statement" => {
            for child in named_children(node) {
                let value = expression(l, child);
                l.eval(value);
            }
        }
        "return_statement" => {
            // `return a, b`: several results, as one tuple.
            if let Some(list) = named_children(node).first() {
                let values: Vec<ExprId> = expressions(*list)
                    .into_iter()
                    .map(|value| expression(l, value))
                    .collect();
                let value = match values.as_slice() {
                    [one] => *one,
                    _ => l.add(Expr::Array { items: values }),
                };
                l.push(Stmt::Return(value));
            }
        }
        "block" | "statement_list" | "source_file" => block(l, node),
        "if_statement"
        | "for_statement"
        | "expression_switch_statement"
        | "type_switch_statement"
        | "select_statement"
        | "expression_case"
        | "default_case"
        | "type_case"
        | "communication_case"
        | "labeled_statement"
        | "for_clause"
        | "range_clause" => l.conditionally(|l| {
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

/// A struct type: its fields with their types, and the types it embeds (its bases).
fn type_spec(l: &mut Lowerer, spec: Node) {
    let (Some(name), Some(kind)) = (
        spec.child_by_field_name("name"),
        spec.child_by_field_name("type"),
    ) else {
        return;
    };
    if kind.kind() != "struct_type" {
        return;
    }
    let class = l.class_named(l.text(name));
    let Some(list) = named_children(kind)
        .into_iter()
        .find(|c| c.kind() == "field_declaration_list")
    else {
        return;
    };
    for field in named_children(list) {
        if field.kind() != "field_declaration" {
            continue;
        }
        let field_type = field
            .child_by_field_name("type")
            .and_then(|kind| qualified_type(l.text(kind)));
        let names = field_children(field, "name");
        if names.is_empty() {
            // `struct{ collection }`: embedding, Go's inheritance; the embedded value is a
            // field named by its type.
            if let Some(base) = field_type.clone() {
                let base = base.rsplit('.').next().unwrap_or(&base).to_string();
                l.ir.classes[class as usize].bases.push(base.clone());
                l.field(class, base, field_type.clone());
            }
        }
        for name in names {
            l.field(class, l.text(name).to_string(), field_type.clone());
        }
    }
}

/// A Go type as a class name, its package kept where written (`*http.Client` is
/// `http.Client`, not this package's `Client`).
fn qualified_type(text: &str) -> Option<String> {
    let text = text.trim().trim_start_matches(['*', '&']);
    let text = text.split('[').next().unwrap_or(text);
    match text.split_once('.') {
        Some((package, name)) => type_name(name).map(|name| format!("{package}.{name}")),
        None => type_name(text),
    }
}

/// A composite literal's key or value without its `literal_element` wrapper.
fn unwrap_element(node: Node<'_>) -> Node<'_> {
    if node.kind() == "literal_element" {
        named_children(node).first().copied().unwrap_or(node)
    } else {
        node
    }
}

fn is_statement(kind: &str) -> bool {
    kind.ends_with("_statement")
        || kind.ends_with("_declaration")
        || kind.ends_with("_case")
        || matches!(
            kind,
            "block" | "statement_list" | "for_clause" | "range_clause"
        )
}

/// The expressions of an `expression_list`, or the one expression.
fn expressions(node: Node) -> Vec<Node> {
    if node.kind() == "expression_list" {
        named_children(node)
    } else {
        vec![node]
    }
}

fn spec_declaration(l: &mut Lowerer, spec: Node) {
    if !matches!(spec.kind(), "const_spec" | "var_spec") {
        // `var ( ... )` groups specs.
        for child in named_children(spec) {
            if matches!(child.kind(), "const_spec" | "var_spec") {
                spec_declaration(l, child);
            }
        }
        return;
    }
    let mut cursor = spec.walk();
    let names: Vec<Node> = spec.children_by_field_name("name", &mut cursor).collect();
    let Some(values) = spec.child_by_field_name("value") else {
        return;
    };
    let values = expressions(values);
    for (name, value) in names.into_iter().zip(values) {
        let value = expression(l, value);
        l.assign(Target::Name(l.text(name).to_string()), value);
    }
}

fn assignment(l: &mut Lowerer, node: Node) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let plus = node
        .child_by_field_name("operator")
        .is_some_and(|op| l.text(op) == "+=");
    let lefts = expressions(left);
    let rights = expressions(right);
    if lefts.len() == rights.len() {
        for (left, right) in lefts.into_iter().zip(rights) {
            let mut value = expression(l, right);
            if plus {
                let before = expression(l, left);
                value = l.add(Expr::Concat(vec![before, value]));
            }
            let target = target(l, left);
            l.assign(target, value);
        }
    } else {
        // `c, got := fakeAPI()`: a function's results by position; `req, err :=
        // http.NewRequest(...)`: the first is the call's value.
        let values: Vec<ExprId> = rights.into_iter().map(|r| expression(l, r)).collect();
        if let Some(value) = values.first() {
            let names: Vec<String> = lefts.iter().map(|left| l.text(*left).to_string()).collect();
            l.assign(Target::Tuple(names), *value);
        }
    }
}

fn target(l: &mut Lowerer, node: Node) -> Target {
    match node.kind() {
        "identifier" => Target::Name(l.text(node).to_string()),
        "selector_expression" => {
            let (Some(operand), Some(field)) = (
                node.child_by_field_name("operand"),
                node.child_by_field_name("field"),
            ) else {
                return Target::Other;
            };
            let object = expression(l, operand);
            Target::Member {
                object,
                name: l.text(field).to_string(),
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
    for declaration in named_children(node) {
        let rest = declaration.kind() == "variadic_parameter_declaration";
        let param_type = declaration
            .child_by_field_name("type")
            .and_then(|kind| qualified_type(l.text(kind)));
        for name in field_children(declaration, "name") {
            params.push(Param {
                name: l.text(name).to_string(),
                rest,
                type_name: param_type.clone(),
                ..Param::default()
            });
        }
    }
    params
}

fn function(l: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string());
    let params = params(l, node.child_by_field_name("parameters"));
    let mut receiver = None;
    let mut class = None;
    if let Some(list) = node.child_by_field_name("receiver")
        && let Some(declaration) = named_children(list).first()
    {
        receiver = declaration
            .child_by_field_name("name")
            .map(|name| l.text(name).to_string());
        if let Some(class_name) = declaration
            .child_by_field_name("type")
            .and_then(|kind| type_name(l.text(kind)))
        {
            class = Some(l.class_named(&class_name));
        }
    }
    let body = node.child_by_field_name("body");
    let id = l.in_function(
        Function {
            name: name.clone(),
            params,
            receiver,
            class,
            span: span(node),
            ..Function::default()
        },
        |l| {
            if let Some(body) = body {
                block(l, body);
            }
        },
    );
    if let Some(class) = class {
        l.add_method(class, id);
    }
    let value = l.add(Expr::Function(id));
    if let Some(name) = name
        && node.kind() == "function_declaration"
    {
        l.assign(Target::Name(name), value);
    }
    value
}

fn args(l: &mut Lowerer, node: Option<Node>) -> Vec<Arg> {
    let Some(node) = node else {
        return Vec::new();
    };
    named_children(node)
        .into_iter()
        .filter(|child| child.kind() != "comment")
        .map(|child| {
            let spread = child.kind() == "variadic_argument";
            let inner = if spread {
                named_children(child).first().copied().unwrap_or(child)
            } else {
                child
            };
            Arg {
                name: None,
                value: expression(l, inner),
                spread,
            }
        })
        .collect()
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
        "interpreted_string_literal" | "raw_string_literal" => l.string(node, &mut |_, _| None),
        "identifier" | "field_identifier" | "package_identifier" | "type_identifier" => {
            l.add(Expr::Name {
                name: l.text(node).to_string(),
                span: span(node),
            })
        }
        "int_literal" | "float_literal" | "rune_literal" | "true" | "false" | "nil" | "iota" => l
            .add(Expr::Atom {
                text: l.text(node).to_string(),
            }),
        "parenthesized_expression" => match named_children(node).first() {
            Some(inner) => expression(l, *inner),
            None => l.unknown(),
        },
        "unary_expression" => match node.child_by_field_name("operand") {
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
        "selector_expression" => {
            let (Some(operand), Some(field)) = (
                node.child_by_field_name("operand"),
                node.child_by_field_name("field"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, operand);
            l.add(Expr::Member {
                object,
                name: l.text(field).to_string(),
                span: span(node),
            })
        }
        "index_expression" => {
            let (Some(operand), Some(index)) = (
                node.child_by_field_name("operand"),
                node.child_by_field_name("index"),
            ) else {
                return l.unknown();
            };
            let object = expression(l, operand);
            let index = expression(l, index);
            l.add(Expr::Index { object, index })
        }
        "call_expression" => {
            let Some(function) = node.child_by_field_name("function") else {
                return l.unknown();
            };
            let arguments = node.child_by_field_name("arguments");
            let callee_text = l.text(function);
            if matches!(callee_text, "fmt.Sprintf" | "fmt.Errorf") {
                let mut all = args(l, arguments).into_iter().map(|arg| arg.value);
                let Some(template) = all.next() else {
                    return l.unknown();
                };
                return l.add(Expr::Format {
                    style: FormatStyle::Printf,
                    template,
                    args: all.collect(),
                    named: Vec::new(),
                });
            }
            if matches!(
                callee_text,
                "path.Join" | "url.JoinPath" | "filepath.Join" | "fmt.Sprint"
            ) {
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
        "composite_literal" => {
            // A literal of a type of this package (`Client{...}`); `http.Client{...}`,
            // `map[string]any{...}` and `[]T{...}` are not classes of the project.
            let class = node.child_by_field_name("type").and_then(|kind| {
                let text = l.text(kind);
                let local = !text.contains('.')
                    && !text.starts_with(['[', '*'])
                    && !text.starts_with("map[")
                    && !text.starts_with("struct")
                    && !text.starts_with("func");
                local.then(|| type_name(text)).flatten()
            });
            let mut entries = Vec::new();
            let mut items = Vec::new();
            if let Some(body) = node.child_by_field_name("body") {
                for element in named_children(body) {
                    match element.kind() {
                        "keyed_element" => {
                            let (Some(key), Some(value)) = (
                                element.child_by_field_name("key"),
                                element.child_by_field_name("value"),
                            ) else {
                                continue;
                            };
                            // `literal_element` wraps each side.
                            let (key, value) = (unwrap_element(key), unwrap_element(value));
                            let key_expr = expression(l, key);
                            let key = l.ir.literal(key_expr).map_or_else(
                                || l.text(key).trim_matches('"').to_string(),
                                str::to_string,
                            );
                            let value = expression(l, value);
                            entries.push((key, value));
                        }
                        "literal_element" => {
                            if let Some(inner) = named_children(element).first() {
                                items.push(expression(l, *inner));
                            }
                        }
                        _ => {}
                    }
                }
            }
            // A struct literal sets the attributes of its type: by name, or by position
            // (`collection{c, "tags"}`: recorded as `#0`, `#1`, read by the fields' order).
            if let Some(class_name) = &class
                && class_name.chars().next().is_some_and(char::is_alphabetic)
                && (!entries.is_empty() || !items.is_empty())
            {
                let class_id = l.class_named(class_name);
                for (key, value) in &entries {
                    l.attribute(class_id, key.clone(), *value);
                }
                if entries.is_empty() {
                    for (position, value) in items.clone().into_iter().enumerate() {
                        l.attribute(class_id, format!("#{position}"), value);
                    }
                }
            }
            if entries.is_empty() && !items.is_empty() {
                l.add(Expr::Array { items })
            } else {
                l.add(Expr::Object { entries, class })
            }
        }
        "func_literal" => {
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
                        block(l, body);
                    }
                },
            );
            l.add(Expr::Function(id))
        }
        "type_conversion_expression" => match node.child_by_field_name("operand") {
            Some(inner) => expression(l, inner),
            None => l.unknown(),
        },
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
