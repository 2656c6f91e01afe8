//! Names given part of a client's chain (`sheet = service.spreadsheets()`, then
//! `sheet.values().get(...)`): which names a file gives which chains, where code can see them,
//! and a callee with its first name replaced by the chain.

use std::collections::{BTreeMap, BTreeSet};

use crate::inputs::scan::flow::ProjectFile;
use crate::inputs::scan::ir::{Expr, FunctionId, Stmt, Target};

/// The names a file gives values to, by the function they are written in: the member chain
/// each was given where it was one (`sheet = service.spreadsheets()`, Java's `Values values =
/// service.spreadsheets().values()`, `const messages = gmail.users.messages`, `msgs :=
/// srv.Users.Messages`), `None` for any other value and for a parameter, which hide a chain
/// of the same name further out.
#[derive(Default)]
pub(super) struct ChainAliases {
    values: BTreeMap<(FunctionId, String), Vec<Option<String>>>,
    /// The names given a chain somewhere: any other callee is not looked at.
    chained: BTreeSet<String>,
}

/// How many chains one callee may expand to: names given many chains, each from names given
/// many more, would otherwise multiply.
const MAX_EXPANSIONS: usize = 64;

pub(super) fn chain_aliases(file: &ProjectFile) -> ChainAliases {
    let mut aliases = ChainAliases::default();
    for (function, body) in file.ir.functions.iter().enumerate() {
        let function_id = FunctionId::try_from(function).unwrap_or(FunctionId::MAX);
        for param in &body.params {
            aliases
                .values
                .entry((function_id, param.name.clone()))
                .or_default()
                .push(None);
        }
        for statement in &body.body {
            let Stmt::Assign {
                target: Target::Name(name),
                value,
                ..
            } = statement
            else {
                continue;
            };
            let span = match file.ir.expr(*value) {
                Expr::Member { span, .. } => Some(*span),
                Expr::Call { callee, span, .. }
                    if matches!(file.ir.expr(*callee), Expr::Member { .. }) =>
                {
                    Some(*span)
                }
                _ => None,
            };
            let chain = span
                .and_then(|span| file.source.text.get(span.start as usize..span.end as usize))
                .map(|raw| {
                    raw.chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                });
            if chain.is_some() {
                aliases.chained.insert(name.clone());
            }
            let values = aliases
                .values
                .entry((function_id, name.clone()))
                .or_default();
            if !values.contains(&chain) {
                values.push(chain);
            }
        }
    }
    aliases
}

impl ChainAliases {
    /// `chain`, written at byte `at`, with its first name replaced by a chain that name was
    /// given where the call can see it (its function, the functions around it, the top level),
    /// again for up to three names (`users = service.users()`, `messages = users.messages()`),
    /// where `fits` finds in the result a call we know: the first such chain, with what `fits`
    /// found.
    pub(super) fn expand<T>(
        &self,
        file: &ProjectFile,
        chain: &str,
        at: u32,
        fits: impl Fn(&str) -> Option<T>,
    ) -> Option<(String, T)> {
        if !self.chained.contains(root_of(chain)) {
            return None;
        }
        let scopes = scopes_at(file, at);
        let mut chains = vec![chain.to_string()];
        let mut tried = 0;
        for _ in 0..3 {
            let mut next = Vec::new();
            for chain in &chains {
                let root = root_of(chain);
                let rest = &chain[root.len()..];
                if !rest.starts_with('.') {
                    continue;
                }
                // The innermost scope that gives the name a value decides what it is.
                let Some(values) = scopes
                    .iter()
                    .find_map(|&scope| self.values.get(&(scope, root.to_string())))
                else {
                    continue;
                };
                for value in values.iter().flatten() {
                    // `x = x.users()` names nothing new.
                    if root_of(value) == root {
                        continue;
                    }
                    tried += 1;
                    if tried > MAX_EXPANSIONS {
                        return None;
                    }
                    let expanded = format!("{value}{rest}");
                    if let Some(found) = fits(&expanded) {
                        return Some((expanded, found));
                    }
                    next.push(expanded);
                }
            }
            chains = next;
        }
        None
    }
}

/// The functions whose names code at byte `at` sees: the innermost function around it, those
/// around that one, and the top level.
fn scopes_at(file: &ProjectFile, at: u32) -> Vec<FunctionId> {
    let functions = &file.ir.functions;
    let innermost = functions
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, f)| f.span.start <= at && at < f.span.end)
        .min_by_key(|(_, f)| f.span.end - f.span.start)
        .map(|(index, _)| FunctionId::try_from(index).unwrap_or(FunctionId::MAX));
    let mut scopes = Vec::new();
    let mut next = innermost;
    while let Some(function) = next {
        if scopes.contains(&function) || function == 0 {
            break;
        }
        scopes.push(function);
        next = functions.get(function as usize).and_then(|f| f.parent);
    }
    scopes.push(0);
    scopes
}

/// The name a chain starts from (`sheet` of `sheet.values().get`).
pub(super) fn root_of(chain: &str) -> &str {
    chain
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .map_or(chain, |end| &chain[..end])
}
