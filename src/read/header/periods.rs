//! Headers laid out by period: a register's assessment kept a set of columns per period
//! ("Q1 L", "Q1 I", "Q2 L" …, the latest the current one, the earlier history), and a
//! return's two-row header of periods over values ("Apr" over "Target" and "Actual") or
//! values over periods.

use crate::read::grid::Grid;
use crate::read::indicators::{PERIOD_COMMENTARY, PERIOD_RAG};
use crate::read::period::period_from_text;
use crate::schema::{Slot, Stage, TemplateSchema, has_word};
use std::collections::BTreeSet;

use super::{
    Column, Header, HeaderRows, Heading, HeadingRow, assign, carry_group, columns_of_both,
    empty_header, field_column,
};

/// A register that keeps its assessment by period: "Q1 L", "Q1 I", "Q1 Score", "Q2 L"
/// ... in one row, or "Q1" and "Q2" (merged or not) over "L", "I", "Score" in the row
/// below, or in the row above a header that repeats them. The latest period with anything in its columns is the current assessment;
/// the earlier ones are history, left unread. Only where the register has no single
/// likelihood or impact column of its own, or repeats them (each period's).
pub(super) fn by_period(
    grid: &Grid,
    rows: &HeaderRows,
    mut header: Header,
    template: &TemplateSchema,
) -> Header {
    let current = |name: &str| template.staged_slot(name, Stage::Current);
    let (Some(likelihood), Some(impact)) = (current("likelihood"), current("impact")) else {
        return header;
    };
    let assessment = [likelihood, impact]
        .into_iter()
        .chain(current("score"))
        .chain(current("rating"))
        .collect::<Vec<_>>();
    let mapped = header.slots.contains_key(&likelihood) && header.slots.contains_key(&impact);
    let repeated = header
        .duplicates
        .iter()
        .any(|d| d.slot == likelihood || d.slot == impact);
    if mapped && !repeated {
        return header;
    }
    let of_assessment = |text: &str| {
        template
            .match_header(text, None)
            .filter(|slot| assessment.contains(slot))
    };
    // One row: the period written in each heading.
    let mut assessed: Vec<PeriodColumn> = header
        .columns
        .iter()
        .filter_map(|column| {
            let (period, slot) = period_and_field(&column.header, &of_assessment)?;
            Some(PeriodColumn {
                index: column.index,
                period,
                slot,
                header: column.header.clone(),
            })
        })
        .collect();
    let (mut first_row, mut last_row) = (header.first_row, header.last_row);
    if assessed.is_empty() {
        // Two rows: the periods above the header, or in it over the row below.
        let row_at = |index: u32| rows.rows.iter().find(|row| row.index == index);
        let pairs = [
            (header.first_row.checked_sub(1), header.first_row),
            (Some(header.last_row), header.last_row + 1),
        ];
        for (top, sub) in pairs {
            let (Some(top), Some(sub)) = (top.and_then(row_at), row_at(sub)) else {
                continue;
            };
            // Two periods at least: one alone over the table is its title ("Risk
            // register October 2026").
            let found = periods_over_fields(grid, top, sub, &of_assessment);
            let periods: BTreeSet<_> = found.iter().map(|c| c.period).collect();
            if periods.len() >= 2 {
                assessed = found;
                (first_row, last_row) = (top.index, sub.index);
                break;
            }
        }
    }
    // The latest period with a value in any of its columns below the header.
    let filled = |index: u32| {
        grid.rows
            .iter()
            .filter(|row| row.index > last_row)
            .any(|row| !row.get(index).is_blank())
    };
    let Some(latest) = assessed
        .iter()
        .filter(|c| filled(c.index))
        .map(|c| c.period)
        .max_by_key(|period| (period.end(), std::cmp::Reverse(period.start())))
    else {
        return header;
    };
    let chosen: Vec<&PeriodColumn> = assessed.iter().filter(|c| c.period == latest).collect();
    if ![likelihood, impact]
        .iter()
        .all(|slot| chosen.iter().any(|c| c.slot == *slot))
    {
        return header;
    }
    let is_assessed = |index: u32| assessed.iter().any(|c| c.index == index);
    header.slots.retain(|_, index| !is_assessed(*index));
    header
        .duplicates
        .retain(|d| !is_assessed(d.kept.index) && !is_assessed(d.ignored.index));
    header.columns.retain(|column| !is_assessed(column.index));
    for column in &assessed {
        let slot = (column.period == latest && !header.slots.contains_key(&column.slot))
            .then_some(column.slot);
        if let Some(slot) = slot {
            header.slots.insert(slot, column.index);
        }
        if slot.is_none() {
            header.history.push(column.index);
        }
        header.columns.push(Column {
            index: column.index,
            header: column.header.clone(),
            slot,
        });
    }
    header.columns.sort_by_key(|column| column.index);
    header.first_row = first_row;
    header.last_row = last_row;
    header
}

/// A column of a register's assessment for one period.
struct PeriodColumn {
    index: u32,
    period: crate::model::Period,
    slot: Slot,
    /// "Q1 L", or "Q1 / L" from two rows.
    header: String,
}

/// The period and the assessment field a heading names: "Q1 L", "Sep 2026 Score",
/// "Likelihood Q2", "Score (Oct-26)".
fn period_and_field(
    text: &str,
    field: &dyn Fn(&str) -> Option<Slot>,
) -> Option<(crate::model::Period, Slot)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let unbracket = |part: &[&str]| {
        part.join(" ")
            .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '-' | ':'))
            .trim()
            .to_string()
    };
    (1..words.len()).find_map(|k| {
        let (before, after) = words.split_at(k);
        let period = |part: &[&str]| period_from_text(&unbracket(part), 2000);
        period(before)
            .zip(field(&unbracket(after)))
            .or_else(|| period(after).zip(field(&unbracket(before))))
    })
}

/// The assessment columns of `sub` under the periods of `top`: a period heading
/// covers its merged cells, else the columns up to the next heading of `top`.
fn periods_over_fields(
    grid: &Grid,
    top: &HeadingRow,
    sub: &HeadingRow,
    field: &dyn Fn(&str) -> Option<Slot>,
) -> Vec<PeriodColumn> {
    let mut found = Vec::new();
    let mut group: Option<(crate::model::Period, &str, Option<u32>)> = None;
    for index in columns_of_both(top, sub) {
        if let Some(heading) = top.get(index) {
            group = period_from_text(&heading.text, 2000).map(|period| {
                let end = grid.merge_at(top.index, index).map(|m| m.end.1);
                (period, heading.text.as_str(), end)
            });
        } else if let Some((_, _, Some(end))) = group
            && index > end
        {
            group = None;
        }
        if let (Some((period, label, _)), Some(sub)) = (group, sub.get(index))
            && let Some(slot) = field(&sub.text)
        {
            found.push(PeriodColumn {
                index,
                period,
                slot,
                header: format!("{label} / {}", sub.text),
            });
        }
    }
    found
}

/// Words under a period's heading that say what its column holds.
pub(super) const PERIOD_ROLES: &[&str] = &[
    "actual",
    "actuals",
    "outturn",
    "result",
    "performance",
    "value",
    "target",
    "targets",
    "tgt",
    "numerator",
    "denominator",
];

/// A two-row header whose groups say which period and which value each column holds:
/// a period over its values ("Apr" merged over "Target" and "Actual", or "Q1" above
/// "Target" with "Actual" beside it), or a value over its periods ("Actual" merged over
/// "Apr", "May", "Jun", and "Target" over them again). The columns are headed "Apr
/// Target", "Apr Actual", as a one-row header would write them. None unless at least
/// two periods are so headed; with the header, how many (up to three).
pub(super) fn map_period_grouped(
    grid: &Grid,
    top: &HeadingRow,
    sub: &HeadingRow,
    template: &TemplateSchema,
) -> Option<(Header, usize)> {
    let is_period = Heading::is_period;
    let is_role = Heading::is_role;
    // Cheaply first: a header of this kind has at least two such headings below.
    if sub
        .cells
        .iter()
        .filter(|(_, h)| h.is_role() || h.is_period())
        .take(2)
        .count()
        < 2
    {
        return None;
    }
    let mut header = empty_header(top.index, sub.index);
    let columns = columns_of_both(top, sub);
    let mut grouped_periods = BTreeSet::new();
    // The values each period gives ("Actual", "Target", "RAG"): as many columns as a
    // one-row reading of the sub-headings would map, each once.
    let mut roles = BTreeSet::new();
    // The group heading in force and whether it names a period (else a value), with
    // the last column its merged cell covers.
    let mut group: Option<((&Heading, bool), Option<u32>)> = None;
    // A year over its months ("2026" over "Apr" ... "Dec", "2027" over "Jan" ...).
    let mut year: Option<(&Heading, Option<u32>)> = None;
    for index in columns {
        let top_heading = top.get(index);
        let sub_heading = sub.get(index);
        // Over a month or quarter ("2026/27" over "Target" is a period's group).
        carry_group(&mut year, grid, top, index, |heading| {
            (is_year(&heading.text) && sub_heading.is_some_and(is_period)).then_some(heading)
        });
        if top_heading.is_some() && year.is_some() {
            group = None;
        }
        if let (Some((label, _)), Some(sub)) = (year, sub_heading)
            && is_period(sub)
        {
            grouped_periods.insert(sub.text.as_str());
            assign(
                &mut header,
                Column {
                    index,
                    header: format!("{} {}", sub.text, label.text),
                    slot: None,
                },
                template,
            );
            continue;
        }
        carry_group(&mut group, grid, top, index, |heading| {
            (is_period(heading) || is_role(heading)).then(|| (heading, is_period(heading)))
        });
        let column = match (sub_heading, group) {
            // A period over a value's role, or a role over a period: "Apr Target".
            (Some(sub), Some(((label, over_period), _)))
                if over_period && is_role(sub) || !over_period && is_period(sub) =>
            {
                let (period, role) = if over_period {
                    (label, sub)
                } else {
                    (sub, label)
                };
                grouped_periods.insert(period.text.as_str());
                roles.insert(crate::schema::squash(&role.text));
                Column {
                    index,
                    header: format!("{} {}", period.text, role.text),
                    slot: None,
                }
            }
            // A period's own RAG or commentary, "Q1 RAG" as a one-row header writes it;
            // its variance or trend is not read.
            (Some(sub), Some(((period, true), _)))
                if sub.text.len() <= 40
                    && (has_word(&sub.text, PERIOD_RAG)
                        || has_word(&sub.text, PERIOD_COMMENTARY)) =>
            {
                roles.insert(crate::schema::squash(&sub.text));
                Column {
                    index,
                    header: format!("{} {}", period.text, sub.text),
                    slot: None,
                }
            }
            (Some(_), Some(((_, true), _))) => continue,
            (Some(sub), _) if top_heading.is_none() => field_column(index, sub, template),
            (_, _) => match top_heading {
                Some(top) => field_column(index, top, template),
                None => continue,
            },
        };
        assign(&mut header, column, template);
    }
    let bonus = grouped_periods.len().min(3).max(roles.len());
    (grouped_periods.len() >= 2).then_some((header, bonus))
}

/// Whether a heading is a year alone, calendar ("2026") or financial ("2026/27"), as
/// written over the months it holds.
fn is_year(text: &str) -> bool {
    let text = text.trim();
    let calendar =
        text.len() == 4 && text.starts_with("20") && text.bytes().all(|b| b.is_ascii_digit());
    calendar
        || (text.len() <= 12
            && crate::read::period::financial_years_in(text).count() == 1
            && text.split_whitespace().count() == 1)
}
