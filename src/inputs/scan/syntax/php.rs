//! PHP.

use tree_sitter::Node;

use super::{Lowerer, named_children, span, type_name};
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
        "comment"
        | "php_tag"
        | "text_interpolation"
        | "namespace_use_declaration"
        | "use_declaration"
        | "empty_statement"
        | "text"
        | "declare_statement"
        | "break_statement"
        | "continue_statement" => {}
        "expression_statement" => {
            for child in named_children(node) {
                match child.kind() {
                    "assignment_expression" | "augmented_assignment_expression" => {
                        assignment(l, child);
                    }
                    _ => {
                        let value = expression(l, child);
                        l.eval(value);
                    }
                }
            }
        }
        "function_definition" | "method_declaration" => {
            function(l, node);
        }
        "class_declaration"
        | "interface_declaration"
        | "trait_declaration"
        | "enum_declaration" => class(l, node),
        "property_declaration" => {
            let field_type = node
                .child_by_field_name("type")
                .and_then(|kind| type_name(l.text(kind)));
            for element in named_children(node) {
                if element.kind() != "property_element" {
                    continue;
                }
                let Some(name) = element.child_by_field_name("name") else {
                    continue;
                };
                if let Some(class) = l.class {
                    let name = l.text(name).trim_start_matches('$').to_string();
                    l.field(class, name, field_type.clone());
                }
                let Some(value) = element.child_by_field_name("default_value") else {
                    continue;
                };
                let value = expression(l, value);
                let name = l.text(name).trim_start_matches('$').to_string();
                if let Some(class) = l.class {
                    l.attribute(class, name, value);
                }
            }
        }
        "const_declaration" => {
            for element in named_children(node) {
                if element.kind() != "const_element" {
                    continue;
                }
                let children = named_children(element);
                let (Some(name), Some(value)) = (children.first(), children.get(1)) else {
                    continue;
                };
                let value = expression(l, *value);
                let name = l.text(*name).to_string();
                match l.class {
                    Some(class) if l.function == 0 => {
                        l.attribute(class, name, value);
                    }
                    _ => l.assign(Target::Name(name), value),
                }
            }
        }
        "return_statement" => {
            if let Some(value) = named_children(node).first() {
                let value = expression(l, *value);
                l.push(Stmt::Return(value));
            }
        }
        "compound_statement" | "program" | "declaration_list" => block(l, node),
        "namespace_definition" => {
            if let Some(body) = node.child_by_field_name("body") {
                block(l, body);
            }
        }
        "if_statement" | "else_clause" | "else_if_clause" | "foreach_statement"
        | "for_statement" | "while_statement" | "do_statement" | "switch_statement"
        | "switch_block" | "case_statement" | "default_statement" | "try_statement"
        | "catch_clause" | "finally_clause" | "colon_block" => l.conditionally(|l| {
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
    kind.ends_with("_statement")
        || kind.ends_with("_declaration")
        || kind.ends_with("_clause")
        || kind.ends_with("_definition")
        || matches!(kind, "switch_block" | "colon_block")
}

/// Lowers an assignment and returns its value as an expression (`Lowerer::assign_as_value`).
fn assignment(l: &mut Lowerer, node: Node) -> ExprId {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return l.unknown();
    };
    let right_value = expression(l, right);
    let mut value = right_value;
    let compound = node.kind() == "augmented_assignment_expression";
    if compound
        && node
            .child_by_field_name("operator")
            .is_some_and(|op| l.text(op) == ".=")
    {
        let before = expression(l, left);
        value = l.add(Expr::Concat(vec![before, value]));
    }
    let target = target(l, left);
    l.assign_as_value(target, value, right_value, compound, span(left))
}

fn variable(l: &Lowerer, node: Node) -> String {
    l.text(node).trim_start_matches('$').to_string()
}

fn target(l: &mut Lowerer, node: Node) -> Target {
    match node.kind() {
        "variable_name" => Target::Name(variable(l, node)),
        "subscript_expression" => {
            let expr = expression(l, node);
            l.subscript_target(expr)
        }
        "member_access_expression" | "scoped_property_access_expression" => {
            let (Some(object), Some(name)) = (
                node.child_by_field_name("object")
                    .or_else(|| node.child_by_field_name("scope")),
                node.child_by_field_name("name"),
            ) else {
                return Target::Other;
            };
            let object = expression(l, object);
            Target::Member {
                object,
                name: variable(l, name),
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
        let Some(name) = child.child_by_field_name("name") else {
            continue;
        };
        let default = child
            .child_by_field_name("default_value")
            .map(|value| expression(l, value));
        let name = variable(l, name);
        let param_type = child
            .child_by_field_name("type")
            .and_then(|kind| type_name(l.text(kind)));
        // `public function __construct(private Client $client)` promotes a parameter to a
        // property, set from the argument when the body starts.
        if child.kind() == "property_promotion_parameter"
            && let Some(class) = l.class
        {
            l.field(class, name.clone(), param_type.clone());
            l.promoted.push(name.clone());
        }
        params.push(Param {
            name,
            default,
            rest: child.kind() == "variadic_parameter",
            type_name: param_type,
            ..Param::default()
        });
    }
    params
}

fn function(l: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string());
    let params = params(l, node.child_by_field_name("parameters"));
    let body = node.child_by_field_name("body");
    let is_method = node.kind() == "method_declaration";
    let id = l.in_function(
        Function {
            name: name.clone(),
            params,
            receiver: is_method.then(|| "this".to_string()),
            span: span(node),
            ..Function::default()
        },
        |l| {
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
                block(l, body);
            }
        },
    );
    if is_method && let Some(class) = l.class {
        l.add_method(class, id);
    }
    let value = l.add(Expr::Function(id));
    if let Some(name) = name
        && !is_method
    {
        l.assign(Target::Name(name), value);
    }
    value
}

fn class(l: &mut Lowerer, node: Node) {
    let name = node
        .child_by_field_name("name")
        .map(|name| l.text(name).to_string())
        .unwrap_or_default();
    let mut bases = Vec::new();
    for child in named_children(node) {
        if matches!(child.kind(), "base_clause" | "class_interface_clause") {
            for base in named_children(child) {
                let text = l.text(base);
                bases.push(text.rsplit('\\').next().unwrap_or(text).to_string());
            }
        }
    }
    let body = node.child_by_field_name("body");
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
}

fn args(l: &mut Lowerer, node: Option<Node>) -> (Vec<Arg>, Option<u32>) {
    let Some(node) = node else {
        return (Vec::new(), None);
    };
    let mut args = Vec::new();
    let mut block = None;
    for child in named_children(node) {
        if child.kind() != "argument" {
            continue;
        }
        let name = child
            .child_by_field_name("name")
            .map(|name| l.text(name).to_string());
        let spread = l.text(child).starts_with("...");
        let Some(inner) = named_children(child)
            .into_iter()
            .rfind(|c| c.kind() != "name")
        else {
            continue;
        };
        let value = expression(l, inner);
        if let Expr::Function(id) = l.ir.expr(value) {
            block = Some(*id);
        }
        args.push(Arg {
            name,
            value,
            spread,
        });
    }
    (args, block)
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
        "string" | "encapsed_string" | "heredoc" | "nowdoc" => {
            l.string(node, &mut |l, child| match child.kind() {
                "heredoc_body" | "nowdoc_body" => None,
                _ => Some(expression(l, child)),
            })
        }
        "variable_name" => l.add(Expr::Name {
            name: variable(l, node),
            span: span(node),
        }),
        "name" | "qualified_name" => {
            let text = l.text(node);
            l.add(Expr::Name {
                name: text.rsplit('\\').next().unwrap_or(text).to_string(),
                span: span(node),
            })
        }
        "integer" | "float" | "boolean" | "null" => l.add(Expr::Atom {
            text: l.text(node).to_string(),
        }),
        "parenthesized_expression" => match named_children(node).first() {
            Some(inner) => expression(l, *inner),
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
                "." => l.add(Expr::Concat(vec![left, right])),
                "??" | "?:" | "||" | "or" => l.add(Expr::Fallback(left, right)),
                _ => l.add(Expr::Other(vec![left, right])),
            }
        }
        "conditional_expression" => {
            let values: Vec<ExprId> = ["body", "alternative"]
                .iter()
                .filter_map(|field| node.child_by_field_name(field))
                .map(|branch| expression(l, branch))
                .collect();
            l.add(Expr::Either(values))
        }
        "member_access_expression"
        | "nullsafe_member_access_expression"
        | "class_constant_access_expression"
        | "scoped_property_access_expression" => {
            let children = named_children(node);
            let object = node
                .child_by_field_name("object")
                .or_else(|| node.child_by_field_name("scope"))
                .or_else(|| children.first().copied());
            let name = node
                .child_by_field_name("name")
                .or_else(|| children.get(1).copied());
            let (Some(object), Some(name)) = (object, name) else {
                return l.unknown();
            };
            let object = expression(l, object);
            if name.kind() == "variable_name" && node.kind().starts_with("member") {
                let name = expression(l, name);
                return l.add(Expr::DynamicMember { object, name });
            }
            l.add(Expr::Member {
                object,
                name: variable(l, name),
                span: span(node),
            })
        }
        "member_call_expression" | "nullsafe_member_call_expression" | "scoped_call_expression" => {
            let (Some(object), Some(name)) = (
                node.child_by_field_name("object")
                    .or_else(|| node.child_by_field_name("scope")),
                node.child_by_field_name("name"),
            ) else {
                return l.unknown();
            };
            let callee_span = Span::new(object.start_byte(), name.end_byte());
            let object = expression(l, object);
            // `->$method(...)`, `->{strtolower($method)}(...)`: the name is a value.
            let callee = if name.kind() != "name" {
                let name = expression(l, name);
                l.add(Expr::DynamicMember { object, name })
            } else {
                l.add(Expr::Member {
                    object,
                    name: l.text(name).to_string(),
                    span: callee_span,
                })
            };
            let (args, block) = args(l, node.child_by_field_name("arguments"));
            l.add(Expr::Call {
                callee,
                args,
                construct: false,
                block,
                span: span(node),
            })
        }
        "function_call_expression" => {
            let Some(function) = node.child_by_field_name("function") else {
                return l.unknown();
            };
            let name = l.text(function).trim_start_matches('\\').to_string();
            let (all, block) = args(l, node.child_by_field_name("arguments"));
            if matches!(name.as_str(), "sprintf" | "vsprintf")
                && let Some((template, rest)) = all.split_first()
            {
                return l.add(Expr::Format {
                    style: FormatStyle::Printf,
                    template: template.value,
                    args: rest.iter().map(|arg| arg.value).collect(),
                    named: Vec::new(),
                });
            }
            let callee = expression(l, function);
            l.add(Expr::Call {
                callee,
                args: all,
                construct: false,
                block,
                span: span(node),
            })
        }
        "object_creation_expression" => {
            let children = named_children(node);
            let Some(class) = children
                .iter()
                .find(|c| matches!(c.kind(), "name" | "qualified_name" | "variable_name"))
            else {
                return l.unknown();
            };
            let callee = expression(l, *class);
            let arguments = children.iter().find(|c| c.kind() == "arguments").copied();
            let (args, block) = args(l, arguments);
            l.add(Expr::Call {
                callee,
                args,
                construct: true,
                block,
                span: span(node),
            })
        }
        "array_creation_expression" => {
            let mut entries = Vec::new();
            let mut items = Vec::new();
            for element in named_children(node) {
                if element.kind() != "array_element_initializer" {
                    continue;
                }
                let parts = named_children(element);
                match parts.as_slice() {
                    [key, value] => {
                        let key_expr = expression(l, *key);
                        let key =
                            l.ir.literal(key_expr)
                                .map_or_else(|| l.text(*key).to_string(), str::to_string);
                        let value = expression(l, *value);
                        entries.push((key, value));
                    }
                    [value] => items.push(expression(l, *value)),
                    _ => {}
                }
            }
            if entries.is_empty() {
                l.add(Expr::Array { items })
            } else {
                l.add(Expr::Object {
                    entries,
                    class: None,
                })
            }
        }
        "anonymous_function" | "arrow_function" | "anonymous_function_creation_expression" => {
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
                        if body.kind() == "compound_statement" {
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
        "assignment_expression" | "augmented_assignment_expression" => assignment(l, node),
        "subscript_expression" => {
            // `$options['url']`
            let children = named_children(node);
            let Some(object) = children.first() else {
                return l.unknown();
            };
            let object = expression(l, *object);
            let index = children
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
        "dynamic_variable_name" | "complex_interpolation" => match named_children(node).first() {
            Some(inner) => expression(l, *inner),
            None => l.unknown(),
        },
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
