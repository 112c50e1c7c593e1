//! `consolidate --csv DIR`: the merged register, all risks and all indicator values as
//! CSV, with text that a
//! spreadsheet would run as a formula made harmless.

use crate::merge::{Consolidation, MergedRisk};
use crate::model::{DateSpan, PriorityPlan};
use crate::read::grid::format_number;
use crate::schema::Framework;
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

const HEADINGS: &[&str] = &[
    "ID",
    "Type",
    "Category",
    "Title",
    "Description",
    "Directorate",
    "Service",
    "Owner",
    "Inherent score",
    "Current L",
    "Current I",
    "Current score",
    "Rating",
    "Target score",
    "Controls",
    "Response",
    "Further actions",
    "Action owner",
    "Action due",
    "Last reviewed",
    "Next review",
    "Review frequency",
    "Status",
    "Corporate priority",
    "Plan priority",
    "Other columns",
    "Register level",
    "Level reached",
    "Errors",
    "Warnings",
    "Source",
];

fn record(merged: &MergedRisk, framework: &Framework, plan: &PriorityPlan) -> Vec<String> {
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
    vec![
        text(&risk.id),
        risk.kind.label().to_string(),
        text(&risk.category),
        text(&risk.title),
        text(&risk.description),
        text(&risk.directorate),
        text(&risk.service),
        text(&risk.owner),
        number(risk.inherent.effective_score()),
        or_written(number(risk.current.likelihood), "current_likelihood"),
        or_written(number(risk.current.impact), "current_impact"),
        number(merged.current_score),
        merged
            .current_score
            .and_then(|s| framework.band_of(s))
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        number(risk.target.effective_score()),
        text(&risk.controls),
        text(&risk.response),
        text(&risk.further_actions),
        text(&risk.action_owner),
        date(risk.action_due, "action_due"),
        date(risk.last_review, "last_review"),
        date(risk.next_review, "next_review"),
        text(&risk.review_frequency),
        text(&risk.status),
        text(&risk.priority),
        plan.in_plan_words(risk.priority.as_deref())
            .unwrap_or_default(),
        text(&risk.other),
        merged.recorded_at.label().to_string(),
        merged.reaches.label().to_string(),
        merged.tally.errors.to_string(),
        merged.tally.warnings.to_string(),
        neutralise(&merged.provenance),
    ]
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
        writer.write_record(HEADINGS)?;
        for merged in risks {
            writer.write_record(record(merged, framework, &consolidation.plan))?;
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
    use super::neutralise;

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
