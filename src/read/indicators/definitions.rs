//! A definitions library's rows: an indicator each, with its unit, polarity,
//! frequency, tolerance and targets.

use super::DefinitionsSheet;
use super::figures::is_no_target;
use super::rows::{RowReader, columns_of, indicator_rows, names_of};
use crate::finding::Finding;
use crate::model::{Definition, Frequency, Polarity, Source, Unit};
use crate::read::grid::Grid;
use crate::read::header::Header;
use crate::read::values::number_from_text;
use crate::schema::{Notes, TemplateSchema, squash};
use std::sync::Arc;

/// Read a definitions library.
pub fn read_definitions(
    file: &str,
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    notes: &Notes,
    findings: &mut Vec<Finding>,
) -> DefinitionsSheet {
    let mut columns = columns_of(header, template);
    // Targets a year, where no column is the target alone: the latest is the target.
    let year_columns = if columns.contains_key("target") {
        Vec::new()
    } else {
        year_target_columns(header)
    };
    if let Some(&(_, column)) = year_columns.last() {
        columns.insert("target".to_string(), column);
    }
    let col = |name: &str| columns.get(name).copied();
    let (file_name, sheet_name): (Arc<str>, Arc<str>) =
        (Arc::from(file), Arc::from(grid.name.as_str()));
    let mut definitions = Vec::new();
    let mut left_out = Vec::new();
    for row in indicator_rows(grid, header, notes, col("id"), &mut left_out) {
        let mut reader = RowReader {
            file,
            grid,
            rows: std::slice::from_ref(&row),
            findings,
            unreadable: Vec::new(),
            written: Vec::new(),
            milestone: false,
        };
        let tolerance = reader.parsed(
            "tolerance",
            "Amber tolerance",
            col("tolerance"),
            parse_tolerance,
            "a tolerance such as 5%",
        );
        let decimals = reader.parsed(
            "decimals",
            "Decimal places",
            col("decimals"),
            decimal_places,
            "a number of decimal places (0 to 6)",
        );
        let target = reader.number("target", "Target", col("target"));
        // Each year's target; the latest's is the target read above.
        let year_targets = year_columns
            .iter()
            .filter_map(|&(year, column)| {
                let of_year = if Some(column) == col("target") {
                    target
                } else {
                    reader.number("target", "Target", Some(column))
                };
                Some((year, of_year?))
            })
            .collect();
        let definition = Definition {
            source: Some(Source {
                file: file_name.clone(),
                sheet: sheet_name.clone(),
                row: row.index + 1,
            }),
            id: reader.text(col("id")),
            name: reader.text(col("name")),
            definition: reader.text(col("definition")),
            unit: reader.parsed("unit", "Unit", col("unit"), Unit::from_text, Unit::EXPECTED),
            polarity: reader.parsed(
                "polarity",
                "Polarity",
                col("polarity"),
                Polarity::from_text,
                Polarity::EXPECTED,
            ),
            frequency: match reader.text(col("frequency")) {
                Some(text)
                    if Frequency::is_unjudged(&text) && Frequency::from_text(&text).is_none() =>
                {
                    reader.unjudged(row.index, col("frequency"), &text);
                    None
                }
                _ => reader.parsed(
                    "frequency",
                    "Frequency",
                    col("frequency"),
                    Frequency::from_text,
                    Frequency::EXPECTED,
                ),
            },
            statutory: reader.text(col("statutory")).is_some_and(|t| is_yes(&t)),
            numerator: reader.text(col("numerator")),
            denominator: reader.text(col("denominator")),
            decimals,
            target,
            year_targets,
            no_target: reader.text(col("target")).filter(|t| is_no_target(t)),
            tolerance,
            owner: reader.text(col("owner")),
            priority: reader.text(col("priority")),
            cells: names_of(&columns, row.index),
        };
        definitions.push(definition);
    }
    DefinitionsSheet {
        header: header.clone(),
        definitions,
        left_out,
    }
}

/// A library's target columns headed with their financial year ("Target 2026/27",
/// "2026/27 Target"), by year, earliest first.
fn year_target_columns(header: &Header) -> Vec<(i32, u32)> {
    let mut columns: Vec<(i32, u32)> = header
        .columns
        .iter()
        .filter_map(|column| {
            let heading = column.header.to_lowercase();
            let year = crate::read::period::financial_years_in(&heading).max()?;
            let rest: String = heading
                .split_whitespace()
                .filter(|word| {
                    crate::read::period::financial_years_in(word)
                        .next()
                        .is_none()
                })
                .collect();
            (squash(&rest) == "target").then_some((year, column.index))
        })
        .collect();
    columns.sort_unstable();
    columns
}

/// "Yes", "Y", "Statutory", "True"; in two languages ("Ydy / Yes"), where the other
/// part does not say no ("Yes/No", a drop-down's choices, is not yes).
pub(super) fn is_yes(text: &str) -> bool {
    let yes = |text: &str| {
        matches!(
            squash(text).as_str(),
            "yes" | "y" | "true" | "statutory" | "1"
            // Welsh: yes (as "is it?" and "is there?" are answered), statutory.
            | "ydy" | "ydi" | "oes" | "ie" | "statudol"
        )
    };
    let no = [
        "no",
        "n",
        "false",
        "0",
        "notstatutory",
        "nonstatutory",
        "nacydy",
        "nacydi",
        "nacoes",
        "nage",
        "anstatudol",
    ];
    crate::read::values::says_in_either_language(text, yes, &no)
}

/// Decimal places as a library gives them: "1", "1dp", "1 d.p.", "2 decimal places",
/// "0 (whole number)"; at most 6.
fn decimal_places(text: &str) -> Option<u32> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = squash(&text.trim()[digits.len()..]);
    let places = digits.parse::<u32>().ok()?;
    (places <= 6
        && (rest.is_empty()
            || rest.starts_with("dp")
            || rest.starts_with("decimal")
            || rest.starts_with("whole")))
    .then_some(places)
}

/// An amber tolerance: "5%", "0.05", "5", "1", "+/- 2%", "± 2%", "2.5 percent", "Within 5%".
pub(super) fn parse_tolerance(text: &str) -> Option<f64> {
    let lower = text.trim().to_lowercase();
    let bare = ["within", "+/-", "\u{b1}", "+-"]
        .iter()
        .fold(lower.as_str(), |t, lead| {
            t.strip_prefix(lead).unwrap_or(t).trim()
        });
    let (bare, percent) = match bare
        .strip_suffix("percent")
        .or_else(|| bare.strip_suffix("per cent"))
    {
        Some(number) => (number.trim(), true),
        None => (bare, bare.contains('%')),
    };
    let n = number_from_text(bare)?;
    // "1" in a tolerance column is 1%, not all of the target.
    let fraction = if percent || n >= 1.0 { n / 100.0 } else { n };
    (0.0..=1.0).contains(&fraction).then_some(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statutory_is_yes_in_either_language_and_not_a_drop_downs_choices() {
        for (text, yes) in [
            ("Yes", true),
            ("Statutory", true),
            ("Ydy / Yes", true),
            ("Yes / Ydy", true),
            ("Na / No", false),
            ("Yes/No", false),
            ("No", false),
        ] {
            assert_eq!(is_yes(text), yes, "{text}");
        }
    }

    #[test]
    fn tolerances_and_decimal_places_read_as_libraries_write_them() {
        for (text, fraction) in [
            ("5%", 0.05),
            ("0.05", 0.05),
            ("5", 0.05),
            ("1", 0.01),
            ("+/- 2%", 0.02),
            ("\u{b1}2%", 0.02),
            ("2.5 percent", 0.025),
            ("Within +/- 10 per cent", 0.1),
        ] {
            let read = parse_tolerance(text).unwrap();
            assert!((read - fraction).abs() < 1e-12, "{text}: {read}");
        }
        assert_eq!(parse_tolerance("150%"), None);
        assert_eq!(parse_tolerance("Amber"), None);
        for (text, places) in [
            ("1", Some(1)),
            ("1dp", Some(1)),
            ("2 d.p.", Some(2)),
            ("2 decimal places", Some(2)),
            ("0 (whole number)", Some(0)),
            ("7", None),
            ("1 in 10", None),
            ("dp", None),
        ] {
            assert_eq!(decimal_places(text), places, "{text}");
        }
    }
}
