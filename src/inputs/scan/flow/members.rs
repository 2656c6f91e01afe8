//! Members read through a frame: `self` attributes, constructor arguments and members of\n//! other values.

use std::sync::Arc;

use super::frame::Frame;
use super::{Key, MAX_DEPTH};
use crate::inputs::scan::ir::{Expr, ExprId};
use crate::inputs::scan::value::{Value, method_word};

impl<'p> Frame<'p> {
    pub(super) fn class_defines(&self, class: Key, name: &str) -> bool {
        self.project.ancestry(class).into_iter().any(|(file, id)| {
            let class = self.project.file(file).ir.class(id);
            class.attributes.iter().any(|a| a.name == name)
        })
    }

    /// `this.name`: an attribute of the class (or a base), a zero-argument method's return,
    /// or, when a subclass may set it, a symbol for it.
    pub(super) fn self_attribute(&mut self, name: &str) -> Option<Value> {
        if let Some(value) = self.env.get(format!("@{name}").as_str()) {
            return Some(value.clone());
        }
        let class = self.class?;
        if self
            .evaluating
            .iter()
            .any(|(c, n)| *c == class && n == name)
            || self.depth >= MAX_DEPTH
        {
            return Some(Value::unknown());
        }
        let key = (class, self.concrete_class, name.to_string());
        if let Some(value) = self.memo.borrow().attributes.get(&key) {
            return Some(value.clone());
        }
        let value = self.self_attribute_uncached(class, name);
        self.memo.borrow_mut().attributes.insert(key, value.clone());
        Some(value)
    }

    pub(super) fn self_attribute_uncached(&mut self, class: Key, name: &str) -> Value {
        // Read from a class's own method, an attribute a subclass sets is the subclass's:
        // left to each subclass (`self.path` in a base class's request).
        if !self.concrete_class && self.project.subclass_sets(class, name) {
            return Value::SelfAttr(Arc::from(name));
        }
        for (file, id) in self.project.ancestry(class) {
            // The class's attributes with this name, from every part of the class (a Go type's
            // literals in all its package's files).
            let mut attributes = Vec::new();
            for (part_file, part_id) in self.project.parts((file, id)) {
                // A Go literal may give the field by its position among the type's fields.
                let positional = self
                    .project
                    .field_position((part_file, part_id), name)
                    .map(|position| format!("#{position}"));
                attributes.extend(
                    self.project
                        .file(part_file)
                        .ir
                        .class(part_id)
                        .attributes
                        .iter()
                        .filter(|a| a.name == name || Some(&a.name) == positional.as_ref())
                        .map(|a| (part_file, a.clone())),
                );
            }
            if !attributes.is_empty() {
                self.evaluating.push((class, name.to_string()));
                let mut values = Vec::new();
                for (file, attribute) in attributes.iter().rev().take(16) {
                    // `this.resource = resource` in a constructor: what the class's
                    // constructions pass.
                    if let Some(value) =
                        self.constructor_argument(class, (file, id), *file, attribute)
                    {
                        values.push(value);
                        continue;
                    }
                    let mut frame = self.child(*file, attribute.function, Some(class));
                    frame.concrete_class = self.concrete_class;
                    frame.evaluating = self.evaluating.clone();
                    values.push(frame.eval(attribute.value));
                }
                self.evaluating.pop();
                let value = Value::either(values);
                // A field whose value the code does not show, of a declared project type: an
                // object of that class (`private HelpdeskClient client`).
                if value.is_unknown()
                    && let Some(field_class) = self.project.field_class(class, name)
                {
                    return Value::Instance(field_class);
                }
                return value;
            }
            let ir = &self.project.file(file).ir;
            for &method in &ir.class(id).methods {
                let function = ir.function(method);
                if function.name.as_deref() == Some(name)
                    && function
                        .params
                        .iter()
                        .all(|p| p.default.is_some() || p.rest)
                {
                    self.evaluating.push((class, name.to_string()));
                    let mut frame = self.child(file, method, Some(class));
                    frame.concrete_class = self.concrete_class;
                    frame.lazy = false;
                    frame.evaluating = self.evaluating.clone();
                    frame.run();
                    self.evaluating.pop();
                    let value = Value::either(frame.returns);
                    return value;
                }
            }
        }
        if let Some(field_class) = self.project.field_class(class, name) {
            return Value::Instance(field_class);
        }
        if self.concrete_class {
            Value::unknown()
        } else {
            Value::SelfAttr(Arc::from(name))
        }
    }

    /// For an attribute set from a constructor's parameter (`this.resource = resource`), the
    /// argument the constructions give it: for an object of exactly `this` class, its own
    /// constructions (`new Tags(...)`, `this(...)`) or its `super(...)` call into the class
    /// that sets it; read from that class's methods when subclasses exist, left to each
    /// subclass (a symbol). `None` when the attribute is not set from a parameter.
    pub(super) fn constructor_argument(
        &mut self,
        this: super::Key,
        owner: (&u32, u32),
        file: u32,
        attribute: &crate::inputs::scan::ir::Attribute,
    ) -> Option<Value> {
        let project_file = self.project.file(file);
        if !super::is_constructor(project_file, attribute.function) {
            return None;
        }
        let Expr::Name { name: param, .. } = project_file.ir.expr(attribute.value) else {
            return None;
        };
        let constructor = project_file.ir.function(attribute.function);
        let index = constructor.params.iter().position(|p| &p.name == param)?;
        let owner_key = (*owner.0, owner.1);
        let owner_name = self
            .project
            .file(owner_key.0)
            .ir
            .class(owner_key.1)
            .name
            .clone();
        let owner_parts = self.project.parts(owner_key);
        let this_parts = self.project.parts(this);
        let own = owner_parts.contains(&this);
        if !self.concrete_class && self.project.family(owner_key).len() > 1 {
            return Some(Value::SelfAttr(Arc::from(attribute.name.as_str())));
        }
        // App code is not configured by what its tests construct.
        let app = crate::inputs::scan::class_of(&self.project.file(self.file).source.path)
            == crate::inputs::scan::Class::App;
        let calls: Vec<(super::Key, ExprId)> = self
            .project
            .constructions_of(&owner_name)
            .iter()
            .filter(|(caller, _, _)| {
                !app || crate::inputs::scan::class_of(&self.project.file(caller.0).source.path)
                    == crate::inputs::scan::Class::App
            })
            .filter(|(caller, _, is_super)| {
                let caller_class = self
                    .project
                    .file(caller.0)
                    .ir
                    .function(caller.1)
                    .class
                    .map(|class| (caller.0, class));
                if own {
                    // `new Owner(...)`, and `this(...)` from its other constructors.
                    !*is_super
                } else {
                    *is_super && caller_class.is_some_and(|c| this_parts.contains(&c))
                }
            })
            .map(|(caller, call, _)| (*caller, *call))
            .take(16)
            .collect();
        let mut values = Vec::new();
        for (caller, call) in calls {
            let ir = &self.project.file(caller.0).ir;
            let Expr::Call { args, .. } = ir.expr(call) else {
                continue;
            };
            let Some(arg) = args.iter().filter(|arg| arg.name.is_none()).nth(index) else {
                continue;
            };
            let caller_class = ir.function(caller.1).class.map(|class| (caller.0, class));
            let mut frame = self.child(caller.0, caller.1, caller_class);
            values.push(frame.eval(arg.value));
        }
        Some(Value::either(values))
    }

    pub(super) fn member(&mut self, object: &Value, name: &str, hint: Option<&str>) -> Value {
        match object {
            // `self.class.path`, `self.__class__.path`, `this.constructor.path`: the class of
            // the receiver, whose attributes are the receiver's class attributes.
            Value::Receiver if matches!(name, "class" | "__class__" | "constructor") => {
                Value::Receiver
            }
            Value::Receiver => self
                .self_attribute(name)
                .unwrap_or_else(|| Value::named(name)),
            Value::Instance(class) | Value::Class(class) => {
                let Some(key) = self.project.class_with(class, self.file, name) else {
                    return Value::unknown();
                };
                let mut frame = self.child(key.0, 0, Some(key));
                frame.concrete_class = true;
                frame
                    .self_attribute(name)
                    .unwrap_or_else(|| Value::named(name))
            }
            Value::Object(_) => object.entry(name).cloned().unwrap_or_else(Value::unknown),
            Value::Param { index, field: None } => Value::Param {
                index: *index,
                field: Some(Arc::from(name)),
            },
            Value::Either(values) => {
                let values = values
                    .iter()
                    .map(|value| self.member(value, name, hint))
                    .collect();
                Value::either(values)
            }
            Value::Fallback(pair) => Value::fallback(
                self.member(&pair.0, name, hint),
                self.member(&pair.1, name, hint),
            ),
            Value::Unknown(_) => {
                let hint = hint.unwrap_or(name);
                // `http.MethodPost`, `HttpMethod.POST`, `RequestMethod.POST`, `responses.POST`,
                // Ruby's `Net::HTTP::Post`.
                if let Some(method) = method_word(name)
                    && (name.chars().all(|c| c.is_ascii_uppercase())
                        || name.starts_with("Method")
                        || hint.to_ascii_lowercase().contains("http::"))
                {
                    return Value::Method(method);
                }
                Value::named(hint)
            }
            _ => Value::named(hint.unwrap_or(name)),
        }
    }
}
