//! `consolidate --csv DIR`: the merged register, all risks and all indicator values as
//! CSV, with text that a
//! spreadsheet would run as a formula made harmless.

use crate::merge::{Consolidation, MergedRisk};
use crate::model::{DateSpan, PriorityPlan};
use crate::read::grid::format_number;
use crate::schema::{Framework, Stage};
use crate::write::consolidated::RISK_COLUMNS;
use std::path::{Path, PathBuf};

/// Text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe,
/// so a spreadsheet opening the CSV shows it as text instead of running it.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A risk's value under one of the All risks sheet's headings ([`RISK_COLUMNS`]), as
/// text: the CSV has the sheet's columns, in its order.
fn risk_value(
    merged: &MergedRisk,
    heading: &str,
    framework: &Framework,
    plan: &PriorityPlan,
) -> String {
    let risk = &merged.risk;
    let text = |value: &Option<String>| neutralise(value.as_deref().unwrap_or(""));
    let number = |value: Option<f64>| value.map(format_number).unwrap_or_default();
    // A date cell that gave no date, or held several lines, is given as written.
    let date = |value: Option<DateSpan>, slot: &str| match risk.written(slot) {
        Some(words) => neutralise(words),
        None => value
            .map(|d| d.latest.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    };
    // Where a cell gave no value of its type, what it says.
    let or_written = |value: String, slot: &str| match risk.written(slot) {
        Some(words) if value.is_empty() => neutralise(words),
        _ => value,
    };
    let stage = |stage: Stage, part: &str| {
        let assessment = risk.assessment(stage);
        let value = match part {
            "likelihood" => assessment.likelihood,
            "impact" => assessment.impact,
            // The score as the sheet gives it: worked out, else as stated.
            _ => assessment
                .computed_score()
                .or_else(|| assessment.stated_score()),
        };
        or_written(number(value), &format!("{}_{part}", stage.name()))
    };
    match heading {
        "ID" => text(&risk.id),
        "Type" => risk.kind.label().to_string(),
        "Category" => text(&risk.category),
        "Title" => text(&risk.title),
        "Description" => text(&risk.description),
        "Directorate" => text(&risk.directorate),
        "Service" => text(&risk.service),
        "Owner" => text(&risk.owner),
        "Inherent L" => stage(Stage::Inherent, "likelihood"),
        "Inherent I" => stage(Stage::Inherent, "impact"),
        "Inherent score" => stage(Stage::Inherent, "score"),
        "Current L" => stage(Stage::Current, "likelihood"),
        "Current I" => stage(Stage::Current, "impact"),
        "Current score" => stage(Stage::Current, "score"),
        "Rating" => merged
            .current_score
            .and_then(|s| framework.band_of(s))
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        "Target L" => stage(Stage::Target, "likelihood"),
        "Target I" => stage(Stage::Target, "impact"),
        "Target score" => stage(Stage::Target, "score"),
        "Direction of travel" => text(&risk.direction),
        "Controls" => text(&risk.controls),
        "Response" => text(&risk.response),
        "Further actions" => text(&risk.further_actions),
        "Action owner" => text(&risk.action_owner),
        "Action due" => date(risk.action_due, "action_due"),
        "Action status" => text(&risk.action_status),
        "Last reviewed" => date(risk.last_review, "last_review"),
        "Next review" => date(risk.next_review, "next_review"),
        "Review frequency" => text(&risk.review_frequency),
        "Date identified" => date(risk.date_identified, "date_identified"),
        "Status" => text(&risk.status),
        "Corporate priority" => text(&risk.priority),
        "Plan priority" => plan
            .in_plan_words(risk.priority.as_deref())
            .unwrap_or_default(),
        "Other columns" => text(&risk.other),
        "Register level" => merged.recorded_at.label().to_string(),
        "Level reached" => merged.reaches.label().to_string(),
        "Errors" => merged.tally.errors.to_string(),
        "Warnings" => merged.tally.warnings.to_string(),
        "Previous score" => number(merged.previous_score),
        "Change" => text(&merged.change),
        "Source" => neutralise(&merged.provenance),
        _ => String::new(),
    }
}

/// The file names written under the CSV folder.
pub const REGISTER_CSV: &str = "register.csv";
/// Every indicator value.
pub const INDICATORS_CSV: &str = "indicators.csv";

const INDICATOR_HEADINGS: &[&str] = &[
    "Indicator ID",
    "Indicator",
    "Directorate",
    "Service",
    "Owner",
    "Period",
    "Period end",
    "Unit",
    "Polarity",
    "Amber tolerance",
    "Target",
    "Actual",
    "Numerator",
    "Denominator",
    "RAG",
    "RAG reported",
    "Direction of travel",
    "Direction reported",
    "Year to date",
    "Forecast",
    "Comparators",
    "Commentary",
    "Action",
    "Statutory",
    "Corporate priority",
    "Plan priority",
    "Other columns",
    "Errors",
    "Warnings",
    "Source",
];

fn indicator_record(merged: &crate::merge::MergedIndicator, plan: &PriorityPlan) -> Vec<String> {
    let value = &merged.value;
    let text = |v: &Option<crate::model::Text>| neutralise(v.as_deref().unwrap_or(""));
    // A number withheld ("<5") or a placeholder ("n/a") as the return gave it.
    let number = |v: Option<f64>, field: &str| {
        v.map(format_number)
            .or_else(|| value.written(field).map(neutralise))
            .unwrap_or_default()
    };
    vec![
        text(&value.id),
        text(&value.name),
        text(&value.directorate),
        text(&value.service),
        text(&value.owner),
        value.period.map(|p| p.to_string()).unwrap_or_default(),
        value
            .period
            .map(|p| p.end().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        merged
            .unit
            .map(|u| u.label().to_string())
            .unwrap_or_default(),
        merged
            .polarity
            .map(|p| p.label().to_string())
            .unwrap_or_default(),
        merged.tolerance_in_words(),
        number(value.target, "target"),
        number(value.actual, "actual"),
        number(value.numerator, "numerator"),
        number(value.denominator, "denominator"),
        merged
            .rag
            .map(|r| r.label().to_string())
            .unwrap_or_default(),
        value.rag.map(|r| r.label().to_string()).unwrap_or_default(),
        merged
            .direction
            .map(|d| d.label().to_string())
            .unwrap_or_default(),
        text(&value.direction),
        number(value.ytd, "ytd"),
        number(value.forecast, "forecast"),
        neutralise(
            &value
                .comparators
                .as_deref()
                .map(|c| crate::model::Comparator::all_in_words(c, merged.unit))
                .unwrap_or_default(),
        ),
        text(&value.commentary),
        text(&value.action),
        if merged.statutory { "Yes" } else { "No" }.to_string(),
        text(&value.priority),
        plan.in_plan_words(value.priority.as_deref())
            .unwrap_or_default(),
        text(&value.other),
        merged.tally.errors.to_string(),
        merged.tally.warnings.to_string(),
        neutralise(&merged.provenance),
    ]
}
/// All risks read.
pub const ALL_RISKS_CSV: &str = "all-risks.csv";

/// The two CSV files' contents, by the path each is to be written to.
///
/// # Errors
/// Only if the CSV writer fails in memory.
pub fn export(
    dir: &Path,
    consolidation: &Consolidation,
    framework: &Framework,
) -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let all: Vec<&MergedRisk> = consolidation.risks.iter().collect();
    let mut files = Vec::new();
    for (name, risks) in [
        (REGISTER_CSV, consolidation.register()),
        (ALL_RISKS_CSV, all),
    ] {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(RISK_COLUMNS.iter().map(|column| column.heading))?;
        for merged in risks {
            writer.write_record(RISK_COLUMNS.iter().map(|column| {
                risk_value(merged, column.heading, framework, &consolidation.plan)
            }))?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        files.push((dir.join(name), bytes));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(INDICATOR_HEADINGS)?;
    for merged in &consolidation.indicators {
        writer.write_record(indicator_record(merged, &consolidation.plan))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    files.push((dir.join(INDICATORS_CSV), bytes));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::{INDICATOR_HEADINGS, neutralise};
    use crate::write::consolidated::INDICATOR_COLUMNS;

    #[test]
    fn the_indicators_csv_has_the_sheets_columns_in_its_order() {
        let sheet: Vec<&str> = INDICATOR_COLUMNS.iter().map(|c| c.heading).collect();
        assert_eq!(INDICATOR_HEADINGS, sheet);
    }

    #[test]
    fn formula_looking_text_is_neutralised() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise("+cmd"), "'+cmd");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Flooding"), "Flooding");
    }
}
