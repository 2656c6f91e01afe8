//! The evaluation of one function: statements in order, expressions to values, names looked
//! up in the function, the functions around it, its class, its file and the project.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::strings::{concat, format, join};
use super::{Key, MAX_DEPTH, Project, Summaries};
use crate::inputs::scan::ir::{Expr, ExprId, FileIr, FunctionId, Part, Span, Stmt, Target};
use crate::inputs::scan::syntax::Language;
use crate::inputs::scan::value::{Origin, Request, Seg, Template, Value, method_word};
use crate::model::request::Method;

/// The evaluation of one function.
pub(super) struct Frame<'p> {
    pub(super) project: &'p Project,
    pub(super) summaries: &'p Summaries,
    pub(super) file: u32,
    pub(super) function: FunctionId,
    /// The class whose object `this` is.
    pub(super) class: Option<Key>,
    /// `this` is an object of exactly `class` (a subclass being resolved), so an attribute
    /// nothing sets is unknown, not left to subclasses.
    pub(super) concrete_class: bool,
    pub(super) env: BTreeMap<Arc<str>, Value>,
    /// Statements not run in order (an attribute's value read from its method): names are
    /// looked up among the function's assignments.
    pub(super) lazy: bool,
    pub(super) requests: Vec<Request>,
    pub(super) returns: Vec<Value>,
    pub(super) called: Vec<Key>,
    pub(super) depth: usize,
    /// Attributes being evaluated, to stop on cycles.
    pub(super) evaluating: Vec<(Key, String)>,
    /// Values already read by name or attribute, shared with the frame's sub-evaluations:
    /// each is worked out once, so nested lookups cost the size of the code, not more.
    pub(super) memo: std::rc::Rc<std::cell::RefCell<Memo>>,
}

/// Values a frame and its sub-evaluations have worked out.
#[derive(Default)]
pub(super) struct Memo {
    assigned: BTreeMap<(u32, u32, String), Value>,
    attributes: BTreeMap<(Key, bool, String), Value>,
}

impl<'p> Frame<'p> {
    pub(super) fn new(
        project: &'p Project,
        summaries: &'p Summaries,
        file: u32,
        function: FunctionId,
        class: Option<Key>,
    ) -> Frame<'p> {
        Frame {
            project,
            summaries,
            file,
            function,
            class,
            concrete_class: false,
            env: BTreeMap::new(),
            lazy: false,
            requests: Vec::new(),
            returns: Vec::new(),
            called: Vec::new(),
            depth: 0,
            evaluating: Vec::new(),
            memo: std::rc::Rc::default(),
        }
    }

    pub(super) fn ir(&self) -> &'p FileIr {
        &self.project.file(self.file).ir
    }

    pub(super) fn source(&self) -> &'p str {
        &self.project.file(self.file).source.text
    }

    pub(super) fn text_of(&self, span: Span) -> &'p str {
        self.source()
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    pub(super) fn origin(&self, span: Span) -> Origin {
        Origin {
            file: self.file,
            span,
        }
    }

    /// A sub-evaluation (an attribute's value, a closure's variable) with the same budget.
    pub(super) fn child(&self, file: u32, function: FunctionId, class: Option<Key>) -> Frame<'p> {
        let mut frame = Frame::new(self.project, self.summaries, file, function, class);
        frame.depth = self.depth + 1;
        frame.lazy = true;
        frame.concrete_class = self.concrete_class && class == self.class;
        frame.evaluating = self.evaluating.clone();
        frame.memo = std::rc::Rc::clone(&self.memo);
        frame
    }

    pub(super) fn bind_symbolic(&mut self) {
        let function = self.ir().function(self.function);
        for (index, param) in function.params.iter().enumerate() {
            let index = u16::try_from(index).unwrap_or(u16::MAX);
            if param.fields.is_empty() {
                if !param.name.is_empty() {
                    self.env.insert(
                        Arc::from(param.name.as_str()),
                        Value::Param { index, field: None },
                    );
                }
            } else {
                for field in &param.fields {
                    self.env.insert(
                        Arc::from(field.as_str()),
                        Value::Param {
                            index,
                            field: Some(Arc::from(field.as_str())),
                        },
                    );
                }
            }
        }
    }

    pub(super) fn run(&mut self) {
        let body = &self.ir().function(self.function).body;
        for statement in body {
            self.statement(statement);
        }
    }

    pub(super) fn statement(&mut self, statement: &Stmt) {
        match statement {
            Stmt::Assign {
                target,
                value,
                conditional,
            } => {
                let value = self.eval(*value);
                self.assign(target, value, *conditional);
            }
            Stmt::Eval(expr) => {
                self.eval(*expr);
            }
            Stmt::Return(expr) => {
                let value = self.eval(*expr);
                self.returns.push(value);
            }
        }
    }

    pub(super) fn assign(&mut self, target: &Target, value: Value, conditional: bool) {
        match target {
            Target::Name(name) => {
                let key: Arc<str> = Arc::from(name.as_str());
                let value = match (conditional, self.env.get(&key)) {
                    (true, Some(before)) => Value::either(vec![before.clone(), value]),
                    _ => value,
                };
                self.env.insert(key, value);
            }
            Target::Member { object, name } => {
                let object_value = self.eval(*object);
                match object_value {
                    Value::Receiver => {
                        self.env.insert(Arc::from(format!("@{name}")), value);
                    }
                    // `options.url = x`, `options["url"] = x` on a local object (one made empty,
                    // or one the code does not show yet).
                    Value::Object(_) | Value::Unknown(_) => {
                        if let Expr::Name { name: local, .. } = self.ir().expr(*object) {
                            self.set_entry(local, name, value);
                        }
                    }
                    _ => {}
                }
            }
            Target::Pattern(keys) => {
                for (key, local) in keys {
                    let member = self.member(&value, key, None);
                    self.env.insert(Arc::from(local.as_str()), member);
                }
            }
            Target::Tuple(names) => {
                for (position, name) in names.iter().enumerate() {
                    let items = value
                        .alternatives()
                        .into_iter()
                        .map(|value| match value {
                            Value::Array(items) => {
                                items.get(position).cloned().unwrap_or_else(Value::unknown)
                            }
                            // One value for several names (`req, err := http.NewRequest()`).
                            value if position == 0 => value.clone(),
                            _ => Value::unknown(),
                        })
                        .collect();
                    let item = Value::either(items);
                    self.assign(&Target::Name(name.clone()), item, conditional);
                }
            }
            Target::Other => {}
        }
    }

    /// Sets an entry of the local object `local` (made an object if the code has not shown
    /// one).
    pub(super) fn set_entry(&mut self, local: &str, key: &str, value: Value) {
        let mut entries = match self.env.get(local) {
            Some(Value::Object(entries)) => (**entries).clone(),
            _ => Vec::new(),
        };
        entries.push((Arc::from(key), value));
        self.env
            .insert(Arc::from(local), Value::Object(Arc::new(entries)));
    }

    pub(super) fn eval(&mut self, id: ExprId) -> Value {
        if self.depth > MAX_DEPTH {
            return Value::unknown();
        }
        let ir = self.ir();
        match ir.expr(id) {
            Expr::Str { parts, span } => {
                let mut template = Template::default();
                let origin = self.origin(*span);
                for part in parts {
                    match part {
                        Part::Text(text) => {
                            template.push(Seg::Text(Arc::from(text.as_str()), Some(origin)))
                        }
                        Part::Hole(hole) => {
                            let value = self.eval(*hole);
                            template.extend(&value.as_template());
                        }
                    }
                }
                Value::template(template)
            }
            Expr::Atom { text } => match (method_word(text), text.strip_prefix(':')) {
                (Some(method), Some(_)) => Value::Method(method),
                // A Ruby symbol, for a key (`options.fetch(:path)`): its name.
                (None, Some(name)) if !name.is_empty() && !name.starts_with(':') => {
                    Value::template(Template::text(name, None))
                }
                _ => Value::unknown(),
            },
            Expr::Concat(items) => {
                let values: Vec<Value> = items.iter().map(|item| self.eval(*item)).collect();
                concat(&values)
            }
            Expr::Format {
                style,
                template,
                args,
                named,
            } => {
                let template = self.eval(*template);
                let args: Vec<Value> = args.iter().map(|arg| self.eval(*arg)).collect();
                let named: Vec<(String, Value)> = named
                    .iter()
                    .map(|(name, arg)| (name.clone(), self.eval(*arg)))
                    .collect();
                format(&template, *style, &args, &named)
            }
            Expr::Join { parts } => {
                let values: Vec<Value> = parts.iter().map(|part| self.eval(*part)).collect();
                join(&values)
            }
            Expr::Name { name, .. } => self.lookup(name),
            Expr::Member { object, name, span } => {
                let object_value = self.eval(*object);
                let hint = self.text_of(*span);
                self.member(&object_value, name, Some(hint))
            }
            Expr::DynamicMember { object, name } => {
                self.eval(*object);
                self.eval(*name);
                Value::unknown()
            }
            Expr::Index { object, index } => {
                self.eval(*object);
                self.eval(*index);
                Value::unknown()
            }
            Expr::Call { .. } => self.call(id),
            Expr::Object { entries, class } => {
                let mut values: Vec<(Arc<str>, Value)> = Vec::new();
                // A literal of a project type knows its class, for its methods.
                if let Some(class) = class.as_deref().and_then(|c| self.project.class_type(c)) {
                    values.push((Arc::from("__class__"), Value::Class(class)));
                }
                for (key, value) in entries.iter().take(64) {
                    let value = self.eval(*value);
                    if key == "..." {
                        // A spread object's entries come first.
                        if let Value::Object(inner) = &value {
                            values.extend(inner.iter().cloned());
                        }
                        continue;
                    }
                    values.push((Arc::from(key.as_str()), value));
                }
                Value::Object(Arc::new(values))
            }
            Expr::Array { items } => {
                let values: Vec<Value> = items.iter().take(16).map(|i| self.eval(*i)).collect();
                for item in items.iter().skip(16) {
                    self.eval(*item);
                }
                Value::Array(Arc::new(values))
            }
            Expr::Function(function) => Value::Function(self.file, *function),
            Expr::Either(items) => {
                let values = items.iter().map(|item| self.eval(*item)).collect();
                Value::either(values)
            }
            Expr::Fallback(first, second) => {
                let (first, second) = (self.eval(*first), self.eval(*second));
                Value::fallback(first, second)
            }
            Expr::Element(collection) => {
                let collection = self.eval(*collection);
                let items: Vec<Value> = collection
                    .alternatives()
                    .into_iter()
                    .flat_map(|value| match value {
                        Value::Array(items) => items.to_vec(),
                        _ => Vec::new(),
                    })
                    .collect();
                Value::either(items)
            }
            Expr::Other(items) => {
                for item in items {
                    self.eval(*item);
                }
                Value::unknown()
            }
        }
    }

    /// What a name holds here.
    pub(super) fn lookup(&mut self, name: &str) -> Value {
        if let Some(value) = self.env.get(name) {
            return value.clone();
        }
        let function = self.ir().function(self.function);
        if matches!(name, "this" | "self" | "static") || function.receiver.as_deref() == Some(name)
        {
            return Value::Receiver;
        }
        if self.lazy {
            if let Some(value) = self.assigned_in(self.file, self.function, name) {
                return value;
            }
            if let Some(param) = function.params.iter().find(|p| p.name == name) {
                return match param
                    .type_name
                    .as_deref()
                    .and_then(|kind| self.project.class_type(kind))
                {
                    Some(class) => Value::Instance(class),
                    None => Value::named(name),
                };
            }
        }
        // A closure sees the names of the functions it is written in.
        let mut parent = function.parent;
        while let Some(outer) = parent {
            if outer == 0 {
                break;
            }
            let outer_function = self.ir().function(outer);
            if outer_function.params.iter().any(|p| p.name == name) {
                return Value::named(name);
            }
            if let Some(value) = self.assigned_in(self.file, outer, name) {
                return value;
            }
            parent = outer_function.parent;
        }
        // Java and Ruby read a field or constant of the class by its bare name.
        if let Some(class) = self.class
            && matches!(
                self.project.file(self.file).language,
                Language::Java | Language::Ruby
            )
            && self.class_defines(class, name)
            && let Some(value) = self.self_attribute(name)
        {
            return value;
        }
        if let Some(value) = self.project.module[self.file as usize].get(name) {
            return value.clone();
        }
        if self.project.classes_by_name.contains_key(name) {
            return Value::Class(Arc::from(name));
        }
        // A constant or function another file defines at its top level (an import).
        if let Some(files) = self.project.module_names.get(name) {
            let others: Vec<u32> = files.iter().copied().filter(|f| *f != self.file).collect();
            // Several files define the name: the ones this file names (its imports) first.
            let named: Vec<u32> = others
                .iter()
                .copied()
                .filter(|f| self.project.imports(self.file, *f))
                .collect();
            let files = if named.is_empty() { others } else { named };
            let values: Vec<Value> = files
                .iter()
                .filter_map(|f| self.project.module[*f as usize].get(name).cloned())
                .take(4)
                .collect();
            if !values.is_empty() {
                return Value::either(values);
            }
        }
        if method_word(name).is_some() && name.chars().all(|c| c.is_ascii_uppercase()) {
            // A bare `GET` constant.
            return Value::Method(method_word(name).unwrap_or(Method::Get));
        }
        Value::named(name)
    }

    /// The value of the last assignment to `name` in a function, evaluated there.
    pub(super) fn assigned_in(
        &mut self,
        file: u32,
        function: FunctionId,
        name: &str,
    ) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        let statements = self.project.assignments[file as usize][function as usize].get(name)?;
        let key = (file, function, name.to_string());
        if let Some(value) = self.memo.borrow().assigned.get(&key) {
            return Some(value.clone());
        }
        // While it is worked out, a lookup of the same name (a cycle) finds nothing.
        self.memo
            .borrow_mut()
            .assigned
            .insert(key.clone(), Value::named(name));
        let ir = &self.project.file(file).ir;
        let values: Vec<ExprId> = statements
            .iter()
            .rev()
            .take(4)
            .filter_map(|&at| match &ir.function(function).body[at] {
                Stmt::Assign { value, .. } => Some(*value),
                _ => None,
            })
            .collect();
        let class = ir
            .function(function)
            .class
            .map(|c| (file, c))
            .or(self.class);
        let mut frame = self.child(file, function, class);
        let values = values.into_iter().map(|value| frame.eval(value)).collect();
        self.requests.append(&mut frame.requests);
        let value = Value::either(values);
        self.memo.borrow_mut().assigned.insert(key, value.clone());
        Some(value)
    }

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
    fn constructor_argument(
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

/// Whether source text names a module by its file's stem as a word (`from "./constants"`,
/// `from .constants import`, `require_relative "constants"`).
pub(super) fn names_module(text: &str, path: &str) -> bool {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let stem = file_name.split('.').next().unwrap_or(file_name);
    if stem.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(stem).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + stem.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}
