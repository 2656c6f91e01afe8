//! What the project knows of its classes: families, ancestry, fields, methods and where\n//! each class is constructed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::frame::Frame;
use super::{Key, Project, ProjectFile, Summaries, is_constructor};
use crate::inputs::scan::ir::{Expr, ExprId, FileIr, Stmt};
use crate::inputs::scan::value::Value;

impl Project {
    /// The classes that extend `class` (by name), at any depth, the class first.
    pub(crate) fn family(&self, class: Key) -> Vec<Key> {
        let mut family = vec![class];
        let mut seen: BTreeSet<Key> = BTreeSet::from([class]);
        let mut index = 0;
        while index < family.len() && family.len() < 256 {
            let (file, id) = family[index];
            let name = &self.file(file).ir.class(id).name;
            if let Some(children) = self.subclasses.get(name) {
                for child in children {
                    if seen.insert(*child) {
                        family.push(*child);
                    }
                }
            }
            index += 1;
        }
        family
    }

    /// Whether a class that extends `class` sets attribute (or defines getter) `name`.
    pub(crate) fn subclass_sets(&self, class: Key, name: &str) -> bool {
        self.family(class).into_iter().skip(1).any(|(file, id)| {
            let class = self.file(file).ir.class(id);
            class.attributes.iter().any(|a| a.name == name)
                || class
                    .methods
                    .iter()
                    .any(|&m| self.file(file).ir.function(m).name.as_deref() == Some(name))
        })
    }

    /// The calls that construct class `name` (see `constructions`).
    pub(crate) fn constructions_of(&self, name: &str) -> &[(Key, ExprId, bool)] {
        self.constructions.get(name).map_or(&[], Vec::as_slice)
    }

    /// A class and the other parts of it (see `partners`).
    pub(crate) fn parts(&self, class: Key) -> Vec<Key> {
        std::iter::once(class)
            .chain(self.partners.get(&class).into_iter().flatten().copied())
            .collect()
    }

    /// A class and its bases, nearest first.
    pub(crate) fn ancestry(&self, class: Key) -> Vec<Key> {
        let mut chain = vec![class];
        let mut index = 0;
        while index < chain.len() && chain.len() < 32 {
            if let Some(partners) = self.partners.get(&chain[index]) {
                for partner in partners {
                    if !chain.contains(partner) {
                        chain.insert(index + 1, *partner);
                    }
                }
            }
            let (file, id) = chain[index];
            for base in &self.file(file).ir.class(id).bases {
                if let Some(found) = self.class_named(base, file)
                    && !chain.contains(&found)
                {
                    chain.push(found);
                }
            }
            index += 1;
        }
        chain
    }

    /// The names of a class's bases at every depth, including ones the project does not
    /// define (a framework's `HttpStream`).
    pub(crate) fn base_names(&self, class: Key) -> Vec<String> {
        let mut names = Vec::new();
        for (file, id) in self.ancestry(class) {
            for base in &self.file(file).ir.class(id).bases {
                if !names.contains(base) {
                    names.push(base.clone());
                }
            }
        }
        names
    }

    /// The project class a declared field (in `class` or a base) has as its type.
    pub(crate) fn field_class(&self, class: Key, name: &str) -> Option<Arc<str>> {
        self.ancestry(class).into_iter().find_map(|(file, id)| {
            let (_, field_type) = self
                .file(file)
                .ir
                .class(id)
                .fields
                .iter()
                .find(|(field, _)| field == name)?;
            self.class_type(field_type.as_deref()?)
        })
    }

    /// The project class a declared type names, if any: a name the project defines, or a Go
    /// `package.Type` whose package is a folder of the project that defines it.
    pub(crate) fn class_type(&self, declared: &str) -> Option<Arc<str>> {
        match declared.split_once('.') {
            Some((package, name)) => {
                let candidates = self.classes_by_name.get(name)?;
                candidates
                    .iter()
                    .any(|(file, _)| {
                        std::path::Path::new(&self.file(*file).source.path)
                            .parent()
                            .and_then(std::path::Path::file_name)
                            .is_some_and(|folder| folder == package)
                    })
                    .then(|| Arc::from(name))
            }
            None => self
                .classes_by_name
                .contains_key(declared)
                .then(|| Arc::from(declared)),
        }
    }

    /// A Go struct field's position in its type (or in another part of the same type), for
    /// literals that give fields by position.
    pub(crate) fn field_position(&self, class: Key, name: &str) -> Option<usize> {
        let parts =
            std::iter::once(class).chain(self.partners.get(&class).into_iter().flatten().copied());
        parts.into_iter().find_map(|(file, id)| {
            let fields = &self.file(file).ir.class(id).fields;
            if fields.is_empty() {
                return None;
            }
            fields.iter().position(|(field, _)| field == name)
        })
    }

    /// The class named `class` that has an attribute, field or method `member` (this file's
    /// first), else the first of that name.
    pub(crate) fn class_with(&self, class: &str, file: u32, member: &str) -> Option<Key> {
        let candidates = self.classes_by_name.get(class)?;
        let mut ordered: Vec<Key> = candidates
            .iter()
            .filter(|(f, _)| *f == file)
            .copied()
            .collect();
        ordered.extend(candidates.iter().filter(|(f, _)| *f != file));
        ordered
            .iter()
            .copied()
            .find(|key| {
                self.ancestry(*key).into_iter().any(|(f, id)| {
                    let class = self.file(f).ir.class(id);
                    class.attributes.iter().any(|a| a.name == member)
                        || class.fields.iter().any(|(name, _)| name == member)
                        || class
                            .methods
                            .iter()
                            .any(|&m| self.file(f).ir.function(m).name.as_deref() == Some(member))
                })
            })
            .or_else(|| ordered.first().copied())
    }

    /// A class by name, this file's first.
    pub(crate) fn class_named(&self, name: &str, file: u32) -> Option<Key> {
        let candidates = self.classes_by_name.get(name)?;
        candidates
            .iter()
            .find(|(f, _)| *f == file)
            .or_else(|| candidates.first())
            .copied()
    }

    /// A method of the class named `class` (of this file first, then of any that has it:
    /// two packages may each have a `Client`).
    pub(crate) fn method_of_named(&self, class: &str, file: u32, name: &str) -> Option<(Key, Key)> {
        let candidates = self.classes_by_name.get(class)?;
        let mut ordered: Vec<Key> = candidates
            .iter()
            .filter(|(f, _)| *f == file)
            .copied()
            .collect();
        ordered.extend(candidates.iter().filter(|(f, _)| *f != file));
        let (class, method) = ordered
            .into_iter()
            .find_map(|key| self.method(key, name).map(|method| (key, method)))?;
        // An interface's or abstract class's method: the implementation a class of the
        // project gives (`SupportApi $api` is an `IntercomClient`).
        if self.file(method.0).ir.function(method.1).body.is_empty() {
            let implementation = self.family(class).into_iter().skip(1).find_map(|sub| {
                let found = self.method(sub, name)?;
                (!self.file(found.0).ir.function(found.1).body.is_empty()).then_some((sub, found))
            });
            if implementation.is_some() {
                return implementation;
            }
        }
        Some((class, method))
    }

    /// A method of a class or its bases.
    pub(crate) fn method(&self, class: Key, name: &str) -> Option<Key> {
        for (file, id) in self.ancestry(class) {
            let class = self.file(file).ir.class(id);
            for &method in &class.methods {
                if self.file(file).ir.function(method).name.as_deref() == Some(name) {
                    return Some((file, method));
                }
            }
        }
        None
    }

    /// Evaluates `class`'s attribute (or zero-argument method) `name` as seen from an
    /// object of class `this`.
    pub(crate) fn attribute(&self, summaries: &Summaries, this: Key, name: &str) -> Option<Value> {
        let mut frame = Frame::new(self, summaries, this.0, 0, Some(this));
        frame.concrete_class = true;
        frame.self_attribute(name)
    }
}

/// Every call that runs a constructor, by the name of the class whose constructor it runs.
pub(super) fn constructions(
    files: &[ProjectFile],
    classes: &BTreeMap<String, Vec<Key>>,
) -> BTreeMap<String, Vec<(Key, ExprId, bool)>> {
    let mut found: BTreeMap<String, Vec<(Key, ExprId, bool)>> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        // Which function each call is in: the functions' bodies hold their statements' roots,
        // so walk each function's statements down to its calls.
        for (function_id, function) in file.ir.functions.iter().enumerate() {
            let function_id = u32::try_from(function_id).unwrap_or(u32::MAX);
            let own_class = function.class.map(|class| file.ir.class(class));
            let mut stack: Vec<ExprId> = function
                .body
                .iter()
                .map(|statement| match statement {
                    Stmt::Assign { value, .. } => *value,
                    Stmt::Eval(expr) | Stmt::Return(expr) => *expr,
                })
                .collect();
            while let Some(id) = stack.pop() {
                let expr = file.ir.expr(id);
                if let Expr::Call {
                    callee, construct, ..
                } = expr
                {
                    let target = match file.ir.expr(*callee) {
                        Expr::Name { name, .. } if name == "super" => own_class
                            .and_then(|class| class.bases.first())
                            .map(|base| (base.clone(), true)),
                        Expr::Name { name, .. }
                            if name == "this" && is_constructor(file, function_id) =>
                        {
                            own_class.map(|class| (class.name.clone(), false))
                        }
                        Expr::Member { object, name, .. }
                            if matches!(name.as_str(), "__init__" | "__construct") =>
                        {
                            // `super().__init__(...)`, `parent::__construct(...)`.
                            let is_super = match file.ir.expr(*object) {
                                Expr::Call { callee, .. } => matches!(
                                    file.ir.expr(*callee),
                                    Expr::Name { name, .. } if name == "super"
                                ),
                                Expr::Name { name, .. } => name == "parent",
                                _ => false,
                            };
                            is_super
                                .then(|| own_class.and_then(|class| class.bases.first()))
                                .flatten()
                                .map(|base| (base.clone(), true))
                        }
                        Expr::Member { object, name, .. } if name == "new" => {
                            match file.ir.expr(*object) {
                                Expr::Name { name, .. } if classes.contains_key(name) => {
                                    Some((name.clone(), false))
                                }
                                _ => None,
                            }
                        }
                        Expr::Name { name, .. }
                            if classes.contains_key(name)
                                && (*construct || name.starts_with(char::is_uppercase)) =>
                        {
                            Some((name.clone(), false))
                        }
                        _ => None,
                    };
                    if let Some((class, is_super)) = target {
                        found
                            .entry(class)
                            .or_default()
                            .push(((index, function_id), id, is_super));
                    }
                }
                stack.extend(expr_children(&file.ir, id));
            }
        }
    }
    found
}

/// The expressions directly inside one.
pub(super) fn expr_children(ir: &FileIr, id: ExprId) -> Vec<ExprId> {
    match ir.expr(id) {
        Expr::Str { parts, .. } => parts
            .iter()
            .filter_map(|part| match part {
                crate::inputs::scan::ir::Part::Hole(id) => Some(*id),
                crate::inputs::scan::ir::Part::Text(_) => None,
            })
            .collect(),
        Expr::Atom { .. } | Expr::Name { .. } | Expr::Function(_) => Vec::new(),
        Expr::Concat(items) | Expr::Either(items) | Expr::Other(items) => items.clone(),
        Expr::Fallback(first, second) => vec![*first, *second],
        Expr::Array { items } => items.clone(),
        Expr::Format {
            template,
            args,
            named,
            ..
        } => std::iter::once(*template)
            .chain(args.iter().copied())
            .chain(named.iter().map(|(_, id)| *id))
            .collect(),
        Expr::Join { parts } => parts.clone(),
        Expr::Member { object, .. } | Expr::Element(object) => vec![*object],
        Expr::DynamicMember { object, name } => vec![*object, *name],
        Expr::Index { object, index } => vec![*object, *index],
        Expr::Call { callee, args, .. } => std::iter::once(*callee)
            .chain(args.iter().map(|arg| arg.value))
            .collect(),
        Expr::Object { entries, .. } => entries.iter().map(|(_, id)| *id).collect(),
    }
}
