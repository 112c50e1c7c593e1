//! The corporate plan's priorities, and what a register or return cites of them: the
//! golden thread from the plan to each risk and indicator.

use crate::schema::squash;
use std::collections::HashMap;

/// The corporate plan's priorities, in the plan's order.
#[derive(Debug, Clone, Default)]
pub struct PriorityPlan {
    /// Each priority as the plan writes it ("1. A thriving economy").
    names: Vec<String>,
    /// Each priority's position in `names`, by its squashed text.
    by_text: HashMap<String, usize>,
    /// Each priority's number in the plan, where it is written with one, and its name as
    /// compared.
    parts: Vec<(Option<u32>, String)>,
}

impl PriorityPlan {
    /// The plan of these priorities; one listed twice (by the schema and a Priorities
    /// sheet) is one.
    pub fn new(priorities: impl IntoIterator<Item = String>) -> PriorityPlan {
        let mut plan = PriorityPlan::default();
        for priority in priorities {
            let key = squash(&priority);
            if plan.by_text.contains_key(&key) {
                continue;
            }
            plan.by_text.insert(key, plan.names.len());
            plan.parts.push(priority_parts(&priority));
            plan.names.push(priority);
        }
        plan
    }

    /// Whether no plan was given.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The priorities as the plan writes them, in its order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The plan's priorities a citation names, by their positions in the plan, each
    /// once: none where it names none of them (or no plan was given). A citation may
    /// name a priority with or without its number or article ("P2 - Homes for all",
    /// "Homes for all (P2)", "Thriving economy" for "1. A thriving economy"), by its
    /// number alone ("Priority 1", "CP1"), after the plan's name ("Council Plan: Homes
    /// for all"), or cite several ("Clean and green; Homes for all", "P1 / P3", "Homes
    /// for all and Clean and green"), each of which must be in the plan; "All" cites
    /// every one.
    pub fn cited(&self, citation: &str) -> Vec<usize> {
        if let Some(&at) = self.by_text.get(&squash(citation)) {
            return vec![at];
        }
        if cites_every(citation) {
            return (0..self.names.len()).collect();
        }
        let one = |part: &str| {
            let (number, name) = priority_parts(part);
            self.parts.iter().position(|(planned_number, planned)| {
                if name.is_empty() {
                    number.is_some() && *planned_number == number
                } else {
                    *planned == name
                }
            })
        };
        // One priority, or several joined by "and" where each is one of the plan's.
        let several = |part: &str| match one(part) {
            Some(at) => Some(vec![at]),
            None => joined_by_and(part, &one),
        };
        let mut found = several(citation);
        for separators in [&[';', '\n', '|', '/', '&', '+'][..], &[','][..]] {
            if found.is_some() {
                break;
            }
            let parts: Vec<&str> = citation
                .split(separators)
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect();
            if parts.len() < 2 {
                continue;
            }
            found = parts
                .iter()
                .map(|part| several(part))
                .collect::<Option<Vec<Vec<usize>>>>()
                .map(|found| found.concat());
        }
        let mut found = found.unwrap_or_default();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// What a risk's or an indicator's citation (its cell, if any) names of the plan.
    pub fn citation(&self, citation: Option<&str>) -> Citation {
        let Some(citation) = citation
            .map(str::trim)
            .filter(|citation| !citation.is_empty() && !cites_none(citation))
        else {
            return Citation::None;
        };
        match self.cited(citation) {
            cited if cited.is_empty() => Citation::NotInPlan,
            cited => Citation::Priorities(cited),
        }
    }

    /// A citation in the plan's own words, for a column to filter and pivot by: the
    /// priorities it names as the plan writes them ("1. A thriving economy; 2. Homes for
    /// all"), or "Not in the plan". None where it cites none, or no plan was given.
    pub fn in_plan_words(&self, citation: Option<&str>) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        match self.citation(citation) {
            Citation::Priorities(cited) => Some(
                cited
                    .iter()
                    .map(|&at| self.names[at].as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Citation::NotInPlan => Some(NOT_IN_PLAN.to_string()),
            Citation::None => None,
        }
    }

    /// [`Self::in_plan_words`] for each distinct citation of many (a sheet's rows, where
    /// rows of one indicator cite alike), by the citation.
    pub fn words_by_citation<'a>(
        &self,
        citations: impl IntoIterator<Item = &'a str>,
    ) -> HashMap<&'a str, Option<String>> {
        let mut words = HashMap::new();
        if !self.is_empty() {
            for citation in citations {
                words
                    .entry(citation)
                    .or_insert_with(|| self.in_plan_words(Some(citation)));
            }
        }
        words
    }

    /// Whether a citation names priorities of the plan only, or none at all ("N/A",
    /// "None", "TBC"); always true when no plan was given.
    pub fn knows(&self, citation: &str) -> bool {
        self.is_empty() || self.citation(Some(citation)) != Citation::NotInPlan
    }
}

/// The priorities a citation names where it joins two or more by " and " ("Homes for
/// all and Clean and green"), each one of the plan's: an "and" inside a priority's own
/// name is not a join. None where no such reading names only the plan's.
fn joined_by_and(text: &str, one: &impl Fn(&str) -> Option<usize>) -> Option<Vec<usize>> {
    const AND: &str = " and ";
    // Each join is a choice; a citation of more than a few is not a list of priorities.
    let lower = text.to_ascii_lowercase();
    let joins: Vec<usize> = lower.match_indices(AND).map(|(at, _)| at).collect();
    if joins.is_empty() || joins.len() > 6 {
        return None;
    }
    joins.iter().find_map(|&at| {
        let head = one(text[..at].trim())?;
        let tail = text[at + AND.len()..].trim();
        let mut found = match one(tail) {
            Some(next) => vec![next],
            None => joined_by_and(tail, one)?,
        };
        found.insert(0, head);
        Some(found)
    })
}

/// What the plan-priority column says of a citation the plan does not hold.
const NOT_IN_PLAN: &str = "Not in the plan";

/// What a risk's or an indicator's citation names of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Citation {
    /// These priorities, by their positions in the plan.
    Priorities(Vec<usize>),
    /// Something the plan does not hold.
    NotInPlan,
    /// No priority: none given, or "N/A", "None", "TBC".
    None,
}

/// Whether a citation says the risk or indicator serves no priority, or none yet:
/// "N/A", "None", "-", "TBC".
fn cites_none(citation: &str) -> bool {
    crate::read::values::is_not_applicable(citation)
        || crate::read::values::is_to_be_confirmed(citation)
}

/// Whether a citation names every priority of the plan: "All", "All priorities",
/// "Cross-cutting", as a corporate register writes a risk to the whole plan.
fn cites_every(citation: &str) -> bool {
    matches!(
        squash(citation).as_str(),
        "all"
            | "allpriorities"
            | "allcorporatepriorities"
            | "allthemes"
            | "allobjectives"
            | "crosscutting"
            | "everypriority"
    )
}

/// A priority's number, where it is written with one ("1. A thriving economy", "P2 -
/// Homes for all", "Priority 1", "Homes for all (P2)"), and its name as compared: in
/// lower case, letters and figures alone, without a leading "A", "An" or "The".
fn priority_parts(text: &str) -> (Option<u32>, String) {
    let mut rest = without_plan_name(text.trim());
    let mut number = None;
    // A reference in brackets after the name: "(P2)".
    if let Some(inside) = rest.strip_suffix(')')
        && let Some(open) = inside.rfind('(')
        && let Some((n, "")) = leading_reference(&inside[open + 1..])
    {
        number = Some(n);
        rest = inside[..open].trim();
    }
    if let Some((n, name)) = leading_reference(rest) {
        number = number.or(Some(n));
        rest = name;
    }
    let lower = rest.to_lowercase();
    let name = ["a ", "an ", "the "]
        .iter()
        .find_map(|article| lower.strip_prefix(article))
        .unwrap_or(&lower);
    (number, squash(name))
}

/// A citation less the plan's name it begins with ("Council Plan: Homes for all",
/// "Corporate Plan - Priority 2").
fn without_plan_name(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    ["council plan", "corporate plan", "county plan"]
        .iter()
        .find(|plan| lower.starts_with(*plan))
        .map_or(text, |plan| {
            text[plan.len()..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '-' | '\u{2013}')
            })
        })
}

/// A reference a priority's text begins with ("1.", "2 -", "P1:", "Priority 1",
/// "Objective 2:"), as its number and the text after it.
fn leading_reference(text: &str) -> Option<(u32, &str)> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let word = [
        "priority",
        "objective",
        "theme",
        "ambition",
        "outcome",
        "cp",
        "p",
    ]
    .iter()
    .find(|word| lower.starts_with(*word))
    .map_or(0, |word| word.len());
    let rest = text[word..].trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with(['.', ':', '-', '\u{2013}', ')', ' '])) {
        return None;
    }
    let name = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | '-' | '\u{2013}' | ')')
    });
    Some((rest[..digits].parse().ok()?, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_names_the_plans_priorities_by_their_positions() {
        let plan = PriorityPlan::new(
            [
                "1. A thriving economy",
                "2. Homes for all",
                "3. Clean and green",
                "2. Homes for all",
            ]
            .map(String::from),
        );
        assert_eq!(plan.names().len(), 3);
        for (citation, cited) in [
            ("1. A thriving economy", vec![0]),
            ("Thriving economy", vec![0]),
            ("P2 - Homes for all", vec![1]),
            ("Homes for all (P2)", vec![1]),
            ("Priority 3", vec![2]),
            ("Clean and green; Homes for all", vec![1, 2]),
            ("Homes for all, Priority 1", vec![0, 1]),
            ("Homes for all; A greener country", vec![]),
            ("Priority 4", vec![]),
            ("Growing economy", vec![]),
            ("Homes for All / Clean and Green", vec![1, 2]),
            ("P1 / P3", vec![0, 2]),
            ("1 & 2", vec![0, 1]),
            ("CP2 Homes for all", vec![1]),
            ("Council Plan: Homes for all", vec![1]),
            ("Corporate Plan - Priority 3", vec![2]),
            ("All", vec![0, 1, 2]),
            ("Cross-cutting", vec![0, 1, 2]),
            ("Homes for all and Clean and green", vec![1, 2]),
            ("Clean and green and Homes for all", vec![1, 2]),
            (
                "Thriving economy, Homes for all and Clean and green",
                vec![0, 1, 2],
            ),
            ("Homes for all AND Priority 1", vec![0, 1]),
            ("Homes for all and green", vec![]),
            ("Homes and Clean and green", vec![]),
        ] {
            assert_eq!(plan.cited(citation), cited, "{citation}");
            assert_eq!(plan.knows(citation), !cited.is_empty(), "{citation}");
        }
        for none in ["N/A", "None", "-", "TBC", "To be confirmed", "Not known"] {
            assert!(cites_none(none), "{none}");
            assert!(plan.cited(none).is_empty(), "{none}");
            assert!(plan.knows(none), "{none}");
            assert_eq!(plan.citation(Some(none)), Citation::None, "{none}");
        }
        assert!(!cites_none("Homes for all"));
        assert_eq!(plan.citation(None), Citation::None);
        assert_eq!(plan.citation(Some("  ")), Citation::None);
        assert_eq!(plan.citation(Some("Priority 4")), Citation::NotInPlan);
        assert_eq!(
            plan.citation(Some("P1 / P3")),
            Citation::Priorities(vec![0, 2])
        );
        assert_eq!(
            plan.in_plan_words(Some("P1 / P3")).as_deref(),
            Some("1. A thriving economy; 3. Clean and green")
        );
        assert_eq!(
            plan.in_plan_words(Some("Homes for All")).as_deref(),
            Some("2. Homes for all")
        );
        assert_eq!(
            plan.in_plan_words(Some("Priority 4")).as_deref(),
            Some("Not in the plan")
        );
        assert_eq!(plan.in_plan_words(Some("N/A")), None);
        assert_eq!(plan.in_plan_words(None), None);
        assert_eq!(PriorityPlan::default().in_plan_words(Some("P1")), None);
        assert!(PriorityPlan::default().knows("Anything at all"));
        assert!(PriorityPlan::default().cited("Anything at all").is_empty());
    }
}
