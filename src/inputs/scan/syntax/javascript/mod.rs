//! JavaScript, TypeScript and TSX (one grammar family).

use tree_sitter::Node;

use super::{Lowerer, field_children, named_children, span, type_name};
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
        "comment"
        | "import_statement"
        | "empty_statement"
        | "debugger_statement"
        | "interface_declaration"
        | "type_alias_declaration"
        | "enum_declaration"
        | "ambient_declaration"
        | "abstract_method_signature"
        | "index_signature" => {}
        "expression_statement" => {
            for child in named_children(node) {
                expression_statement(l, child);
            }
        }
        "lexical_declaration" | "variable_declaration" => declaration(l, node),
        "function_declaration" | "generator_function_declaration" => {
            function(l, node);
        }
        "class_declaration" | "abstract_class_declaration" => {
            class(l, node);
        }
        "return_statement" => {
            if let Some(value) = named_children(node).first() {
                let value = expression(l, *value);
                l.push(Stmt::Return(value));
            }
        }
        "export_statement" => {
            for child in named_children(node) {
                if child.kind() == "export_clause" {
                    continue;
                }
                if is_statement(child.kind()) {
                    statement(l, child);
                } else {
                    let value = expression(l, child);
                    l.eval(value);
                }
            }
        }
        "statement_block" | "program" => block(l, node),
        "internal_module" | "module" => {
            if let Some(body) = node.child_by_field_name("body") {
                block(l, body);
            }
        }
        "if_statement" | "for_statement" | "for_in_statement" | "while_statement"
        | "do_statement" | "switch_statement" | "try_statement" | "labeled_statement"
        | "else_clause" | "switch_case" | "switch_default" | "switch_body" | "catch_clause"
        | "finally_clause" | "with_statement" => l.conditionally(|l| {
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
    kind.ends_with("_statement")
        || kind.ends_with("_declaration")
        || matches!(
            kind,
            "statement_block"
                | "else_clause"
                | "switch_body"
                | "switch_case"
                | "switch_default"
                | "catch_clause"
                | "finally_clause"
        )
}

/// An expression used as a statement: assignments become statements.
pub(super) fn expression_statement(l: &mut Lowerer, node: Node) {
    match node.kind() {
        "assignment_expression" | "augmented_assignment_expression" => {
            assignment(l, node);
        }
        "sequence_expression" => {
            for child in named_children(node) {
                expression_statement(l, child);
            }
        }
        _ => {
            let value = expression(l, node);
            l.eval(value);
        }
    }
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
    let target = target(l, left);
    let compound = node.kind() == "augmented_assignment_expression";
    if compound
        && node
            .child_by_field_name("operator")
            .is_some_and(|op| l.text(op) == "+=")
    {
        let before = expression(l, left);
        value = l.add(Expr::Concat(vec![before, value]));
    }
    l.assign_as_value(target, value, right_value, compound, span(left))
}

pub(super) fn target(l: &mut Lowerer, node: Node) -> Target {
    match node.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => {
            Target::Name(l.text(node).to_string())
        }
        "member_expression" => {
            let (Some(object), Some(property)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("property"),
            ) else {
                return Target::Other;
            };
            let object = expression(l, object);
            Target::Member {
                object,
                name: l.text(property).to_string(),
            }
        }
        "object_pattern" => Target::Pattern(pattern_keys(l, node)),
        "array_pattern" => Target::Tuple(
            named_children(node)
                .into_iter()
                .map(|name| l.text(name).to_string())
                .collect(),
        ),
        "subscript_expression" => {
            let expr = expression(l, node);
            l.subscript_target(expr)
        }
        _ => Target::Other,
    }
}

/// `{ path, method: verb, url = x }` as (key, local name) pairs.
pub(super) fn pattern_keys(l: &mut Lowerer, node: Node) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for child in named_children(node) {
        match child.kind() {
            "shorthand_property_identifier_pattern" => {
                let name = l.text(child).to_string();
                keys.push((name.clone(), name));
            }
            "pair_pattern" => {
                if let (Some(key), Some(value)) = (
                    child.child_by_field_name("key"),
                    child.child_by_field_name("value"),
                ) {
                    let value = match value.kind() {
                        "assignment_pattern" => value.child_by_field_name("left").unwrap_or(value),
                        _ => value,
                    };
                    keys.push((key_text(l, key), l.text(value).to_string()));
                }
            }
            "object_assignment_pattern" => {
                if let Some(left) = child.child_by_field_name("left") {
                    let name = l.text(left).to_string();
                    keys.push((name.clone(), name));
                }
            }
            _ => {}
        }
    }
    keys
}

pub(super) fn declaration(l: &mut Lowerer, node: Node) {
    for declarator in named_children(node) {
        if declarator.kind() != "variable_declarator" {
            continue;
        }
        let (Some(name), Some(value)) = (
            declarator.child_by_field_name("name"),
            declarator.child_by_field_name("value"),
        ) else {
            continue;
        };
        let value = expression(l, value);
        let target = target(l, name);
        l.assign(target, value);
    }
}

pub(super) fn params(l: &mut Lowerer, node: Option<Node>) -> Vec<Param> {
    let Some(node) = node else {
        return Vec::new();
    };
    if node.kind() == "identifier" {
        // `x => ...`
        return vec![l.param(l.text(node))];
    }
    let mut params = Vec::new();
    for child in named_children(node) {
        let (pattern, default) = match child.kind() {
            "required_parameter" | "optional_parameter" => (
                child.child_by_field_name("pattern"),
                child.child_by_field_name("value"),
            ),
            "assignment_pattern" => (
                child.child_by_field_name("left"),
                child.child_by_field_name("right"),
            ),
            "comment" => continue,
            _ => (Some(child), None),
        };
        let Some(pattern) = pattern else { continue };
        if pattern.kind() == "this" {
            continue;
        }
        let default = default.map(|value| expression(l, value));
        let param_type = child
            .child_by_field_name("type")
            .and_then(|kind| type_name(l.text(kind)));
        // `constructor(private client: Client)`: a parameter that is also a field.
        let property = named_children(child)
            .into_iter()
            .any(|c| c.kind() == "accessibility_modifier" || l.text(c) == "readonly");
        let mut param = match pattern.kind() {
            "object_pattern" => Param {
                name: String::new(),
                fields: pattern_keys(l, pattern)
                    .into_iter()
                    .map(|(key, _)| key)
                    .collect(),
                ..Param::default()
            },
            "rest_pattern" => Param {
                name: l.text(pattern).trim_start_matches('.').to_string(),
                rest: true,
                ..Param::default()
            },
            _ => l.param(l.text(pattern)),
        };
        param.default = default;
        param.type_name = param_type;
        if property && let Some(class) = l.class {
            l.field(class, param.name.clone(), param.type_name.clone());
            l.promoted.push(param.name.clone());
        }
        params.push(param);
    }
    params
}

pub(super) fn function(l: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string());
    let params = params(
        l,
        node.child_by_field_name("parameters")
            .or_else(|| node.child_by_field_name("parameter")),
    );
    let body = node.child_by_field_name("body");
    let id = l.in_function(
        Function {
            name: name.clone(),
            params,
            span: span(node),
            ..Function::default()
        },
        |l| {
            // Parameter properties are set first: `this.client = client`.
            for name in std::mem::take(&mut l.promoted) {
                let object = l.add(Expr::Name {
                    name: "this".to_string(),
                    span: span(node),
                });
                let value = l.add(Expr::Name {
                    name: name.clone(),
                    span: span(node),
                });
                l.assign(Target::Member { object, name }, value);
            }
            if let Some(body) = body {
                if body.kind() == "statement_block" {
                    block(l, body);
                } else {
                    // `x => expression`
                    let value = expression(l, body);
                    l.push(Stmt::Return(value));
                }
            }
        },
    );
    let value = l.add(Expr::Function(id));
    // A named function declaration also names a value in its scope.
    if let Some(name) = name
        && node.kind().ends_with("declaration")
    {
        l.assign(Target::Name(name), value);
    }
    value
}

pub(super) fn class(l: &mut Lowerer, node: Node) {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string())
        .unwrap_or_default();
    let mut bases = Vec::new();
    for child in named_children(node) {
        if child.kind() == "class_heritage" {
            for clause in named_children(child) {
                if clause.kind() == "extends_clause" {
                    for value in field_children(clause, "value") {
                        bases.push(last_name(l.text(value)));
                    }
                } else if clause.kind() != "implements_clause" {
                    bases.push(last_name(l.text(clause)));
                }
            }
        }
    }
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    l.in_class(
        Class {
            name: name.clone(),
            bases,
            span: span(node),
            ..Class::default()
        },
        |l| {
            for member in named_children(body) {
                match member.kind() {
                    "method_definition" => {
                        let value = function(l, member);
                        if let Expr::Function(id) = l.ir.expr(value).clone()
                            && let Some(class) = l.class
                        {
                            l.add_method(class, id);
                        }
                    }
                    "public_field_definition" | "field_definition" => {
                        let key = member
                            .child_by_field_name("name")
                            .or_else(|| member.child_by_field_name("property"));
                        if let (Some(key), Some(class)) = (key, l.class) {
                            let field_type = member
                                .child_by_field_name("type")
                                .and_then(|kind| type_name(l.text(kind)));
                            let key = key_text(l, key);
                            l.field(class, key, field_type);
                        }
                        if let (Some(key), Some(value)) = (key, member.child_by_field_name("value"))
                        {
                            let value = expression(l, value);
                            let key = key_text(l, key);
                            if let Some(class) = l.class {
                                l.attribute(class, key, value);
                            }
                        }
                    }
                    "class_static_block" => {
                        if let Some(body) = member.child_by_field_name("body") {
                            block(l, body);
                        }
                    }
                    _ => {}
                }
            }
        },
    );
}

pub(super) fn last_name(text: &str) -> String {
    let text = text.split('<').next().unwrap_or(text);
    text.rsplit('.').next().unwrap_or(text).trim().to_string()
}

pub(super) fn key_text(l: &Lowerer, key: Node) -> String {
    let text = l.text(key);
    text.trim_matches(|c| c == '"' || c == '\'' || c == '`' || c == '[' || c == ']')
        .to_string()
}

pub(super) fn args(l: &mut Lowerer, node: Option<Node>) -> (Vec<Arg>, Option<u32>) {
    let Some(node) = node else {
        return (Vec::new(), None);
    };
    let mut args = Vec::new();
    let mut block = None;
    if node.kind() == "template_string" {
        // A tagged template: the template is the one argument.
        let value = expression(l, node);
        return (
            vec![Arg {
                name: None,
                value,
                spread: false,
            }],
            None,
        );
    }
    for child in named_children(node) {
        if child.kind() == "comment" {
            continue;
        }
        let spread = child.kind() == "spread_element";
        let inner = if spread {
            named_children(child).first().copied().unwrap_or(child)
        } else {
            child
        };
        let value = expression(l, inner);
        if let Expr::Function(id) = l.ir.expr(value) {
            block = Some(*id);
        }
        args.push(Arg {
            name: None,
            value,
            spread,
        });
    }
    (args, block)
}
