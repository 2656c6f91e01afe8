//! Java.

use tree_sitter::Node;

use super::{Lowerer, named_children, span, type_name};
use crate::inputs::scan::ir::{
    Annotation, Arg, Class, Expr, ExprId, Function, Param, Stmt, Target,
};

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
        "line_comment"
        | "block_comment"
        | "package_declaration"
        | "import_declaration"
        | "empty_statement"
        | "break_statement"
        | "continue_statement" => {}
        "class_declaration"
        | "interface_declaration"
        | "enum_declaration"
        | "record_declaration"
        | "annotation_type_declaration" => class(l, node),
        "method_declaration" | "constructor_declaration" | "compact_constructor_declaration" => {
            function(l, node);
        }
        "field_declaration" | "constant_declaration" => field(l, node),
        "local_variable_declaration" => {
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
                l.assign(Target::Name(l.text(name).to_string()), value);
            }
        }
        "expression_statement" => {
            for child in named_children(node) {
                if child.kind() == "assignment_expression" {
                    assignment(l, child);
                } else {
                    let value = expression(l, child);
                    l.eval(value);
                }
            }
        }
        "return_statement" => {
            if let Some(value) = named_children(node).first() {
                let value = expression(l, *value);
                l.push(Stmt::Return(value));
            }
        }
        "block"
        | "program"
        | "class_body"
        | "interface_body"
        | "enum_body"
        | "constructor_body"
        | "static_initializer"
        | "enum_body_declarations" => block(l, node),
        "if_statement"
        | "for_statement"
        | "enhanced_for_statement"
        | "while_statement"
        | "do_statement"
        | "switch_expression"
        | "switch_block"
        | "switch_block_statement_group"
        | "switch_rule"
        | "try_statement"
        | "try_with_resources_statement"
        | "catch_clause"
        | "finally_clause"
        | "labeled_statement"
        | "synchronized_statement" => {
            l.conditionally(|l| {
                for child in named_children(node) {
                    if is_statement(child.kind()) {
                        statement(l, child);
                    } else {
                        let value = expression(l, child);
                        l.eval(value);
                    }
                }
            });
        }
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
        || kind.ends_with("_clause")
        || matches!(
            kind,
            "block"
                | "switch_block"
                | "switch_block_statement_group"
                | "switch_rule"
                | "class_body"
                | "constructor_body"
        )
}

pub(super) fn annotations(l: &mut Lowerer, node: Node) -> Vec<Annotation> {
    let Some(modifiers) = named_children(node)
        .into_iter()
        .find(|child| child.kind() == "modifiers")
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for annotation in named_children(modifiers) {
        if !matches!(annotation.kind(), "annotation" | "marker_annotation") {
            continue;
        }
        let Some(name) = annotation.child_by_field_name("name") else {
            continue;
        };
        let mut args = Vec::new();
        if let Some(list) = annotation.child_by_field_name("arguments") {
            for argument in named_children(list) {
                if argument.kind() == "element_value_pair" {
                    if let (Some(key), Some(value)) = (
                        argument.child_by_field_name("key"),
                        argument.child_by_field_name("value"),
                    ) {
                        let value = expression(l, value);
                        args.push(Arg {
                            name: Some(l.text(key).to_string()),
                            value,
                            spread: false,
                        });
                    }
                } else {
                    let value = expression(l, argument);
                    args.push(Arg {
                        name: None,
                        value,
                        spread: false,
                    });
                }
            }
        }
        let text = l.text(name);
        found.push(Annotation {
            name: text.rsplit('.').next().unwrap_or(text).to_string(),
            args,
            span: span(annotation),
        });
    }
    found
}

pub(super) fn field(l: &mut Lowerer, node: Node) {
    let field_type = node
        .child_by_field_name("type")
        .and_then(|kind| type_name(l.text(kind)));
    for declarator in named_children(node) {
        if declarator.kind() != "variable_declarator" {
            continue;
        }
        let Some(name) = declarator.child_by_field_name("name") else {
            continue;
        };
        if let Some(class) = l.class {
            l.field(class, l.text(name).to_string(), field_type.clone());
        }
        let Some(value) = declarator.child_by_field_name("value") else {
            continue;
        };
        let value = expression(l, value);
        let name = l.text(name).to_string();
        match l.class {
            Some(class) => l.attribute(class, name, value),
            None => l.assign(Target::Name(name), value),
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
    let operator = node
        .child_by_field_name("operator")
        .map_or_else(|| "=".to_string(), |op| l.text(op).to_string());
    let compound = operator != "=";
    if operator == "+=" {
        let before = expression(l, left);
        value = l.add(Expr::Concat(vec![before, value]));
    }
    let target = match left.kind() {
        "identifier" => Target::Name(l.text(left).to_string()),
        "field_access" => {
            let (Some(object), Some(field)) = (
                left.child_by_field_name("object"),
                left.child_by_field_name("field"),
            ) else {
                return right_value;
            };
            let object = expression(l, object);
            Target::Member {
                object,
                name: l.text(field).to_string(),
            }
        }
        _ => Target::Other,
    };
    // A field assigned by its bare name in a method is the object's field.
    if let (Target::Name(name), Some(class)) = (&target, l.class)
        && l.ir.classes[class as usize]
            .fields
            .iter()
            .any(|(field, _)| field == name)
        && !l
            .ir
            .function(l.function)
            .params
            .iter()
            .any(|p| p.name == *name)
    {
        l.attribute(class, name.clone(), value);
    }
    l.assign_as_value(target, value, right_value, compound, span(left))
}

pub(super) fn params(l: &mut Lowerer, node: Option<Node>) -> Vec<Param> {
    let Some(node) = node else {
        return Vec::new();
    };
    named_children(node)
        .into_iter()
        .filter(|child| matches!(child.kind(), "formal_parameter" | "spread_parameter"))
        .filter_map(|child| {
            let name = child.child_by_field_name("name").or_else(|| {
                named_children(child)
                    .into_iter()
                    .rfind(|c| c.kind() == "variable_declarator")
                    .and_then(|d| d.child_by_field_name("name"))
            })?;
            Some(Param {
                name: l.text(name).to_string(),
                rest: child.kind() == "spread_parameter",
                type_name: child
                    .child_by_field_name("type")
                    .and_then(|kind| type_name(l.text(kind))),
                ..Param::default()
            })
        })
        .collect()
}

pub(super) fn function(l: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string());
    let annotations = annotations(l, node);
    let params = params(l, node.child_by_field_name("parameters"));
    let body = node.child_by_field_name("body");
    let id = l.in_function(
        Function {
            name,
            params,
            receiver: Some("this".to_string()),
            annotations,
            span: span(node),
            ..Function::default()
        },
        |l| {
            if let Some(body) = body {
                block(l, body);
            }
        },
    );
    if let Some(class) = l.class {
        l.add_method(class, id);
    }
    l.add(Expr::Function(id))
}

pub(super) fn class(l: &mut Lowerer, node: Node) {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string())
        .unwrap_or_default();
    let annotations = annotations(l, node);
    let mut bases = Vec::new();
    for field in ["superclass", "interfaces"] {
        if let Some(list) = node.child_by_field_name(field) {
            for base in l.text(list).split([',', ' ', '<', '>']) {
                let base = base.trim();
                if !base.is_empty() && base != "extends" && base != "implements" {
                    bases.push(base.rsplit('.').next().unwrap_or(base).to_string());
                }
            }
        }
    }
    let body = node.child_by_field_name("body");
    // The class body runs with the file's top level as its function: field initialisers.
    let outer = l.function;
    l.function = 0;
    l.in_class(
        Class {
            name,
            bases,
            annotations,
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

pub(super) fn args(l: &mut Lowerer, node: Option<Node>) -> (Vec<Arg>, Option<u32>) {
    let Some(node) = node else {
        return (Vec::new(), None);
    };
    let mut block = None;
    let args = named_children(node)
        .into_iter()
        .filter(|child| !child.kind().ends_with("comment"))
        .map(|child| {
            let value = expression(l, child);
            if let Expr::Function(id) = l.ir.expr(value) {
                block = Some(*id);
            }
            Arg {
                name: None,
                value,
                spread: false,
            }
        })
        .collect();
    (args, block)
}
