//! The Heat map sheet: 5 x 5 counts of the Register's current scores, likelihood up
//! the side and impact along the bottom as in the framework's matrix, each cell
//! coloured by its band; opportunities in a grid of their own; and the same risks
//! before controls and at their target, side by side.

use crate::merge::Consolidation;
use crate::model::Kind;
use crate::schema::{Framework, Stage};
use crate::write::formats::Formats;
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

/// 0-based row of likelihood 5 in the risks grid; likelihood 1 is four rows below.
pub const RISK_GRID_TOP: u32 = 3;
/// 0-based row of likelihood 5 in the opportunities grid.
pub const OPPORTUNITY_GRID_TOP: u32 = 13;
/// 0-based column of impact 1; impact 5 is four columns to the right.
pub const GRID_LEFT: u16 = 1;
/// 0-based column of impact 1 in last period's grid, shown with `--previous`.
pub const PREVIOUS_GRID_LEFT: u16 = GRID_LEFT + 6;
/// 0-based row of likelihood 5 in the grids of the risks before controls (at
/// `GRID_LEFT`) and at their target (at `TARGET_GRID_LEFT`).
pub const JOURNEY_GRID_TOP: u32 = OPPORTUNITY_GRID_TOP + 13;
/// 0-based column of impact 1 in the grid of the risks at their target.
pub const TARGET_GRID_LEFT: u16 = PREVIOUS_GRID_LEFT;

/// Write both grids.
pub fn write_heat_map(
    sheet: &mut Worksheet,
    consolidation: &Consolidation,
    framework: &Framework,
    formats: &Formats,
    title: &str,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    super::table::page_setup(sheet, None)?;
    sheet.set_column_width(0, 22)?;
    for column in GRID_LEFT..GRID_LEFT + 5 {
        sheet.set_column_width(column, 16)?;
    }
    write_grid(
        sheet,
        RISK_GRID_TOP,
        GRID_LEFT,
        "Risks",
        &consolidation.register_grid(Kind::Risk),
        false,
        framework,
        formats,
    )?;
    write_grid(
        sheet,
        OPPORTUNITY_GRID_TOP,
        GRID_LEFT,
        "Opportunities",
        &consolidation.register_grid(Kind::Opportunity),
        true,
        framework,
        formats,
    )?;
    if let Some(previous) = &consolidation.previous_grid {
        for column in PREVIOUS_GRID_LEFT..PREVIOUS_GRID_LEFT + 5 {
            sheet.set_column_width(column, 16)?;
        }
        write_grid(
            sheet,
            RISK_GRID_TOP,
            PREVIOUS_GRID_LEFT,
            "Risks last period",
            previous,
            false,
            framework,
            formats,
        )?;
    }
    write_journey(sheet, consolidation, framework, formats)?;
    let unplaced = consolidation
        .on_register()
        .filter(|m| m.risk.current.computed_score().is_none())
        .count();
    if unplaced > 0 {
        sheet.write_string(
            OPPORTUNITY_GRID_TOP + 8,
            0,
            if unplaced == 1 {
                "1 on the register is not shown: it has no valid likelihood and impact.".to_string()
            } else {
                format!(
                    "{unplaced} on the register are not shown: they have no valid likelihood and impact."
                )
            },
        )?;
    }
    Ok(())
}

/// The Register's risks before controls and at their target, side by side below the
/// current grids, where its risks give either: how far controls and further actions
/// move them. Those giving no likelihood and impact for a stage are counted in a note.
fn write_journey(
    sheet: &mut Worksheet,
    consolidation: &Consolidation,
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let risks: Vec<_> = consolidation
        .on_register()
        .filter(|m| m.risk.kind == Kind::Risk)
        .collect();
    let scored = |stage: Stage| {
        risks
            .iter()
            .filter(|m| m.risk.assessment(stage).computed_score().is_some())
            .count()
    };
    let (inherent, target) = (scored(Stage::Inherent), scored(Stage::Target));
    if inherent + target == 0 {
        return Ok(());
    }
    sheet.write_string_with_format(
        JOURNEY_GRID_TOP - 3,
        0,
        "The same risks before controls (inherent) and at their target: how far controls and further actions move them",
        &formats.label,
    )?;
    for column in TARGET_GRID_LEFT..TARGET_GRID_LEFT + 5 {
        sheet.set_column_width(column, 16)?;
    }
    for (stage, left, label) in [
        (Stage::Inherent, GRID_LEFT, "Risks before controls"),
        (Stage::Target, TARGET_GRID_LEFT, "Risks at their target"),
    ] {
        write_grid(
            sheet,
            JOURNEY_GRID_TOP,
            left,
            label,
            &consolidation.register_grid_at(Kind::Risk, stage),
            false,
            framework,
            formats,
        )?;
    }
    // "Of the 13 risks on the register, 8 give no likelihood and impact before
    // controls and 5 none at their target: each grid counts those it can place."
    let lacking = [
        (risks.len() - inherent, "before controls"),
        (risks.len() - target, "at their target"),
    ];
    let mut missing: Vec<String> = Vec::new();
    for (n, stage) in lacking.into_iter().filter(|(n, _)| *n > 0) {
        missing.push(if missing.is_empty() {
            let verb = if n == 1 { "gives" } else { "give" };
            format!("{n} {verb} no likelihood and impact {stage}")
        } else {
            format!("{n} none {stage}")
        });
    }
    if !missing.is_empty() {
        let of = match risks.len() {
            1 => "Of the 1 risk on the register,".to_string(),
            n => format!("Of the {n} risks on the register,"),
        };
        sheet.write_string(
            JOURNEY_GRID_TOP + 8,
            0,
            format!(
                "{of} {}: each grid counts those it can place.",
                missing.join(" and ")
            ),
        )?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_grid(
    sheet: &mut Worksheet,
    top: u32,
    left: u16,
    label: &str,
    grid: &[[usize; 5]; 5],
    opportunity: bool,
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let centred = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    sheet.merge_range(top - 1, left, top - 1, left + 4, label, &centred)?;
    sheet.write_string_with_format(top - 1, 0, "Likelihood \u{2191}", &formats.label)?;
    for likelihood in (1..=5u8).rev() {
        let row = top + u32::from(5 - likelihood);
        sheet.set_row_height(row, 30)?;
        sheet.write_string_with_format(
            row,
            0,
            framework.likelihood.label(likelihood),
            &formats.label,
        )?;
        for impact in 1..=5u8 {
            let count = grid[usize::from(likelihood) - 1][usize::from(impact) - 1];
            let score = f64::from(likelihood) * f64::from(impact);
            let fill = formats
                .for_score(framework, Some(score), opportunity)
                .cloned()
                .unwrap_or_default()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::VerticalCenter);
            sheet.write_number_with_format(
                row,
                left + u16::from(impact) - 1,
                count as f64,
                &fill,
            )?;
        }
    }
    for impact in 1..=5u8 {
        sheet.write_string_with_format(
            top + 5,
            left + u16::from(impact) - 1,
            framework.impact.label(impact),
            &centred,
        )?;
    }
    // The axis's title, set off from the labels above it by a rule, so that it is not
    // read as the end of the middle column's label ("3 - Moderate Impact").
    let axis = centred
        .clone()
        .set_italic()
        .set_border_top(rust_xlsxwriter::FormatBorder::Thin);
    sheet.merge_range(
        top + 6,
        left,
        top + 6,
        left + 4,
        if opportunity {
            "Benefit \u{2192}"
        } else {
            "Impact \u{2192}"
        },
        &axis,
    )?;
    Ok(())
}
