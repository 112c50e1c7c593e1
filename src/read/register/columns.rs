//! A register's columns beyond one per field: impact by domain, a level per stage,
//! scores given as their working, a sheet's kind from its heading.

use crate::model::Kind;
use crate::read::grid::{Grid, Value};
use crate::read::header::Header;
use crate::read::values;
use crate::schema::{FieldType, Schema, Slot, Stage, TemplateSchema};
use std::sync::Arc;

/// What a sheet's rows are until a section heading says otherwise: opportunities where
/// the sheet's name ("Opportunities", "Project Opportunities"), a title above the
/// header ("Opportunity Register") or the title column's heading ("Opportunity",
/// "Opportunity Description") says so; else risks.
pub(super) fn sheet_kind(grid: &Grid, header: &Header, template: &TemplateSchema) -> Kind {
    let names_opportunities = |text: &str| template.section_heading_by_ending(text) == Some(true);
    let title_heading = header.column_of(template, "title").and_then(|index| {
        header
            .columns
            .iter()
            .find(|c| c.index == index)
            .map(|c| crate::schema::squash(&c.header))
    });
    let titled = grid
        .rows
        .iter()
        .take_while(|row| row.index < header.first_row)
        .any(|row| {
            row.lone_cell()
                .is_some_and(|(_, value)| value.as_text().is_some_and(names_opportunities))
        });
    if names_opportunities(&grid.name)
        || titled
        || title_heading.is_some_and(|h| h.starts_with("opportunit"))
    {
        Kind::Opportunity
    } else {
        Kind::Risk
    }
}

/// An impact column of words rather than scores ("Consequence": "Collections missed and
/// complaints"), as a register written as cause, event and effect has: it is the
/// effect, and an impact column beside it ("Impact": 3) is the impact, where it would
/// be ignored as a duplicate and each effect reported as an unreadable impact. Said of
/// a column most of whose filled cells are not impacts on the scale ("Outage",
/// "Section 114 notice", "S114") and have letters in them.
///
/// And the other way about: an effect column holding the impact scale's words ("Impact
/// Description": "Major", beside "Impact Score": 4) says the impact in words, not what
/// would follow: it is no effect, and is kept with the risk's other columns; where the
/// register has no impact column, it is the impact.
pub fn worded_impact_columns(grid: &Grid, header: &mut Header, schema: &Schema) {
    let template = &schema.risk_register;
    let Some(effect) = template.slot("effect") else {
        return;
    };
    let scale = &schema.framework.impact;
    let on_scale = |value: &Value| {
        values::scale(value, scale).is_ok_and(|level| {
            level.is_none_or(|level| scale.levels.iter().any(|l| f64::from(l.value) == level))
        })
    };
    let lettered = |value: &Value| {
        value
            .as_text()
            .is_some_and(|text| text.chars().any(char::is_alphabetic))
    };
    if let Some(&column) = header.slots.get(&effect) {
        let (filled, labels) = column_counts(grid, header, column, |value| {
            lettered(value)
                && on_scale(value)
                && value
                    .as_text()
                    .is_some_and(|text| !values::is_not_applicable(text))
        });
        if filled > 0 && labels * 2 > filled {
            match template.slot("impact") {
                Some(impact) if !header.slots.contains_key(&impact) => {
                    remap(header, column, impact)
                }
                _ => header.unmap(column),
            }
        }
    }
    let worded: Vec<u32> = header
        .slots
        .iter()
        .filter(|(slot, _)| template.fields[slot.field].field_type == FieldType::Impact)
        .map(|(_, column)| *column)
        .filter(|&column| {
            let (filled, words) = column_counts(grid, header, column, |value| {
                !on_scale(value) && lettered(value)
            });
            filled > 0 && words * 2 > filled
        })
        .collect();
    for column in worded {
        if header.slots.contains_key(&effect) {
            return;
        }
        remap(header, column, effect);
    }
}

/// A column read as `slot` instead of the field its heading matched.
fn remap(header: &mut Header, column: u32, slot: Slot) {
    header.unmap(column);
    if let Some(c) = header.columns.iter_mut().find(|c| c.index == column) {
        c.slot = Some(slot);
    }
    header.slots.insert(slot, column);
}

/// A rating column holding register levels ("Risk Level": "Corporate", "Directorate",
/// "Service"), as registers that keep the level a risk is recorded on have: it is the
/// register level, not a rating, where most of its filled cells name a level and no
/// column is headed as the register level.
pub fn level_columns(grid: &Grid, header: &mut Header, schema: &Schema) {
    let template = &schema.risk_register;
    let Some(level) = template.slot("register_level") else {
        return;
    };
    if header.slots.contains_key(&level) {
        return;
    }
    let levels = header
        .slots
        .iter()
        .filter(|(slot, _)| template.fields[slot.field].name == "rating")
        .map(|(_, column)| *column)
        .find(|&column| {
            let (filled, levels) = column_counts(grid, header, column, |value| {
                value
                    .as_text()
                    .and_then(crate::merge::Level::from_text)
                    .is_some()
            });
            filled > 0 && levels * 2 > filled
        });
    if let Some(column) = levels {
        remap(header, column, level);
    }
}

/// Of a column's filled cells below the header: how many, and how many `test` holds for.
fn column_counts(
    grid: &Grid,
    header: &Header,
    column: u32,
    test: impl Fn(&Value) -> bool,
) -> (usize, usize) {
    grid.rows
        .iter()
        .filter(|row| row.index > header.last_row)
        .map(|row| row.get(column))
        .filter(|value| !value.is_blank())
        .fold((0, 0), |(filled, held), value| {
            (filled + 1, held + usize::from(test(value)))
        })
}

/// A stage with no likelihood or impact columns and two score columns, one written as
/// the working ("Current Risk (L x I)": "4 x 3") and the other as the number ("Current
/// Score": 12): the working gives the likelihood and impact, and the number is the
/// score, so that the two are checked against each other rather than the second
/// ignored as a duplicate. The header is left mapping the score to the number's
/// column; each working column is returned with its stage.
pub fn working_columns(
    grid: &Grid,
    header: &mut Header,
    template: &TemplateSchema,
) -> Vec<(Stage, u32)> {
    let field = |slot: &Slot| template.fields[slot.field].field_type;
    let stage_has = |header: &Header, stage: Option<Stage>, wanted: FieldType| {
        header
            .slots
            .keys()
            .any(|other| other.stage == stage && field(other) == wanted)
    };
    let counts = |header: &Header, column: u32| {
        column_counts(grid, header, column, |value| {
            values::score_factors(value).is_some()
        })
    };
    let is_working = |(filled, worked): (usize, usize)| worked > 0 && worked * 2 >= filled;
    let is_number = |(filled, worked): (usize, usize)| filled > 0 && worked * 2 < filled;
    let pairs: Vec<(Slot, u32, u32)> = header
        .duplicates
        .iter()
        .filter(|d| field(&d.slot) == FieldType::Score)
        .filter(|d| {
            !stage_has(header, d.slot.stage, FieldType::Likelihood)
                && !stage_has(header, d.slot.stage, FieldType::Impact)
        })
        .map(|d| (d.slot, d.kept.index, d.ignored.index))
        .collect();
    let mut workings = Vec::new();
    for (slot, kept, ignored) in pairs {
        let stage = slot.stage.unwrap_or(Stage::Current);
        let (kept_counts, ignored_counts) = (counts(header, kept), counts(header, ignored));
        if is_working(kept_counts) && is_number(ignored_counts) {
            // The score goes to the number's column.
            header.unmap(kept);
            workings.push((stage, kept));
        } else if is_number(kept_counts) && is_working(ignored_counts) {
            header.duplicates.retain(|d| d.ignored.index != ignored);
            workings.push((stage, ignored));
        }
    }
    workings
}

/// Whether a heading of likelihood and impact together names the impact first
/// ("Impact / Likelihood", "I / L", "Consequence and Likelihood").
pub(super) fn impact_named_first(heading: &str) -> bool {
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let first = |wanted: &[&str]| words.iter().position(|w| wanted.contains(&w.as_str()));
    match (
        first(&[
            "impact",
            "consequence",
            "consequences",
            "severity",
            "i",
            "c",
        ]),
        first(&["likelihood", "probability", "l", "p"]),
    ) {
        (Some(impact), Some(likelihood)) => impact < likelihood,
        _ => false,
    }
}

/// A stage's impact scored domain by domain, a column each ("Financial Impact",
/// "Reputational Impact", or "Impact" merged over "Financial" and "Reputation").
#[derive(Debug, Clone, PartialEq)]
pub struct DomainColumns {
    /// The assessment they score.
    pub stage: Stage,
    /// Each column and its heading.
    pub columns: Vec<(u32, Arc<str>)>,
    /// Whether the stage has no impact column of its own, so that the highest of them
    /// is its impact. Beside one, they are checked against it.
    pub give: bool,
}

/// The columns scoring a stage's impact domain by domain: unmapped headings naming an
/// impact and something else that is not a stage ("Financial", "Service Delivery"),
/// at least half of whose filled cells are impacts; at least two for a stage.
pub fn domain_impact_columns(grid: &Grid, header: &Header, schema: &Schema) -> Vec<DomainColumns> {
    let template = &schema.risk_register;
    let on_scale = |value: &Value| {
        values::scale(value, &schema.framework.impact)
            .is_ok_and(|v| crate::model::on_scale(v).is_some())
    };
    let mut out: Vec<DomainColumns> = Vec::new();
    for column in header.columns.iter().filter(|c| c.slot.is_none()) {
        let Some(stage) = domain_heading_stage(&column.header, template) else {
            continue;
        };
        let (filled, scored) = column_counts(grid, header, column.index, |value| {
            on_scale(value) || value.as_text().is_some_and(values::is_not_applicable)
        });
        if scored == 0 || scored * 2 < filled {
            continue;
        }
        let entry = (column.index, Arc::from(column.header.as_str()));
        match out.iter_mut().find(|d| d.stage == stage) {
            Some(domains) => domains.columns.push(entry),
            None => out.push(DomainColumns {
                stage,
                columns: vec![entry],
                give: !header.slots.keys().any(|slot| {
                    slot.stage.unwrap_or(Stage::Current) == stage
                        && template.fields[slot.field].field_type == FieldType::Impact
                }),
            }),
        }
    }
    out.retain(|d| d.columns.len() >= 2);
    out
}

/// The stage whose impact a heading scores in one domain: "Financial Impact" and
/// "Impact - Service Delivery" the current one, "Residual Reputational Impact" the
/// current, "Inherent Financial Impact" the inherent. None for a heading naming no
/// impact, or nothing but an impact and a stage.
fn domain_heading_stage(heading: &str, template: &TemplateSchema) -> Option<Stage> {
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let impact_word = |w: &str| matches!(w, "impact" | "impacts" | "consequence" | "consequences");
    if !words.iter().any(|w| impact_word(w)) {
        return None;
    }
    let mut stage = None;
    let mut domain = false;
    for word in &words {
        let filler = matches!(
            word.as_str(),
            "risk" | "score" | "rating" | "level" | "of" | "on" | "to" | "the" | "and" | "for"
        );
        if impact_word(word) || filler || word.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        match template.match_header(&format!("{word} impact"), None) {
            Some(slot) if template.fields[slot.field].field_type == FieldType::Impact => {
                stage = slot.stage.or(stage);
            }
            _ => domain = true,
        }
    }
    domain.then(|| stage.unwrap_or(Stage::Current))
}
