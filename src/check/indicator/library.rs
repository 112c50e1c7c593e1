//! An indicator against the definitions library and the plan: its name, unit,
//! polarity and frequency as the library defines them, its owner in the officer
//! directory, and the priority it cites.
//!
//! Emits: cell.type, indicator.definition-mismatch, indicator.owner-unknown,
//! indicator.polarity-unknown.

use super::{At, Out, at, label};
use crate::check::CheckContext;
use crate::finding::Rule;
use crate::model::{Definition, Frequency, IndicatorValue, Polarity, PriorityPlan, Unit};
use crate::read::indicators::target_comparison;
use crate::schema::squash;
use std::collections::HashMap;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::CellType,
    Rule::IndicatorDefinitionMismatch,
    Rule::IndicatorOwnerUnknown,
    Rule::IndicatorPolarityUnknown,
];

/// The definitions library and the plan's priorities, gathered from every input.
#[derive(Debug, Clone, Default)]
pub struct Library {
    definitions: HashMap<String, Definition>,
    plan: PriorityPlan,
}

impl Library {
    /// A library of these definitions and priorities; the first definition of an ID wins.
    pub fn new(
        definitions: impl IntoIterator<Item = Definition>,
        priorities: impl IntoIterator<Item = String>,
    ) -> Library {
        let mut library = Library {
            plan: PriorityPlan::new(priorities),
            ..Library::default()
        };
        for definition in definitions {
            if let Some(id) = &definition.id {
                library.definitions.entry(squash(id)).or_insert(definition);
            }
        }
        library
    }

    /// The definition of an indicator ID.
    pub fn definition(&self, id: &str) -> Option<&Definition> {
        self.definitions.get(&squash(id))
    }

    /// Whether any definition was given (`indicator.definition-unknown` needs one).
    pub fn has_definitions(&self) -> bool {
        !self.definitions.is_empty()
    }

    /// The corporate plan's priorities.
    pub fn plan(&self) -> &PriorityPlan {
        &self.plan
    }

    /// Whether a cited priority is in the plan ([`PriorityPlan::knows`]).
    pub fn knows_priority(&self, priority: &str) -> bool {
        self.plan.knows(priority)
    }

    /// The plan's priorities, for messages.
    pub fn priority_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.plan.names().iter().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// `indicator.owner-unknown`: each owner a return names for an indicator that the
/// officer directory does not hold, once, at its first cell.
pub(super) fn owners_unknown(out: &mut Out, group: &[&IndicatorValue], ctx: &CheckContext) {
    let Some(directory) = ctx.owners else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    for value in group {
        let Some(owner) = value.owner.as_deref() else {
            continue;
        };
        if seen.contains(&owner) {
            continue;
        }
        seen.push(owner);
        let who = format!("The owner of {}", label(value));
        if let Some(message) = crate::check::risk::not_in_directory(directory, owner, &who) {
            out.add(
                Rule::IndicatorOwnerUnknown,
                at(value, "owner"),
                "owner",
                message,
            );
        }
    }
}

/// `indicator.polarity-unknown`, once per return at the first such indicator: with no
/// polarity from the library, a Polarity column or a target's comparison (">= 95%"), an
/// indicator's RAG cannot be worked out, so neither its reported RAG nor its missing
/// commentary can be checked; said, so that a clean run is not taken for a checked one.
pub(super) fn polarity_unknown(out: &mut Out, unjudged: &[&IndicatorValue], ctx: &CheckContext) {
    let Some(first) = unjudged.first() else {
        return;
    };
    let ids: Vec<String> = unjudged.iter().map(|v| v.label()).collect();
    let (which, them) = match ids.as_slice() {
        [one] => (one.clone(), "its"),
        [a, b, ..] if ids.len() > 4 => (
            format!(
                "{} indicators ({a}, {b} and {} more)",
                ids.len(),
                ids.len() - 2
            ),
            "their",
        ),
        _ => (crate::finding::in_words(&ids), "their"),
    };
    let library = if ctx.library.has_definitions() {
        "give it in the definitions library"
    } else {
        "check with --definitions and the council's library"
    };
    out.add(
        Rule::IndicatorPolarityUnknown,
        At::first(first),
        "polarity",
        format!(
            "No polarity for {which}: nothing says whether higher or lower is better, so {them} RAG is not worked out, a RAG reported is not checked, and red or amber without commentary is not found. Give each a polarity ('Higher is better', 'Lower is better') in a Polarity column, or {library}."
        ),
    );
}

/// The message for a golden-thread citation not in the plan.
pub fn unknown_priority(priority: &str, ctx: &CheckContext) -> String {
    format!(
        "The corporate priority '{priority}' is not in the plan's list ({}): cite one of the plan's priorities so the golden thread holds.",
        ctx.library.priority_names().join("; ")
    )
}

/// Reads a unit, polarity or frequency cell as the library's label for it.
type LabelOf = fn(&str) -> Option<&'static str>;

/// The fields a return and the library both describe an indicator by: each with its
/// reading as the library's label, and what it should say.
const DESCRIPTIONS: [(&str, LabelOf, &str); 3] = [
    (
        "unit",
        |t| Unit::from_text(t).map(Unit::label),
        Unit::EXPECTED,
    ),
    (
        "polarity",
        |t| Polarity::from_text(t).map(Polarity::label),
        Polarity::EXPECTED,
    ),
    (
        "frequency",
        |t| Frequency::from_text(t).map(Frequency::label),
        Frequency::EXPECTED,
    ),
];

/// A description field as the return wrote it.
pub(super) fn reported<'a>(value: &'a IndicatorValue, field: &str) -> Option<&'a str> {
    match field {
        "unit" => value.unit.as_deref(),
        "polarity" => value.polarity.as_deref(),
        _ => value.frequency.as_deref(),
    }
}

/// A description field as the library gives it, as its label.
fn in_library(definition: &Definition, field: &str) -> Option<&'static str> {
    match field {
        "unit" => definition.unit.map(Unit::label),
        "polarity" => definition.polarity.map(Polarity::label),
        _ => definition.frequency.map(Frequency::label),
    }
}

/// A return's unit, polarity or frequency that cannot be read ("Widgets", "Sideways"),
/// where the library does not give it: a `cell.type` error once per indicator, at its
/// first such cell. (Where the library gives it, `indicator.definition-mismatch` says
/// so.) Unread, it would leave the indicator judged without it.
pub(super) fn unreadable_descriptions(
    out: &mut Out,
    group: &[&IndicatorValue],
    definition: Option<&Definition>,
) {
    for (field, label_of, expected) in DESCRIPTIONS {
        if definition.is_some_and(|d| in_library(d, field).is_some()) {
            continue;
        }
        let unread = group.iter().find_map(|value| {
            let written = reported(value, field)?;
            label_of(written).is_none().then_some((*value, written))
        });
        if let Some((value, written)) = unread {
            out.add(
                Rule::CellType,
                at(value, field),
                field,
                format!(
                    "{}: '{written}' is not {expected}, so {} is judged without it",
                    crate::read::capitalise(field),
                    label(value)
                ),
            );
        }
    }
}

/// The words that make an indicator's name what it is, in order: lower case, less
/// what is in brackets (its unit: "(%)", "(days)"), less a leading "% of", "Number
/// of", "Percentage of" or "Proportion of" and a trailing "%", with hyphens and
/// punctuation gone ("re-let" is "relet"). So "Repairs completed on time (%)" and
/// "% of repairs completed on time" are one name, and "within 28 days" and "on time"
/// are not.
fn name_words(name: &str) -> Vec<String> {
    let mut bare = String::new();
    for c in crate::schema::split_brackets(name).0.chars() {
        match c {
            '-' | '\'' | '\u{2019}' => {}
            c if c.is_alphanumeric() => bare.extend(c.to_lowercase()),
            '%' => bare.push_str(" % "),
            _ => bare.push(' '),
        }
    }
    let mut words: Vec<String> = bare.split_whitespace().map(str::to_string).collect();
    const LEADS: [&[&str]; 6] = [
        &["%", "of"],
        &["percentage", "of"],
        &["proportion", "of"],
        &["number", "of"],
        &["no", "of"],
        &["%"],
    ];
    let leads_with = |lead: &[&str]| {
        words.len() > lead.len() && words.iter().zip(lead).all(|(word, lead)| word == lead)
    };
    if let Some(lead) = LEADS.iter().find(|lead| leads_with(lead)) {
        words.drain(..lead.len());
    }
    if words.last().is_some_and(|w| w == "%") {
        words.pop();
    }
    words
}

pub(super) fn definition_mismatches(
    out: &mut Out,
    group: &[&IndicatorValue],
    definition: &Definition,
) {
    let first_with = |field: &str| group.iter().find(|v| v.has_column(field)).copied();
    if let (Some(value), Some(expected)) = (first_with("name"), &definition.name)
        && let Some(name) = &value.name
        && name_words(name) != name_words(expected)
    {
        out.add(
            Rule::IndicatorDefinitionMismatch,
            at(value, "name"),
            "name",
            format!(
                "The indicator is named '{name}' here but '{expected}' in the definitions library."
            ),
        );
    }
    for (field, label_of, _) in DESCRIPTIONS {
        let (Some(value), Some(expected)) = (first_with(field), in_library(definition, field))
        else {
            continue;
        };
        let Some(reported) = reported(value, field) else {
            continue;
        };
        if label_of(reported) != Some(expected) {
            out.add(
                Rule::IndicatorDefinitionMismatch,
                at(value, field),
                field,
                format!(
                    "The {field} is '{reported}' here but {expected} in the definitions library."
                ),
            );
        }
    }
    // A target written with its comparison (">= 80%") says which way is better: where
    // the library says the other way, one of them is wrong. Once, at the first such.
    if let Some(expected) = definition.polarity.filter(|p| *p != Polarity::Neither)
        && let Some((value, written, said)) = group.iter().find_map(|value| {
            let written = value.written("target")?;
            let (_, said) = target_comparison(written)?;
            (said != expected).then_some((*value, written, said))
        })
    {
        out.add(
            Rule::IndicatorDefinitionMismatch,
            at(value, "target"),
            "polarity",
            format!(
                "{}: the target '{written}' says {}, but the definitions library says {}: correct the target's comparison or the library's polarity.",
                label(value),
                said.label().to_lowercase(),
                expected.label().to_lowercase()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_priority_is_cited_with_or_without_its_number_or_article_or_several_at_once() {
        let plan = [
            "1. A thriving economy",
            "2. Homes for all",
            "3. Clean and green",
        ];
        let library = Library::new([], plan.map(String::from));
        for cited in [
            "2. Homes for all",
            "homes for all",
            "P2 - Homes for all",
            "Homes for all (P2)",
            "Thriving economy",
            "Priority 1",
            "P3",
            "Clean and green; Homes for all",
            "Clean and green, Thriving economy",
        ] {
            assert!(library.knows_priority(cited), "{cited}");
        }
        for cited in [
            "Growing economy",
            "Priority 4",
            "Homes",
            "Clean and green; Growing economy",
            "2026",
        ] {
            assert!(!library.knows_priority(cited), "{cited}");
        }
        // A plan without numbers is cited by name.
        let library = Library::new([], ["A thriving economy".to_string()]);
        assert!(library.knows_priority("Thriving Economy"));
        assert!(!library.knows_priority("Priority 1"));
    }

    #[test]
    fn names_that_differ_in_form_alone_are_one_name() {
        for (a, b) in [
            (
                "Repairs completed on time (%)",
                "% of repairs completed on time",
            ),
            (
                "Households in temporary accommodation",
                "Number of households in temporary accommodation",
            ),
            ("Average relet time", "Average re-let time (days)"),
            (
                "Council tax collected %",
                "Percentage of council tax collected",
            ),
        ] {
            assert_eq!(name_words(a), name_words(b), "{a} / {b}");
        }
        for (a, b) in [
            (
                "Repairs completed on time",
                "Repairs completed within 28 days",
            ),
            ("Households in temporary accommodation", "Households in B&B"),
            ("Number of complaints", "Number of compliments"),
        ] {
            assert_ne!(name_words(a), name_words(b), "{a} / {b}");
        }
    }
}
