//! Source files parsed with tree-sitter and lowered into the scanner's one form of code
//! (`ir`). One module per grammar family says what its nodes mean; this one holds what they
//! share: the parse, the walk over nested blocks, and the limits that keep a hostile file from
//! costing more than its size.

mod go;
mod java;
mod javascript;
mod php;
mod python;
mod ruby;

use tree_sitter::{Node, Parser, Tree};

use super::ir::{
    Attribute, Class, ClassId, Expr, ExprId, FileIr, Function, FunctionId, Param, Part, Span, Stmt,
    Target,
};

/// The languages the scanner parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Language {
    JavaScript,
    TypeScript,
    Tsx,
    Python,
    Go,
    Ruby,
    Php,
    Java,
}

impl Language {
    /// The language of a file by its name, if the scanner parses it.
    pub(crate) fn of_path(path: &str) -> Option<Language> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match extension.as_str() {
            "js" | "jsx" | "mjs" | "cjs" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "py" | "pyi" => Language::Python,
            "go" => Language::Go,
            "rb" | "rake" => Language::Ruby,
            "php" => Language::Php,
            "java" => Language::Java,
            _ => return None,
        })
    }

    /// Whether code in this language can call what code in `other` defines: JavaScript and
    /// the TypeScripts import one another; no other two do.
    pub(crate) fn shares_names_with(self, other: Language) -> bool {
        let script = |language| {
            matches!(
                language,
                Language::JavaScript | Language::TypeScript | Language::Tsx
            )
        };
        self == other || (script(self) && script(other))
    }

    /// The name the SDK data uses for the language.
    pub(crate) fn sdk_name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript | Language::Tsx => "typescript",
            Language::Python => "python",
            Language::Go => "go",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Java => "java",
        }
    }

    fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
        }
    }

    /// The node kinds that are string literals, for finding topic names.
    fn string_kinds(self) -> &'static [&'static str] {
        match self {
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                &["string", "template_string"]
            }
            Language::Python => &["string"],
            Language::Go => &["interpreted_string_literal", "raw_string_literal"],
            Language::Ruby => &["string", "simple_symbol"],
            Language::Php => &["string", "encapsed_string"],
            Language::Java => &["string_literal"],
        }
    }

    /// The node kinds that open a function or class, for telling which code a string is in.
    fn scope_kinds(self) -> &'static [&'static str] {
        match self {
            Language::JavaScript | Language::TypeScript | Language::Tsx => &[
                "function_declaration",
                "function_expression",
                "arrow_function",
                "method_definition",
                "class_declaration",
                "class",
            ],
            Language::Python => &["function_definition", "class_definition"],
            Language::Go => &["function_declaration", "method_declaration", "func_literal"],
            Language::Ruby => &["method", "singleton_method", "class", "module"],
            Language::Php => &[
                "function_definition",
                "method_declaration",
                "class_declaration",
                "anonymous_function",
            ],
            Language::Java => &[
                "method_declaration",
                "constructor_declaration",
                "class_declaration",
                "interface_declaration",
            ],
        }
    }
}

/// Deeper nesting than this is not lowered (and the file says so): a generated file of ten
/// thousand nested brackets must not exhaust the stack.
const MAX_DEPTH: usize = 160;

/// A parsed file.
pub(crate) struct Parsed {
    pub(crate) tree: Tree,
    pub(crate) language: Language,
}

thread_local! {
    /// One parser per thread, language and kind of text, reused for every file.
    static PARSERS: std::cell::RefCell<Vec<((Language, bool), Parser)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Parses `source`, a whole file or (`whole` false) a part of one read on its own, only its
/// `ranges` when there are any; `None` only if tree-sitter gives up (it does not on bad
/// syntax: it recovers, and the tree holds error nodes).
pub(crate) fn parse(
    language: Language,
    source: &[u8],
    whole: bool,
    ranges: &[tree_sitter::Range],
) -> Option<Parsed> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let key = (language, whole);
        let index = match parsers.iter().position(|(known, _)| *known == key) {
            Some(index) => index,
            None => {
                let mut parser = Parser::new();
                // A part of a PHP file starts inside `<?php`: read as PHP code, not as HTML.
                let grammar = match language {
                    Language::Php if !whole => tree_sitter_php::LANGUAGE_PHP_ONLY.into(),
                    _ => language.grammar(),
                };
                parser.set_language(&grammar).ok()?;
                parsers.push((key, parser));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[index].1;
        if parser.set_included_ranges(ranges).is_err() {
            parser.set_included_ranges(&[]).ok()?;
        }
        let tree = parser.parse(source, None)?;
        Some(Parsed { tree, language })
    })
}

/// The file lowered into the scanner's form.
pub(crate) fn lower(parsed: &Parsed, source: &[u8]) -> FileIr {
    let mut lowerer = Lowerer::new(source);
    let root = parsed.tree.root_node();
    match parsed.language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            javascript::program(&mut lowerer, root);
        }
        Language::Python => python::program(&mut lowerer, root),
        Language::Go => go::program(&mut lowerer, root),
        Language::Ruby => ruby::program(&mut lowerer, root),
        Language::Php => php::program(&mut lowerer, root),
        Language::Java => java::program(&mut lowerer, root),
    }
    lowerer.ir
}

/// A string literal in the file, with the function or class it is written in.
pub(crate) struct Literal {
    pub(crate) text: String,
    pub(crate) span: Span,
    /// The text of the innermost function or class around it (the whole file at top level).
    pub(crate) scope: Span,
}

/// Every string literal without interpolations, walked without recursion.
pub(crate) fn literals(parsed: &Parsed, source: &[u8]) -> Vec<Literal> {
    let kinds = parsed.language.string_kinds();
    let scopes = parsed.language.scope_kinds();
    let root = parsed.tree.root_node();
    let mut found = Vec::new();
    // At the top level a literal's scope is the whole text, wherever the root node starts.
    let mut stack = vec![(root, Span::new(0, source.len()))];
    while let Some((node, scope)) = stack.pop() {
        let scope = if scopes.contains(&node.kind()) {
            span(node)
        } else {
            scope
        };
        if kinds.contains(&node.kind()) {
            if let Some(text) = plain_string(node, source) {
                found.push(Literal {
                    text,
                    span: span(node),
                    scope,
                });
            }
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev().map(|child| (child, scope)));
    }
    found
}

/// A string literal's text when it has no interpolation.
fn plain_string(node: Node, source: &[u8]) -> Option<String> {
    let mut text = String::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "string_fragment"
            | "string_content"
            | "interpreted_string_literal_content"
            | "raw_string_literal_content" => text.push_str(node_text(child, source)),
            "escape_sequence" => text.push_str(&unescape(node_text(child, source))),
            "string_start" | "string_end" => {}
            _ => return None,
        }
    }
    if node.kind() == "simple_symbol" {
        return Some(node_text(node, source).trim_start_matches(':').to_string());
    }
    Some(text)
}

pub(super) fn span(node: Node) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

pub(super) fn node_text<'s>(node: Node, source: &'s [u8]) -> &'s str {
    std::str::from_utf8(&source[node.byte_range()]).unwrap_or("")
}

/// An escape sequence's character, for the common ones; others keep what follows the `\`.
pub(super) fn unescape(sequence: &str) -> String {
    match sequence {
        "\\n" => "\n".to_string(),
        "\\t" => "\t".to_string(),
        "\\r" => "\r".to_string(),
        "\\0" => "\0".to_string(),
        _ => sequence.strip_prefix('\\').unwrap_or(sequence).to_string(),
    }
}

/// What every grammar's lowering shares: the file's form under construction, where in it the
/// walk is, and the depth limit.
pub(super) struct Lowerer<'s> {
    pub(crate) source: &'s [u8],
    pub(crate) ir: FileIr,
    pub(crate) function: FunctionId,
    pub(crate) class: Option<ClassId>,
    /// How many conditional blocks (if, loop, case) the walk is inside.
    pub(crate) conditional: usize,
    /// Constructor parameters that are also fields, to assign when its body starts.
    pub(crate) promoted: Vec<String>,
    depth: usize,
}

impl<'s> Lowerer<'s> {
    fn new(source: &'s [u8]) -> Lowerer<'s> {
        Lowerer {
            source,
            ir: FileIr::new(),
            function: 0,
            class: None,
            conditional: 0,
            promoted: Vec::new(),
            depth: 0,
        }
    }

    pub(crate) fn text(&self, node: Node) -> &'s str {
        node_text(node, self.source)
    }

    pub(crate) fn add(&mut self, expr: Expr) -> ExprId {
        self.ir.add(expr)
    }

    pub(crate) fn unknown(&mut self) -> ExprId {
        self.ir.add(Expr::Other(Vec::new()))
    }

    /// Enters a nested node; false (and the file marked) when too deep to go on.
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.ir.truncated = true;
            return false;
        }
        self.depth += 1;
        true
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub(crate) fn push(&mut self, statement: Stmt) {
        let function = self.function as usize;
        self.ir.functions[function].body.push(statement);
    }

    pub(crate) fn eval(&mut self, expr: ExprId) {
        self.push(Stmt::Eval(expr));
    }

    /// Pushes an assignment and returns what it is worth as a value (`a = b = fetch(url)`,
    /// `fetch(url += "/x")`): the right side of a plain `=`; for `x op= y`, `x` read after it.
    /// `right` is the right side as lowered once: lowering it again for the value doubled the
    /// work at each assignment nested in another.
    pub(crate) fn assign_as_value(
        &mut self,
        target: Target,
        value: ExprId,
        right: ExprId,
        compound: bool,
        left: Span,
    ) -> ExprId {
        let name = match &target {
            Target::Name(name) if compound => Some(name.clone()),
            _ => None,
        };
        self.assign(target, value);
        match name {
            Some(name) => self.add(Expr::Name { name, span: left }),
            None => right,
        }
    }

    pub(crate) fn assign(&mut self, target: Target, value: ExprId) {
        // An attribute of the receiver set in a method is an attribute of its class.
        if let (Target::Member { object, name }, Some(class)) = (&target, self.class)
            && self.is_receiver(*object)
        {
            self.attribute(class, name.clone(), value);
        }
        let conditional = self.conditional > 0;
        self.push(Stmt::Assign {
            target,
            value,
            conditional,
        });
    }

    /// Whether an expression is the receiver (`this`, `self`, `$this`, `@`, Go's named one).
    pub(crate) fn is_receiver(&self, expr: ExprId) -> bool {
        let Expr::Name { name, .. } = self.ir.expr(expr) else {
            return false;
        };
        if matches!(name.as_str(), "this" | "self") {
            return true;
        }
        self.ir.function(self.function).receiver.as_deref() == Some(name)
    }

    /// A string literal's parts, from its children: fragments as text, `interpolation` and
    /// the like as holes lowered by `hole`.
    pub(crate) fn string(
        &mut self,
        node: Node,
        hole: &mut dyn FnMut(&mut Self, Node) -> Option<ExprId>,
    ) -> ExprId {
        let mut parts: Vec<Part> = Vec::new();
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        if children.is_empty() {
            // `"..."` whose grammar has no fragment nodes: the text between the quotes.
            let raw = self.text(node);
            let inner = raw
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .trim_matches(|c| c == '"' || c == '\'' || c == '`');
            parts.push(Part::Text(inner.to_string()));
        }
        for child in children {
            match child.kind() {
                "string_fragment"
                | "string_content"
                | "interpreted_string_literal_content"
                | "raw_string_literal_content"
                | "heredoc_content" => push_text(&mut parts, self.text(child)),
                "escape_sequence" => push_text(&mut parts, &unescape(self.text(child))),
                "string_start" | "string_end" | "heredoc_start" | "heredoc_end" => {}
                _ => {
                    if let Some(id) = hole(self, child) {
                        parts.push(Part::Hole(id));
                    }
                }
            }
        }
        self.add(Expr::Str {
            parts,
            span: span(node),
        })
    }

    /// Runs `body` inside a new function, and returns it.
    pub(crate) fn in_function(
        &mut self,
        mut function: Function,
        body: impl FnOnce(&mut Self),
    ) -> FunctionId {
        function.parent = Some(self.function);
        function.class = function.class.or(self.class);
        let id = self.ir.new_function(function);
        let (outer_function, outer_conditional) = (self.function, self.conditional);
        self.function = id;
        self.conditional = 0;
        body(self);
        self.function = outer_function;
        self.conditional = outer_conditional;
        id
    }

    /// Runs `body` inside a new class, and returns it.
    pub(crate) fn in_class(&mut self, class: Class, body: impl FnOnce(&mut Self)) -> ClassId {
        let id = self.ir.new_class(class);
        let outer = self.class;
        self.class = Some(id);
        body(self);
        self.class = outer;
        id
    }

    /// The class of this file named `name`, made if there is none (Go methods and struct
    /// literals name their type; they may come before its declaration).
    pub(crate) fn class_named(&mut self, name: &str) -> ClassId {
        if let Some(index) = self.ir.classes.iter().position(|class| class.name == name) {
            return ClassId::try_from(index).unwrap_or(ClassId::MAX);
        }
        self.ir.new_class(Class {
            name: name.to_string(),
            ..Class::default()
        })
    }

    /// Records that `class` has an attribute `name` set to `value` here.
    pub(crate) fn attribute(&mut self, class: ClassId, name: String, value: ExprId) {
        let function = self.function;
        self.ir.classes[class as usize].attributes.push(Attribute {
            name,
            value,
            function,
        });
    }

    /// An assignment target made of a lowered subscript: `options["url"] = x` sets an entry
    /// as `options.url = x` does.
    pub(crate) fn subscript_target(&mut self, expr: ExprId) -> Target {
        match self.ir.expr(expr) {
            Expr::Member { object, name, .. } => Target::Member {
                object: *object,
                name: name.clone(),
            },
            _ => Target::Other,
        }
    }

    /// Records a declared field of `class` and its type.
    pub(crate) fn field(&mut self, class: ClassId, name: String, type_name: Option<String>) {
        let fields = &mut self.ir.classes[class as usize].fields;
        if !fields.iter().any(|(known, _)| *known == name) {
            fields.push((name, type_name));
        }
    }

    pub(crate) fn add_method(&mut self, class: ClassId, function: FunctionId) {
        self.ir.classes[class as usize].methods.push(function);
    }

    /// Runs `body` as a conditional block.
    pub(crate) fn conditionally(&mut self, body: impl FnOnce(&mut Self)) {
        self.conditional += 1;
        body(self);
        self.conditional -= 1;
    }

    pub(crate) fn param(&self, name: &str) -> Param {
        Param {
            name: name.to_string(),
            ..Param::default()
        }
    }
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if let Some(Part::Text(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Text(text.to_string()));
    }
}

/// Named children of a node.
pub(super) fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Children of a node under a field name.
pub(super) fn field_children<'t>(node: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children_by_field_name(field, &mut cursor).collect()
}

/// A type's name as written, without pointers, generics, arrays, nullability or its package:
/// `*Client`, `Client<T>`, `?Client`, `helpdesk.Client`, `Client[]` are `Client`.
pub(super) fn type_name(text: &str) -> Option<String> {
    let text = text
        .trim()
        .trim_start_matches(':')
        .trim()
        .trim_start_matches(['*', '&', '?'])
        .trim();
    let text = text.split(['<', '[', '|', ' ']).next().unwrap_or(text);
    let name = text.rsplit(['.', '\\', ':']).next().unwrap_or(text).trim();
    (!name.is_empty() && name.chars().next().is_some_and(char::is_alphabetic))
        .then(|| name.to_string())
}
