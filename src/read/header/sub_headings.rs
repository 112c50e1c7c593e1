//! Headings over short ones in the row below, merged across them or not ("Impact" over
//! "Financial" and "Reputation"; "Further Actions" over "Action", "Owner" and "Due
//! Date").

use crate::read::grid::Grid;
use crate::schema::{FieldType, Slot, TemplateSchema};

use super::{
    Column, Header, HeaderRows, Heading, assign, columns_of_both, empty_header, field_column, fit,
};

/// A one-row header whose merged headings (or headings with blanks to their right)
/// stand over short ones in the row below: "Impact" over "Financial", "Reputation" and
/// "Service Delivery"; "Risk Score" over "L", "I" and "Total"; "Further Actions" over
/// "Owner" and "Due Date". The row below is the header's too, not a risk, and each
/// column under a group is named by both ("Impact / Financial"). The groups that name
/// a stage ("Inherent Risk") are read by [`super::map_grouped`]; a return's periods by
/// [`super::periods::by_period`]. Only where every cell of the row below is a heading under such a
/// group, and none a period's.
pub(super) fn with_sub_headings(
    grid: &Grid,
    rows: &HeaderRows,
    header: Header,
    template: &TemplateSchema,
) -> Header {
    if header.first_row != header.last_row || template.field_index("period").is_some() {
        return header;
    }
    let top_index = header.first_row;
    let (Some(top), Some(sub)) = (
        rows.rows.iter().find(|r| r.index == top_index),
        rows.rows.iter().find(|r| r.index == top_index + 1),
    ) else {
        return header;
    };
    // Each heading's group: its merged cells, or (merged cells not kept, as .ods are
    // read, or "Centre Across Selection") the blank headings to its right.
    let last = sub.cells.last().map_or(0, |(c, _)| *c);
    let groups: Vec<(u32, u32)> = top
        .cells
        .iter()
        .map(|&(column, _)| {
            let end = match grid.merge_at(top_index, column) {
                Some(m) if m.end.0 == top_index => m.end.1,
                Some(_) => column,
                None => (column + 1..=last)
                    .take_while(|&c| top.get(c).is_none())
                    .last()
                    .unwrap_or(column),
            };
            (column, end)
        })
        .filter(|(start, end)| end > start)
        .collect();
    let group_of = |column: u32| {
        groups
            .iter()
            .find(|(start, end)| (*start..=*end).contains(&column))
    };
    let filled = grid
        .rows
        .iter()
        .find(|r| r.index == sub.index)
        .map_or(0, |r| r.cells.iter().filter(|(_, v)| !v.is_blank()).count());
    let all_grouped = sub.cells.len() >= 2
        && sub.cells.len() == filled
        && sub.cells.iter().all(|(column, heading)| {
            group_of(*column).is_some() && heading.keys.is_some() && !heading.is_period()
        });
    if !all_grouped {
        return header;
    }
    let mut grouped = empty_header(top.index, sub.index);
    for index in columns_of_both(top, sub) {
        let column = match (group_of(index), sub.get(index)) {
            (Some(&(start, _)), Some(sub_heading)) => {
                let Some(label) = top.get(start) else {
                    continue;
                };
                Column {
                    index,
                    header: format!("{} / {}", label.text, sub_heading.text),
                    slot: sub_slot(label, sub_heading, template),
                }
            }
            (Some(&(start, _)), None) if index != start => continue,
            _ => match top.get(index) {
                Some(heading) => field_column(index, heading, template),
                None => continue,
            },
        };
        assign(&mut grouped, column, template);
    }
    if fit(template, &grouped).is_some() {
        grouped
    } else {
        header
    }
}

/// The field of a column headed `sub` under the group `label`: the two read together,
/// or `sub` with a word of the group ("Further Actions" over "Owner": the action owner;
/// "Review" over "Last": the last review), else `sub` alone ("Risk Score" over "L").
/// Not alone under a likelihood or impact group: "Service Delivery" under "Impact" is
/// an impact's domain, not the service.
fn sub_slot(label: &Heading, sub: &Heading, template: &TemplateSchema) -> Option<Slot> {
    // The label's runs of words, longest first ("Expected Net Rating" gives "Expected
    // Net" before "Net"), each also without a plural's "s".
    let words: Vec<&str> = label
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .collect();
    let runs = (1..=words.len()).rev().flat_map(|length| {
        words.windows(length).flat_map(|run| {
            let joined = run.join(" ");
            let singular = joined.strip_suffix('s').map(str::to_string);
            std::iter::once(joined).chain(singular)
        })
    });
    let together = std::iter::once(label.text.clone())
        .chain(runs)
        .flat_map(|w| [format!("{w} {}", sub.text), format!("{} {w}", sub.text)])
        .find_map(|text| template.match_header(&text, None));
    if together.is_some() {
        return together;
    }
    let breaks_down_scale = label
        .keys
        .as_ref()
        .and_then(|keys| template.slot_of_keys(keys, None))
        .is_some_and(|group| {
            matches!(
                template.fields[group.field].field_type,
                FieldType::Likelihood | FieldType::Impact
            )
        });
    if breaks_down_scale {
        return None;
    }
    sub.keys
        .as_ref()
        .and_then(|keys| template.slot_of_keys(keys, None))
}
