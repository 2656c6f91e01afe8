//! The part of a source file that decides which requests it makes, in one form for every
//! language: strings and how they are joined, names and members, calls with their arguments,
//! object literals, assignments, functions with their parameters, classes with their
//! attributes and bases. Each grammar's syntax tree is lowered into this (`syntax/`), and one
//! evaluator reads it (`flow`), so a pattern is taught once, not seven times.

/// A byte range in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        // Files over 4 GB are never read (the walk caps sizes far below), so offsets fit.
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }
}

pub(crate) type ExprId = u32;
pub(crate) type FunctionId = u32;
pub(crate) type ClassId = u32;

/// A piece of a string literal: text, or an interpolated expression.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String),
    Hole(ExprId),
}

/// How a format string names its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatStyle {
    /// `%s`, `%d`, `%v`, `%(name)s`: C's printf, Python's `%`, Go's `Sprintf`, Java's
    /// `String.format`, PHP's `sprintf`, Ruby's `%`/`format`.
    Printf,
    /// `{}`, `{0}`, `{name}`: Python's `str.format`.
    Brace,
}

#[derive(Debug, Clone)]
pub(crate) struct Arg {
    /// A keyword argument's name (`method=`, `url:`).
    pub(crate) name: Option<String>,
    pub(crate) value: ExprId,
    /// `...args`, `*args`, `**kwargs`.
    pub(crate) spread: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// A string literal, template literal, f-string or interpolated string.
    Str {
        parts: Vec<Part>,
        span: Span,
    },
    /// A literal that is not a string: a number, `true`, `nil`, a symbol; its text, for a
    /// method given as a symbol (`:post`).
    Atom {
        text: String,
    },
    /// `a + b`, `a . b`, `a .. b`, `a << b` on strings.
    Concat(Vec<ExprId>),
    Format {
        style: FormatStyle,
        template: ExprId,
        args: Vec<ExprId>,
        named: Vec<(String, ExprId)>,
    },
    /// `urljoin(base, path)`, `path.join(a, b)`, `new URL(path, base)` (parts in path order).
    Join {
        parts: Vec<ExprId>,
    },
    Name {
        name: String,
        span: Span,
    },
    Member {
        object: ExprId,
        name: String,
        span: Span,
    },
    /// `$obj->$name(...)`: a member whose name is a value.
    DynamicMember {
        object: ExprId,
        name: ExprId,
    },
    Index {
        object: ExprId,
        index: ExprId,
    },
    Call {
        callee: ExprId,
        args: Vec<Arg>,
        /// `new X(...)`, `X.new(...)`, `&X{...}`.
        construct: bool,
        /// A block or function literal follows (`get '/x' do ... end`, `app.get(p, handler)`).
        block: Option<FunctionId>,
        span: Span,
    },
    /// An object, dict, hash, map or struct literal; `class` is a Go struct literal's type.
    Object {
        entries: Vec<(String, ExprId)>,
        class: Option<String>,
    },
    Array {
        items: Vec<ExprId>,
    },
    Function(FunctionId),
    /// One of several values: `a ? b : c`.
    Either(Vec<ExprId>),
    /// The first value, or the second where the first is missing: `a || b`, `a ?? b`,
    /// `a or b`, `a ||= b`.
    Fallback(ExprId, ExprId),
    /// An element of a collection: what a loop over it binds (`for x in items`).
    Element(ExprId),
    /// Anything else; its parts are still read, for the calls inside.
    Other(Vec<ExprId>),
}

#[derive(Debug, Clone)]
pub(crate) enum Target {
    Name(String),
    Member {
        object: ExprId,
        name: String,
    },
    /// `const { path, method } = options`: (key, local name).
    Pattern(Vec<(String, String)>),
    /// `for (name, path) in table`, `const [a, b] = pair`: names by position.
    Tuple(Vec<String>),
    /// Something we do not follow (`a[i] = x`).
    Other,
}

#[derive(Debug, Clone)]
pub(crate) enum Stmt {
    Assign {
        target: Target,
        value: ExprId,
        /// Inside an `if`, a loop or a `case`: it adds a possible value, not the only one.
        conditional: bool,
    },
    Eval(ExprId),
    Return(ExprId),
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) default: Option<ExprId>,
    /// A destructured parameter's keys (`function f({ path, method })`).
    pub(crate) fields: Vec<String>,
    /// `*args`, `...rest`, `**kwargs`.
    pub(crate) rest: bool,
    /// The declared type's name (`client: Client`, `HelpdeskClient client`, `c *Client`).
    pub(crate) type_name: Option<String>,
}

/// An annotation or decorator that declares a request (`@GetMapping("/admins")` on a Feign
/// interface, `@POST("/events")` in Retrofit): its name and arguments.
#[derive(Debug, Clone)]
pub(crate) struct Annotation {
    pub(crate) name: String,
    pub(crate) args: Vec<Arg>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Function {
    pub(crate) name: Option<String>,
    pub(crate) class: Option<ClassId>,
    /// The function this one is written in (a closure sees its names).
    pub(crate) parent: Option<FunctionId>,
    /// The receiver's name where a language names it (`self`, Go's `c` in `func (c *Client)`).
    pub(crate) receiver: Option<String>,
    pub(crate) params: Vec<Param>,
    pub(crate) body: Vec<Stmt>,
    pub(crate) annotations: Vec<Annotation>,
    pub(crate) span: Span,
}

/// An attribute given a value: in the class body, a method (`self.base = ...`) or a literal of
/// the type; `function` is where the value is written, for reading the names it uses.
#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub(crate) name: String,
    pub(crate) value: ExprId,
    pub(crate) function: FunctionId,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Class {
    pub(crate) name: String,
    pub(crate) bases: Vec<String>,
    /// Attributes with a value in the class body, a constructor or a literal of the type.
    pub(crate) attributes: Vec<Attribute>,
    /// Declared fields with their type's name (`private HelpdeskClient client;`,
    /// `client *Client`), in order (a Go literal may give them by position).
    pub(crate) fields: Vec<(String, Option<String>)>,
    pub(crate) methods: Vec<FunctionId>,
    pub(crate) annotations: Vec<Annotation>,
    pub(crate) span: Span,
}

/// One file, lowered.
#[derive(Debug, Default)]
pub(crate) struct FileIr {
    pub(crate) exprs: Vec<Expr>,
    /// `functions[0]` is the module's top level.
    pub(crate) functions: Vec<Function>,
    pub(crate) classes: Vec<Class>,
    /// Set when the tree was too deep to lower whole: what was beyond the limit was skipped.
    pub(crate) truncated: bool,
}

impl FileIr {
    pub(crate) fn new() -> FileIr {
        FileIr {
            exprs: Vec::new(),
            functions: vec![Function::default()],
            classes: Vec::new(),
            truncated: false,
        }
    }

    pub(crate) fn add(&mut self, expr: Expr) -> ExprId {
        self.exprs.push(expr);
        ExprId::try_from(self.exprs.len() - 1).unwrap_or(ExprId::MAX)
    }

    pub(crate) fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id as usize]
    }

    pub(crate) fn function(&self, id: FunctionId) -> &Function {
        &self.functions[id as usize]
    }

    pub(crate) fn class(&self, id: ClassId) -> &Class {
        &self.classes[id as usize]
    }

    pub(crate) fn new_function(&mut self, function: Function) -> FunctionId {
        self.functions.push(function);
        FunctionId::try_from(self.functions.len() - 1).unwrap_or(FunctionId::MAX)
    }

    pub(crate) fn new_class(&mut self, class: Class) -> ClassId {
        self.classes.push(class);
        ClassId::try_from(self.classes.len() - 1).unwrap_or(ClassId::MAX)
    }

    /// The text of a string literal without interpolations, if it is one.
    pub(crate) fn literal(&self, id: ExprId) -> Option<&str> {
        match self.expr(id) {
            Expr::Str { parts, .. } => match parts.as_slice() {
                [] => Some(""),
                [Part::Text(text)] => Some(text),
                _ => None,
            },
            _ => None,
        }
    }
}
