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
    pub(super) attributes: BTreeMap<(Key, bool, String), Value>,
    /// Parameters' default values by (file, function, parameter), with the depth of the call
    /// they were worked out for.
    pub(super) defaults: BTreeMap<(u32, u32, usize), (usize, Value)>,
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
            // Another file's name, in a language that can import it (a Ruby `fetch` is no
            // JavaScript `fetch`).
            let language = self.project.file(self.file).language;
            let others: Vec<u32> = files
                .iter()
                .copied()
                .filter(|f| {
                    *f != self.file && language.shares_names_with(self.project.file(*f).language)
                })
                .collect();
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
