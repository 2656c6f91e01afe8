//! The least-privileged scope set: the cheapest set of scopes that meets every requirement,
//! found exactly (branch and bound), not greedily.
//!
//! A requirement is a clause: a set of scopes any one of which meets it. Cheaper means a
//! lighter app review first, where the provider classes its scopes (fewer restricted, then
//! fewer sensitive or unclassified scopes), then less privilege (fewer export, then delete, then
//! write, then list-read, then single-record scopes), then fewer scopes, then scopes that grant
//! fewer operations in the catalog.

use std::collections::BTreeSet;

use crate::inputs::catalog::{Access, ScopeClass};

/// What a scope costs in review, where the catalog classes its scopes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Review {
    /// A non-sensitive scope, or any scope of a catalog without classes (Intercom's).
    #[default]
    None,
    Sensitive,
    /// In a catalog with classes, a scope whose class nobody has found. It costs as a sensitive
    /// one; reports say its review is unknown.
    Unclassified,
    Restricted,
}

impl Review {
    /// The review this one costs as: a scope whose class nobody found weighs as a sensitive
    /// one (ranking it heavier made narrow unclassified scopes, Calendar's granular ones, lose
    /// to broad sensitive ones).
    pub fn weighed_as(self) -> Review {
        match self {
            Review::Unclassified => Review::Sensitive,
            review => review,
        }
    }

    /// The review a scope costs; `classed` says whether its catalog classes scopes at all.
    pub fn of(class: Option<ScopeClass>, classed: bool) -> Review {
        match class {
            Some(ScopeClass::Restricted) => Review::Restricted,
            Some(ScopeClass::Sensitive) => Review::Sensitive,
            Some(ScopeClass::NonSensitive) => Review::None,
            None if classed => Review::Unclassified,
            None => Review::None,
        }
    }
}

/// What one scope costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeCost {
    pub review: Review,
    pub access: Access,
    /// How many operations and topics the scope grants in the catalog: the narrower, the cheaper.
    pub breadth: u32,
}

/// The cost of a set of scopes, compared field by field in declaration order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cost {
    pub restricted: u32,
    pub sensitive: u32,
    pub export: u32,
    pub delete: u32,
    pub write: u32,
    pub read: u32,
    pub read_one: u32,
    pub scopes: u32,
    pub breadth: u32,
}

impl Cost {
    pub fn of(costs: &[ScopeCost], set: &BTreeSet<usize>) -> Cost {
        set.iter()
            .fold(Cost::default(), |total, &scope| total.plus(costs[scope]))
    }

    fn plus(mut self, scope: ScopeCost) -> Cost {
        // An unclassified scope counts as a sensitive one (`Review::weighed_as`).
        match scope.review {
            Review::Restricted => self.restricted += 1,
            Review::Sensitive | Review::Unclassified => self.sensitive += 1,
            Review::None => {}
        }
        match scope.access {
            Access::Export => self.export += 1,
            Access::Delete => self.delete += 1,
            Access::Write => self.write += 1,
            Access::Read => self.read += 1,
            Access::ReadOne => self.read_one += 1,
        }
        self.scopes += 1;
        self.breadth += scope.breadth;
        self
    }
}

/// The cheapest set of scope indices that hits every clause, or `None` if some clause is
/// empty. Ties are broken by the lowest indices, so the answer is deterministic.
pub fn least_privileged(
    costs: &[ScopeCost],
    clauses: &[BTreeSet<usize>],
) -> Option<BTreeSet<usize>> {
    if clauses.iter().any(BTreeSet::is_empty) {
        return None;
    }
    let clauses = minimal_clauses(clauses);
    let mut search = Search {
        costs,
        clauses: &clauses,
        best: None,
    };
    search.explore(&mut BTreeSet::new(), Cost::default());
    Some(search.best.map(|(_, set)| set).unwrap_or_default())
}

/// Drops duplicate clauses and every clause that contains another: hitting the smaller one
/// hits it too. Smallest first, so the search branches on the tightest clauses.
fn minimal_clauses(clauses: &[BTreeSet<usize>]) -> Vec<BTreeSet<usize>> {
    let mut unique: Vec<&BTreeSet<usize>> = clauses
        .iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    unique.sort_by_key(|clause| clause.len());
    let mut kept: Vec<BTreeSet<usize>> = Vec::new();
    for clause in unique {
        if !kept.iter().any(|smaller| smaller.is_subset(clause)) {
            kept.push(clause.clone());
        }
    }
    kept
}

struct Search<'a> {
    costs: &'a [ScopeCost],
    clauses: &'a [BTreeSet<usize>],
    best: Option<(Cost, BTreeSet<usize>)>,
}

impl Search<'_> {
    fn explore(&mut self, chosen: &mut BTreeSet<usize>, cost: Cost) {
        if let Some((best, best_set)) = &self.best
            && (cost, &*chosen) >= (*best, best_set)
        {
            return;
        }
        // Branch on the open clause with the fewest options.
        let open = self
            .clauses
            .iter()
            .filter(|clause| clause.is_disjoint(chosen))
            .min_by_key(|clause| clause.len());
        let Some(open) = open else {
            self.best = Some((cost, chosen.clone()));
            return;
        };
        let mut options: Vec<usize> = open.iter().copied().collect();
        options.sort_by_key(|&scope| (Cost::default().plus(self.costs[scope]), scope));
        for scope in options {
            chosen.insert(scope);
            self.explore(chosen, cost.plus(self.costs[scope]));
            chosen.remove(&scope);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn access() -> impl Strategy<Value = Access> {
        prop_oneof![
            Just(Access::ReadOne),
            Just(Access::Read),
            Just(Access::Write),
            Just(Access::Delete),
            Just(Access::Export),
        ]
    }

    fn problem() -> impl Strategy<Value = (Vec<ScopeCost>, Vec<BTreeSet<usize>>)> {
        prop::collection::vec((access(), 0u32..6), 1..10).prop_flat_map(|scopes| {
            let n = scopes.len();
            let costs: Vec<ScopeCost> = scopes
                .into_iter()
                .map(|(access, breadth)| ScopeCost {
                    review: Review::None,
                    access,
                    breadth,
                })
                .collect();
            let clause = prop::collection::btree_set(0..n, 1..=n.min(4));
            (Just(costs), prop::collection::vec(clause, 0..12))
        })
    }

    fn covers(set: &BTreeSet<usize>, clauses: &[BTreeSet<usize>]) -> bool {
        clauses.iter().all(|clause| !clause.is_disjoint(set))
    }

    proptest! {
        #[test]
        fn no_cheaper_covering_set_exists((costs, clauses) in problem()) {
            let answer = least_privileged(&costs, &clauses).unwrap();
            prop_assert!(covers(&answer, &clauses));
            let cost = Cost::of(&costs, &answer);
            for mask in 0u32..(1 << costs.len()) {
                let set: BTreeSet<usize> = (0..costs.len()).filter(|i| mask & (1 << i) != 0).collect();
                if covers(&set, &clauses) {
                    prop_assert!(Cost::of(&costs, &set) >= cost, "{set:?} is cheaper than {answer:?}");
                }
            }
        }

        #[test]
        fn removing_any_scope_uncovers_something((costs, clauses) in problem()) {
            let answer = least_privileged(&costs, &clauses).unwrap();
            for scope in &answer {
                let mut smaller = answer.clone();
                smaller.remove(scope);
                prop_assert!(!covers(&smaller, &clauses), "{scope} is not needed in {answer:?}");
            }
        }

        #[test]
        fn clause_order_does_not_change_the_answer((costs, mut clauses) in problem()) {
            let answer = least_privileged(&costs, &clauses);
            clauses.reverse();
            prop_assert_eq!(answer, least_privileged(&costs, &clauses));
        }
    }

    #[test]
    fn read_one_beats_list_and_one_write_beats_two() {
        let costs = [
            ScopeCost {
                review: Review::None,
                access: Access::ReadOne,
                breadth: 9,
            },
            ScopeCost {
                review: Review::None,
                access: Access::Read,
                breadth: 1,
            },
            ScopeCost {
                review: Review::None,
                access: Access::Write,
                breadth: 1,
            },
        ];
        let clauses = [BTreeSet::from([0, 1])];
        assert_eq!(
            least_privileged(&costs, &clauses),
            Some(BTreeSet::from([0]))
        );
        // Two reads are less privilege than one write.
        let clauses = [BTreeSet::from([0, 2]), BTreeSet::from([1, 2])];
        assert_eq!(
            least_privileged(&costs, &clauses),
            Some(BTreeSet::from([0, 1]))
        );
        assert_eq!(least_privileged(&costs, &[BTreeSet::new()]), None);
    }

    #[test]
    fn a_lighter_review_beats_less_access() {
        let scope = |review, access| ScopeCost {
            review,
            access,
            breadth: 1,
        };
        // Google's `https://mail.google.com/` (restricted) against `gmail.send` (sensitive).
        let costs = [
            scope(Review::Restricted, Access::Read),
            scope(Review::Sensitive, Access::Write),
            scope(Review::Unclassified, Access::ReadOne),
        ];
        let clauses = [BTreeSet::from([0, 1])];
        assert_eq!(
            least_privileged(&costs, &clauses),
            Some(BTreeSet::from([1]))
        );
        // A scope whose class nobody knows weighs as a sensitive one: then less access wins.
        let clauses = [BTreeSet::from([1, 2])];
        assert_eq!(
            least_privileged(&costs, &clauses),
            Some(BTreeSet::from([2]))
        );
        let clauses = [BTreeSet::from([0, 2])];
        assert_eq!(
            least_privileged(&costs, &clauses),
            Some(BTreeSet::from([2]))
        );
        assert_eq!(Review::of(None, false), Review::None);
        assert_eq!(Review::of(None, true), Review::Unclassified);
    }
}
