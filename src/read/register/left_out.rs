//! Rows below a register's header that are not risks: notes, totals, a header
//! repeated, a template's rows not filled in, guidance and worked examples.

use crate::read::grid::{GridRow, Value};
use crate::read::header::Header;
use crate::read::values;
use crate::schema::{FieldType, Notes, Schema, TemplateSchema};

use super::{RowLeftOut, SheetNames};

/// A row whose only filled cell is text beginning as a note does ("Note: scores were
/// agreed at DMT", "* assumes the new contract"): left out, with its words.
pub fn note_row(row: &GridRow, notes: &Notes) -> Option<RowLeftOut> {
    let mut filled = row.cells.iter().filter(|(_, value)| !value.is_blank());
    let (_, only) = filled.next()?;
    if filled.next().is_some() {
        return None;
    }
    let text = only.as_text().filter(|text| notes.is_note(text))?;
    Some(RowLeftOut {
        row: row.index + 1,
        reason: format!("a note: {}", quoted(text)),
    })
}

/// Whether text could be an ID: it holds a number, as every risk's and indicator's ID
/// does ("FN-01", "PI 12"). Words alone in the ID column ("Finance") are a heading.
pub fn could_be_id(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// A row's words for the Ledger, in quotes: the first 60 characters, and "…" when more.
pub(crate) fn quoted(text: &str) -> String {
    let shown: String = text.chars().take(60).collect();
    let more = if shown.len() < text.trim_end().len() {
        "…"
    } else {
        ""
    };
    format!("'{}{more}'", shown.trim_end())
}

/// A totals line under a table ("Total risks: 2", "Grand total", and with
/// `numbers_after`, "Total | 12 | 45"): its first filled cell names a total in a few
/// words or with a count or colon, and the rest of the row holds only numbers. A title
/// such as "Total loss of power at the depot" is still a risk being written; an
/// indicator return passes `numbers_after` false, as an indicator named "Total
/// complaints" with its months beside it is an indicator, but one cell saying only
/// "Total", "Grand total" or "Average" before numbers names no indicator.
pub fn totals_row(row: &GridRow, numbers_after: bool) -> Option<RowLeftOut> {
    let filled: Vec<&Value> = row
        .cells
        .iter()
        .map(|(_, value)| value)
        .filter(|value| !value.is_blank())
        .collect();
    let (first, rest) = filled.split_first()?;
    let text = first.as_text()?;
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let opening = words.first().map(String::as_str)?;
    let total_alone = match words.as_slice() {
        [one] => matches!(
            one.as_str(),
            "total" | "totals" | "subtotal" | "average" | "mean" | "median"
        ),
        [first, second] => matches!(
            (first.as_str(), second.as_str()),
            ("grand" | "sub", "total") | ("overall", "total" | "average")
        ),
        _ => false,
    };
    let names_a_total = matches!(opening, "total" | "totals" | "subtotal" | "count")
        || (opening == "sub" || opening == "grand") && words.get(1).is_some_and(|w| w == "total")
        || total_alone;
    if !names_a_total {
        return None;
    }
    let rest_numbers = rest.iter().all(|value| {
        matches!(value, Value::Number(_))
            || value
                .as_text()
                .is_some_and(|t| values::number_from_text(t).is_some())
    });
    let counted = text.contains(':') || text.chars().any(|c| c.is_ascii_digit());
    let taken = if rest.is_empty() {
        counted || words.len() <= 3
    } else {
        (numbers_after && words.len() <= 3 || total_alone) && rest_numbers
    };
    if !taken {
        return None;
    }
    Some(RowLeftOut {
        row: row.index + 1,
        reason: format!("a totals row: {}", quoted(text)),
    })
}

/// A row repeating the header (a second table's, or a printed page's): left out.
pub fn header_repeated(row: &GridRow, header: &Header) -> Option<RowLeftOut> {
    header.repeated_in(row).then(|| RowLeftOut {
        row: row.index + 1,
        reason: "the header repeated (a second table or a printed page)".into(),
    })
}

/// Whether a row is one of a template's rows made ready but not filled in: nothing
/// typed, only what formulas show with nothing to work on, a score of 0 (likelihood x
/// impact of blanks) and its rating or next review date. Read as a risk, it would be
/// five risk.required errors and a score out of range.
pub(super) fn only_formulas_unfilled(
    row: &GridRow,
    header: &Header,
    template: &TemplateSchema,
) -> bool {
    let mut score_of_zero = false;
    for (slot, column) in &header.slots {
        let value = row.get(*column);
        let score = template.fields[slot.field].name == "score";
        // A score formula whose result was never saved shows 0 in Excel too.
        if score && matches!(value, Value::Uncalculated(_)) {
            score_of_zero = true;
            continue;
        }
        if value.is_blank() {
            continue;
        }
        match template.fields[slot.field].name.as_str() {
            "score" => match value {
                Value::Number(score) if *score == 0.0 => score_of_zero = true,
                Value::Text(text) if text.trim() == "0" => score_of_zero = true,
                _ => return false,
            },
            "rating" | "next_review" => {}
            _ => return false,
        }
    }
    score_of_zero
}

/// A row under the header, above the first risk, that says what each column wants
/// ("1-5", "L x I", "dd/mm/yyyy", "Auto") rather than being a risk: at least two of its
/// likelihood, impact, score, rating and date cells are filled, none reads as its
/// type, and one is such a placeholder.
pub(super) fn guidance_row(row: &GridRow, header: &Header, schema: &Schema) -> bool {
    let template = &schema.risk_register;
    let framework = &schema.framework;
    let (mut typed, mut placeholder) = (0, false);
    for (slot, column) in &header.slots {
        let value = row.get(*column);
        if value.is_blank() {
            continue;
        }
        let readable = match template.fields[slot.field].field_type {
            FieldType::Likelihood => values::scale(value, &framework.likelihood).is_ok(),
            FieldType::Impact => values::scale(value, &framework.impact).is_ok(),
            FieldType::Score => values::score(value).is_ok(),
            FieldType::Rating => values::rating(value, framework).is_ok(),
            FieldType::Date => values::date(value).is_ok(),
            _ => continue,
        };
        if readable {
            return false;
        }
        typed += 1;
        placeholder |= value.as_text().is_some_and(values::is_placeholder);
    }
    typed >= 2 && placeholder
}

/// The words of a template's example row kept in a register: its ID says "Example"
/// ("EXAMPLE", "Example 1", "e.g."), or, with no ID, its title begins "Example:" or
/// "e.g.".
pub(super) fn example_row(row: &GridRow, names: &SheetNames) -> Option<String> {
    let text_of = |column: Option<u32>| row.get(column?).as_text().map(|t| t.trim().to_string());
    if let Some(id) = text_of(names.id_column) {
        let squashed = crate::schema::squash(&id);
        return (squashed.starts_with("example") || squashed == "eg").then_some(id);
    }
    let title = text_of(names.title_column)?;
    let lower = title.to_lowercase();
    ["example:", "example -", "example –", "e.g.", "eg:"]
        .iter()
        .any(|start| lower.starts_with(start))
        .then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::register::test_cells::{row, text};

    #[test]
    fn totals_lines_are_told_from_rows_whose_words_begin_with_total() {
        let totals = |cells: &[Value], numbers_after| {
            totals_row(&row(cells), numbers_after).map(|r| r.reason)
        };
        for lone in [
            "Total risks: 2",
            "Totals",
            "Grand total",
            "Sub-total",
            "Count: 14",
        ] {
            assert_eq!(
                totals(&[text(lone)], false),
                Some(format!("a totals row: '{lone}'")),
                "{lone}"
            );
        }
        let summed = [text("Total"), Value::Empty, Value::Number(18.0), text("45")];
        assert!(totals(&summed, true).is_some());
        // "Total" alone before figures names no indicator; "Average" neither.
        assert!(totals(&summed, false).is_some());
        let averaged = [text("Average"), Value::Number(554.0), Value::Number(604.5)];
        assert!(totals(&averaged, false).is_some());
        // An indicator named "Total complaints" with its months is an indicator.
        let complaints = [
            text("Total complaints"),
            Value::Number(8.0),
            Value::Number(9.0),
        ];
        assert_eq!(totals(&complaints, false), None);
        for not_totals in [
            vec![text("Total loss of power at the depot")],
            vec![text("Total"), text("Head of Finance")],
            vec![text("Totally unexpected"), Value::Number(3.0)],
            vec![text("FN-01"), text("Total"), Value::Number(3.0)],
        ] {
            assert_eq!(totals(&not_totals, true), None, "{not_totals:?}");
        }
    }
}
