//! Python.

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
        statement(l, child, &[]);
    }
}

pub(super) fn statement(l: &mut Lowerer, node: Node, decorators: &[Annotation]) {
    if !l.enter() {
        return;
    }
    match node.kind() {
        "comment"
        | "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "pass_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "break_statement"
        | "continue_statement" => {}
        "expression_statement" => {
            for child in named_children(node) {
                match child.kind() {
                    "assignment" | "augmented_assignment" => assignment(l, child),
                    _ => {
                        let value = expression(l, child);
                        l.eval(value);
                    }
                }
            }
        }
        "function_definition" => {
            function(l, node, decorators);
        }
        "class_definition" => class(l, node, decorators),
        "decorated_definition" => {
            let decorators: Vec<Annotation> = named_children(node)
                .into_iter()
                .filter(|child| child.kind() == "decorator")
                .filter_map(|decorator| annotation(l, decorator))
                .collect();
            if let Some(definition) = node.child_by_field_name("definition") {
                statement(l, definition, &decorators);
            }
        }
        "return_statement" => {
            if let Some(value) = named_children(node).first() {
                let value = expression(l, *value);
                l.push(Stmt::Return(value));
            }
        }
        "block" | "module" => block(l, node),
        "for_statement" => l.conditionally(|l| {
            if let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                loop_binding(l, left, right);
            }
            if let Some(body) = node.child_by_field_name("body") {
                block(l, body);
            }
            if let Some(alternative) = node.child_by_field_name("alternative") {
                statement(l, alternative, &[]);
            }
        }),
        "if_statement"
        | "while_statement"
        | "try_statement"
        | "with_statement"
        | "match_statement"
        | "elif_clause"
        | "else_clause"
        | "except_clause"
        | "finally_clause"
        | "case_clause"
        | "with_clause"
        | "with_item"
        | "except_group_clause" => l.conditionally(|l| {
            for child in named_children(node) {
                if is_statement(child.kind()) {
                    statement(l, child, &[]);
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
        || kind.ends_with("_clause")
        || matches!(
            kind,
            "block" | "function_definition" | "class_definition" | "decorated_definition"
        )
}

pub(super) fn annotation(l: &mut Lowerer, decorator: Node) -> Option<Annotation> {
    let inner = named_children(decorator).into_iter().next()?;
    let (name, args) = match inner.kind() {
        "call" => {
            let function = inner.child_by_field_name("function")?;
            (
                l.text(function).to_string(),
                args(l, inner.child_by_field_name("arguments")),
            )
        }
        _ => (l.text(inner).to_string(), Vec::new()),
    };
    Some(Annotation {
        name,
        args,
        span: span(decorator),
    })
}

pub(super) fn assignment(l: &mut Lowerer, node: Node) {
    // `self.client: Client = client`, `client: Client`: a field and its type.
    if let (Some(left), Some(kind), Some(class)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("type"),
        l.class,
    ) && matches!(left.kind(), "identifier" | "attribute")
    {
        let name = l
            .text(left)
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_string();
        let field_type = type_name(l.text(kind));
        l.field(class, name, field_type);
    }
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        // `x: int` declares without a value.
        return;
    };
    let mut value = expression(l, right);
    if node.kind() == "augmented_assignment"
        && node
            .child_by_field_name("operator")
            .is_some_and(|op| l.text(op) == "+=")
    {
        let before = expression(l, left);
        value = l.add(Expr::Concat(vec![before, value]));
    }
    // `a, b = x, y`: pairwise.
    if matches!(left.kind(), "pattern_list" | "tuple_pattern")
        && let Expr::Array { items, .. } | Expr::Other(items) = l.ir.expr(value).clone()
    {
        let names = named_children(left);
        if names.len() == items.len() {
            for (name, item) in names.into_iter().zip(items) {
                let target = target(l, name);
                l.assign(target, item);
            }
            return;
        }
    }
    let target = target(l, left);
    l.assign(target, value);
}

/// `for (a, b) in items`: the names bound to an element of `items`, in a loop.
pub(super) fn loop_binding(l: &mut Lowerer, left: Node, right: Node) {
    let iterable = expression(l, right);
    let element = l.add(Expr::Element(iterable));
    let target = target(l, left);
    l.conditionally(|l| l.assign(target, element));
}

pub(super) fn target(l: &mut Lowerer, node: Node) -> Target {
    match node.kind() {
        "identifier" => Target::Name(l.text(node).to_string()),
        "subscript" => {
            let expr = expression(l, node);
            l.subscript_target(expr)
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" => Target::Tuple(
            named_children(node)
                .into_iter()
                .map(|name| l.text(name).to_string())
                .collect(),
        ),
        "attribute" => {
            let (Some(object), Some(attribute)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("attribute"),
            ) else {
                return Target::Other;
            };
            let object = expression(l, object);
            Target::Member {
                object,
                name: l.text(attribute).to_string(),
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
            "typed_parameter" => match named_children(child).first() {
                Some(name) if name.kind() == "identifier" => Param {
                    name: l.text(*name).to_string(),
                    type_name: child
                        .child_by_field_name("type")
                        .and_then(|kind| type_name(l.text(kind))),
                    ..Param::default()
                },
                Some(splat) => Param {
                    name: l.text(*splat).trim_start_matches('*').to_string(),
                    rest: true,
                    ..Param::default()
                },
                None => continue,
            },
            "default_parameter" | "typed_default_parameter" => {
                let Some(name) = child.child_by_field_name("name") else {
                    continue;
                };
                let default = child
                    .child_by_field_name("value")
                    .map(|value| expression(l, value));
                Param {
                    name: l.text(name).to_string(),
                    default,
                    type_name: child
                        .child_by_field_name("type")
                        .and_then(|kind| type_name(l.text(kind))),
                    ..Param::default()
                }
            }
            "list_splat_pattern" | "dictionary_splat_pattern" => Param {
                name: l.text(child).trim_start_matches('*').to_string(),
                rest: true,
                ..Param::default()
            },
            _ => continue,
        };
        params.push(param);
    }
    params
}

pub(super) fn function(l: &mut Lowerer, node: Node, decorators: &[Annotation]) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string());
    let mut params = params(l, node.child_by_field_name("parameters"));
    // A method's first parameter is its receiver, unless it is a static method.
    let in_class = l.class.is_some() && l.ir.function(l.function).class.is_none();
    let is_static = decorators.iter().any(|d| d.name == "staticmethod");
    let receiver = if in_class && !is_static && !params.is_empty() {
        Some(params.remove(0).name)
    } else {
        None
    };
    let body = node.child_by_field_name("body");
    let id = l.in_function(
        Function {
            name: name.clone(),
            params,
            receiver,
            annotations: decorators.to_vec(),
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
    if in_class && let Some(class) = l.class {
        l.add_method(class, id);
    }
    let value = l.add(Expr::Function(id));
    if let Some(name) = name
        && node.kind() == "function_definition"
        && !in_class
    {
        l.assign(Target::Name(name), value);
    }
    value
}

pub(super) fn class(l: &mut Lowerer, node: Node, decorators: &[Annotation]) {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string())
        .unwrap_or_default();
    let bases = node
        .child_by_field_name("superclasses")
        .map(|list| {
            named_children(list)
                .into_iter()
                .filter(|base| base.kind() != "keyword_argument")
                .map(|base| {
                    let text = l.text(base);
                    let text = text.split('[').next().unwrap_or(text);
                    text.rsplit('.').next().unwrap_or(text).to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    // Class-level statements run in the module's function, with the class open: their
    // assignments are the class's attributes.
    l.in_class(
        Class {
            name,
            bases,
            annotations: decorators.to_vec(),
            span: span(node),
            ..Class::default()
        },
        |l| {
            for child in named_children(body) {
                class_member(l, child, &[]);
            }
        },
    );
}

pub(super) fn class_member(l: &mut Lowerer, node: Node, decorators: &[Annotation]) {
    match node.kind() {
        "expression_statement" => {
            for child in named_children(node) {
                if child.kind() == "assignment"
                    && let (Some(left), Some(kind), Some(class)) = (
                        child.child_by_field_name("left"),
                        child.child_by_field_name("type"),
                        l.class,
                    )
                    && left.kind() == "identifier"
                {
                    let field_type = type_name(l.text(kind));
                    l.field(class, l.text(left).to_string(), field_type);
                }
                if child.kind() == "assignment"
                    && let (Some(left), Some(right)) = (
                        child.child_by_field_name("left"),
                        child.child_by_field_name("right"),
                    )
                    && left.kind() == "identifier"
                {
                    let value = expression(l, right);
                    let name = l.text(left).to_string();
                    if let Some(class) = l.class {
                        l.attribute(class, name, value);
                    }
                } else {
                    let value = expression(l, child);
                    l.eval(value);
                }
            }
        }
        "decorated_definition" => {
            let decorators: Vec<Annotation> = named_children(node)
                .into_iter()
                .filter(|child| child.kind() == "decorator")
                .filter_map(|decorator| annotation(l, decorator))
                .collect();
            if let Some(definition) = node.child_by_field_name("definition") {
                class_member(l, definition, &decorators);
            }
        }
        "function_definition" => {
            function(l, node, decorators);
        }
        _ => statement(l, node, decorators),
    }
}

pub(super) fn args(l: &mut Lowerer, node: Option<Node>) -> Vec<Arg> {
    let Some(node) = node else {
        return Vec::new();
    };
    let mut args = Vec::new();
    for child in named_children(node) {
        match child.kind() {
            "comment" => {}
            "keyword_argument" => {
                if let (Some(name), Some(value)) = (
                    child.child_by_field_name("name"),
                    child.child_by_field_name("value"),
                ) {
                    let value = expression(l, value);
                    args.push(Arg {
                        name: Some(l.text(name).to_string()),
                        value,
                        spread: false,
                    });
                }
            }
            "list_splat" | "dictionary_splat" => {
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
    args
}
