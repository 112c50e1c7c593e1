//! Telling a return's layout: long or wide, its period columns, and the rows that say
//! what they hold.

use super::{Layout, PERIOD_COMMENTARY, PERIOD_RAG, PeriodColumns, RowRole};
use crate::model::{Period, PeriodPart};
use crate::read::grid::Grid;
use crate::read::header::Header;
use crate::read::names::sheet_period;
use crate::read::period::{ReturnYear, financial_years_in, period_from_text};
use crate::schema::{HeaderKeys, Slot, TemplateSchema, has_word, squash};

/// The column of a return that says what each row holds ("Actual", "Target"), if it
/// has one: a column other than the values', headed or not, whose cells name a row's
/// role (nine in ten of them or more), with actuals and another value among them.
fn role_column(grid: &Grid, header: &Header, taken: &[u32]) -> Option<u32> {
    let last = header.columns.last()?.index;
    (header.first_column()..=last)
        .filter(|column| !taken.contains(column))
        .find(|&column| {
            let (mut filled, mut actual, mut values, mut other) = (0, 0, 0, 0);
            for row in grid.rows.iter().filter(|r| r.index > header.last_row) {
                let cell = row.get(column);
                if cell.is_blank() {
                    continue;
                }
                filled += 1;
                match cell.as_text().and_then(RowRole::of) {
                    Some(RowRole::Actual) => actual += 1,
                    Some(RowRole::Other) => other += 1,
                    Some(_) => values += 1,
                    None => {}
                }
            }
            actual > 0 && values > 0 && (actual + values + other) * 10 >= filled * 9
        })
}

/// Words in a period's heading that mark a column beside its values that is not read
/// ("Apr Variance").
const NOT_VALUES: &[&str] = &[
    "variance",
    "var",
    "trend",
    "dot",
    "direction",
    "forecast",
    "benchmark",
];

/// The period columns of a header (headings that name a month, quarter or year), and
/// the column of the year's target, if any.
pub(super) fn period_columns(header: &Header, year: i32) -> (Vec<PeriodColumns>, Option<u32>) {
    let mut by_period: Vec<PeriodColumns> = Vec::new();
    for column in header.columns.iter().filter(|c| c.slot.is_none()) {
        let Some(period) = period_from_text(&column.header, year) else {
            continue;
        };
        let heading = squash(&column.header);
        let has_word = |words: &[&str]| has_word(&column.header, words);
        // A period's RAG or commentary is its own ("Q1 RAG", "Q1 Commentary"); its
        // variance, trend or forecast is not one of its values.
        let rag = has_word(PERIOD_RAG);
        let commentary = has_word(PERIOD_COMMENTARY);
        if has_word(NOT_VALUES) && !rag && !commentary {
            continue;
        }
        let entry = match by_period.iter_mut().find(|p| p.period == period) {
            Some(entry) => entry,
            None => {
                by_period.push(PeriodColumns {
                    period,
                    actual: None,
                    target: None,
                    numerator: None,
                    denominator: None,
                    rag: None,
                    commentary: None,
                    named_year: period_from_text(&column.header, year + 1) == Some(period),
                });
                by_period.last_mut().expect("just pushed")
            }
        };
        let slot = if rag {
            &mut entry.rag
        } else if commentary {
            &mut entry.commentary
        } else if heading.contains("target") || has_word(&["tgt"]) {
            &mut entry.target
        } else if heading.contains("numerator") || heading.ends_with("num") {
            &mut entry.numerator
        } else if heading.contains("denominator") || heading.ends_with("den") {
            &mut entry.denominator
        } else if entry.actual.is_some()
            && !has_word(&["actual", "actuals", "outturn", "result", "performance"])
        {
            // The months again in a second block, unlabelled: its targets.
            &mut entry.target
        } else {
            &mut entry.actual
        };
        slot.get_or_insert(column.index);
    }
    let this_year = Period {
        year,
        part: PeriodPart::Year,
    };
    let year_target = by_period
        .iter()
        .find(|p| p.period == this_year)
        .and_then(|p| p.target);
    // Beside months or quarters, a year's column is this year's outturn (or its
    // target); another year's ("2025/26 Outturn") is there for comparison and is not
    // one of this year's values.
    let by_parts = by_period.iter().any(|p| p.period.part != PeriodPart::Year);
    by_period.retain(|p| {
        p.actual.is_some()
            && !(by_parts && p.period.part == PeriodPart::Year && p.period.year != year)
    });
    (by_period, year_target)
}

/// The latest financial year a return names above its table ("Libraries performance
/// return 2026/27"), in the headings of its periods ("Q1 2026/27", "Apr-26") and
/// targets ("2026/27 Target"), or in its sheet's name ("Oct 2026", "2025-26"). A
/// year's outturn ("Outturn 2025/26") does not count: it is as often last year's, given
/// for comparison, as this year's.
pub(super) fn year_named(grid: &Grid, header: &Header) -> Option<i32> {
    let above = grid
        .rows
        .iter()
        .take_while(|row| row.index < header.first_row)
        .flat_map(|row| row.cells.iter())
        .filter_map(|(_, value)| value.as_text())
        .flat_map(financial_years_in);
    // Read with no year to fall back on, a period's year is its own only if it is a
    // real one.
    let headings = header
        .columns
        .iter()
        .filter(|c| c.slot.is_none())
        .filter_map(|c| match period_from_text(&c.header, 0)? {
            Period {
                part: PeriodPart::Year,
                ..
            } if !has_word(&c.header, &["target", "tgt"]) => None,
            period => (period.year >= 2000).then_some(period.year),
        });
    // A sheet named for a period with its year ("Oct 2026", "2026-27").
    let sheet = sheet_period(&grid.name, 0)
        .filter(|(_, own_year)| *own_year)
        .map(|(period, _)| period.year);
    above.chain(headings).chain(sheet).max()
}

/// Whether a header is an indicator return's, its layout, and the financial year it is
/// read for: `year` where given, else the latest the return names. Value columns that
/// carry their year ("Actual 2026/27" beside a Month) are mapped here when the header
/// has no Actual column of its own.
pub fn return_fit(
    grid: &Grid,
    header: &mut Header,
    template: &TemplateSchema,
    year: ReturnYear,
) -> Option<(Layout, i32)> {
    let named = year_named(grid, header);
    let read_for = year.for_return(named);
    if let Some(layout) = return_layout(header, template, read_for) {
        return Some((with_roles(grid, header, template, layout), read_for));
    }
    let actuals = map_year_headed(header, template)?;
    let year = year.for_return(named.max(Some(actuals)));
    Some((return_layout(header, template, year)?, year))
}

/// A layout with its column of rows' roles, where it has one. That column is taken out
/// of any field its heading matched ("Measure" is also a name's synonym).
fn with_roles(
    grid: &Grid,
    header: &mut Header,
    template: &TemplateSchema,
    layout: Layout,
) -> Layout {
    let values: Vec<u32> = match &layout {
        Layout::Wide {
            periods,
            year_target,
            ..
        } => periods
            .iter()
            .flat_map(|p| [p.actual, p.target, p.numerator, p.denominator])
            .flatten()
            .chain(*year_target)
            .collect(),
        Layout::Long { .. } => ["actual", "target", "numerator", "denominator", "period"]
            .into_iter()
            .filter_map(|field| header.column_of(template, field))
            .collect(),
    };
    let found = role_column(grid, header, &values);
    if let Some(column) = found {
        header.unmap(column);
    }
    match layout {
        Layout::Wide {
            periods,
            year_target,
            ..
        } => Layout::Wide {
            periods,
            year_target,
            roles: found,
        },
        Layout::Long { .. } => Layout::Long { roles: found },
    }
}

/// A long return whose value columns carry their year ("Actual 2026/27", "2026/27
/// Target"), perhaps beside last year's for comparison ("Actual 2025/26"): each value
/// field is taken from the latest year's column that names it, and the others are left
/// as comparison. Only for a header with no Actual column of its own; gives the year of
/// the actuals taken, or `None` (the header unchanged) where no column names one.
fn map_year_headed(header: &mut Header, template: &TemplateSchema) -> Option<i32> {
    const VALUE_FIELDS: [&str; 4] = ["actual", "target", "numerator", "denominator"];
    let actual = template.slot("actual")?;
    if header.slots.contains_key(&actual) {
        return None;
    }
    // (slot, year, column) of the latest year's column naming each value field.
    let mut chosen: Vec<(Slot, i32, u32)> = Vec::new();
    for column in header.columns.iter().filter(|c| c.slot.is_none()) {
        let mut years = financial_years_in(&column.header);
        let (Some(year), None) = (years.next(), years.next()) else {
            continue;
        };
        let rest: Vec<&str> = column
            .header
            .split_whitespace()
            .filter(|word| financial_years_in(word).next().is_none())
            .filter(|word| !word.eq_ignore_ascii_case("fy"))
            .collect();
        let Some(slot) = HeaderKeys::of(&rest.join(" "))
            .and_then(|keys| template.slot_of_keys(&keys, None))
            .filter(|slot| VALUE_FIELDS.contains(&template.fields[slot.field].name.as_str()))
            .filter(|slot| !header.slots.contains_key(slot))
        else {
            continue;
        };
        match chosen.iter_mut().find(|(s, _, _)| *s == slot) {
            Some(entry) if entry.1 < year => *entry = (slot, year, column.index),
            Some(_) => {}
            None => chosen.push((slot, year, column.index)),
        }
    }
    let year = chosen.iter().find(|(slot, _, _)| *slot == actual)?.1;
    for (slot, _, index) in chosen {
        header.slots.insert(slot, index);
        if let Some(column) = header.columns.iter_mut().find(|c| c.index == index) {
            column.slot = Some(slot);
        }
    }
    Some(year)
}

/// Whether a header is an indicator return's: an Actual column, or periods as columns.
pub(super) fn return_layout(
    header: &Header,
    template: &TemplateSchema,
    year: i32,
) -> Option<Layout> {
    let has = |name: &str| {
        template
            .slot(name)
            .is_some_and(|slot| header.slots.contains_key(&slot))
    };
    let (periods, year_target) = period_columns(header, year);
    // Beside a Period or Month column, years in the headings ("Actual 2025/26", "Actual
    // 2026/27") are a long return's value columns, not a row's periods.
    let years_beside_periods =
        has("period") && periods.iter().all(|p| p.period.part == PeriodPart::Year);
    // A return of one period (this quarter's: "Q2", "Q2 Actual", "Sep 2026") beside
    // the indicators' IDs or names: a month, quarter or half with its actual, and no
    // Actual column of a long return. Not a year's ("2026/27 Target" in a library).
    let one_period = matches!(&periods[..], [only]
        if only.actual.is_some() && only.period.part != PeriodPart::Year)
        && !has("actual")
        && !has("period")
        && (has("id") || has("name"));
    if (periods.len() >= 2 || one_period) && !years_beside_periods {
        Some(Layout::Wide {
            periods,
            year_target,
            roles: None,
        })
    } else if has("actual") {
        Some(Layout::Long { roles: None })
    } else {
        None
    }
}
