//! A definitions library's own quality.
//!
//! The library is where an indicator's definition is kept, so that every service counts
//! it alike; an indicator defined twice, or without the words or the unit, polarity and
//! frequency it is judged by, undoes that.
//!
//! Emits: definition.duplicate-id, definition.incomplete, indicator.owner-unknown,
//! priority.unknown.

use crate::finding::{CellRef, Finding, Rule};
use crate::model::{Definition, Unit};
use crate::read::indicators::DefinitionsSheet;
use crate::schema::squash;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::DefinitionDuplicateId,
    Rule::DefinitionIncomplete,
    Rule::IndicatorOwnerUnknown,
    Rule::PriorityUnknown,
];

/// The fields a definition should give, in words, in the order they are named.
const WANTED: [(&str, &str); 5] = [
    ("definition", "definition"),
    ("unit", "unit"),
    ("polarity", "polarity"),
    ("frequency", "frequency"),
    ("owner", "data owner"),
];

/// Check one file's definitions sheets together. `read_findings` are the file's
/// reading findings: a field whose cell could not be read has its `cell.type` already,
/// so is not named again as missing.
pub fn check_library(
    file: &str,
    sheets: &[&DefinitionsSheet],
    read_findings: &[Finding],
    ctx: &super::CheckContext,
) -> Vec<Finding> {
    let owners = ctx.owners;
    let unreadable: HashSet<(&str, u32, u32)> = read_findings
        .iter()
        .filter_map(|f| Some((f.sheet.as_deref()?, f.row?, f.column?)))
        .collect();
    let mut findings = Vec::new();
    let mut first: HashMap<String, &Definition> = HashMap::new();
    for definition in sheets.iter().flat_map(|sheet| &sheet.definitions) {
        let Some(source) = &definition.source else {
            continue;
        };
        let sheet = &*source.sheet;
        let at = |field: &str| cell_of(definition, field);
        if let Some(id) = &definition.id {
            match first.entry(squash(id)) {
                Entry::Occupied(earlier) => findings.push(
                    Finding::file(
                        file,
                        Rule::DefinitionDuplicateId,
                        duplicate(id, earlier.get(), definition),
                    )
                    .on_sheet(sheet)
                    .at(at("id"))
                    .field("id"),
                ),
                Entry::Vacant(place) => {
                    place.insert(definition);
                }
            }
        }
        if let (Some(directory), Some(owner)) = (owners, &definition.owner) {
            let who = format!("The data owner of {}", definition.label());
            if let Some(message) = super::risk::not_in_directory(directory, owner, &who) {
                findings.push(
                    Finding::file(file, Rule::IndicatorOwnerUnknown, message)
                        .on_sheet(sheet)
                        .at(at("owner"))
                        .field("owner"),
                );
            }
        }
        // The library's own citation of the plan's priorities, as a return's is checked.
        if let Some(priority) = &definition.priority
            && !ctx.library.knows_priority(priority)
        {
            findings.push(
                Finding::file(
                    file,
                    Rule::PriorityUnknown,
                    super::indicator::unknown_priority(priority, ctx),
                )
                .on_sheet(sheet)
                .at(at("priority"))
                .field("priority"),
            );
        }
        let missing: Vec<(&str, &str)> = WANTED
            .into_iter()
            .filter(|(field, _)| {
                definition
                    .cells
                    .iter()
                    .find(|(name, _)| &**name == *field)
                    .is_some_and(|(_, cell)| {
                        !given(definition, field)
                            && !unreadable.contains(&(sheet, cell.row + 1, cell.column))
                    })
            })
            .collect();
        if let Some((field, _)) = missing.first() {
            let words: Vec<&str> = missing.iter().map(|(_, words)| *words).collect();
            findings.push(
                Finding::file(
                    file,
                    Rule::DefinitionIncomplete,
                    incomplete(definition, &words),
                )
                .on_sheet(sheet)
                .at(at(field))
                .field(*field),
            );
        }
    }
    findings
}

/// A field's cell on the definition's row, else the row's first cell read.
fn cell_of(definition: &Definition, field: &str) -> CellRef {
    let first = definition
        .cells
        .first()
        .map_or(CellRef::new(0, 0), |(_, cell)| *cell);
    crate::model::cell_of(&definition.cells, field, first)
}

fn given(definition: &Definition, field: &str) -> bool {
    match field {
        "definition" => definition.definition.is_some(),
        "unit" => definition.unit.is_some(),
        // A milestone has no figure to be better or worse.
        "polarity" => definition.polarity.is_some() || definition.unit == Some(Unit::Milestone),
        "frequency" => definition.frequency.is_some(),
        _ => definition.owner.is_some(),
    }
}

fn duplicate(id: &str, earlier: &Definition, later: &Definition) -> String {
    let place = match (&earlier.source, &later.source) {
        (Some(e), Some(l)) if e.sheet != l.sheet => format!("on sheet '{}' row {}", e.sheet, e.row),
        (Some(e), _) => format!("on row {}", e.row),
        _ => "earlier".to_string(),
    };
    let differ: Vec<&str> = [
        ("name", earlier.name != later.name),
        ("definition", earlier.definition != later.definition),
        ("unit", earlier.unit != later.unit),
        ("polarity", earlier.polarity != later.polarity),
        ("frequency", earlier.frequency != later.frequency),
        (
            "target",
            earlier.target != later.target || earlier.no_target != later.no_target,
        ),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(field, _)| field)
    .collect();
    let how = if differ.is_empty() {
        "the same way".to_string()
    } else {
        format!("differently ({})", differ.join(", "))
    };
    format!(
        "{id} is defined twice in the library, {place} and on this row, {how}: the first is used. Keep one definition for each indicator, so that every service counts it alike."
    )
}

fn incomplete(definition: &Definition, words: &[&str]) -> String {
    let list = crate::report::or_list(words);
    let why: Vec<&str> = words
        .iter()
        .map(|word| match *word {
            "definition" => "without its definition, services cannot count it alike",
            "unit" => {
                "without its unit, its figures cannot be checked as percentages, counts or money"
            }
            "polarity" => "without its polarity, its RAG cannot be worked out",
            "frequency" => "without its frequency, the periods due cannot be told",
            _ => "without a data owner, no one answers for its figures",
        })
        .collect();
    let why = match why.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}; and {last}", rest.join("; ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    };
    format!(
        "{} has no {list} in the library: {why}.",
        definition.label()
    )
}
