//! The rules for one risk row: here, what the row must name and where it is recorded;
//! its scores, its review and its actions each in a module of their own.
//!
//! Emits: risk.required, risk.below-level, risk.owner-unknown, priority.unknown; its
//! modules the other `risk.*` rules.

pub mod actions;
pub mod review;
pub mod scores;

pub use scores::RegisterRatings;

use super::CheckContext;
use crate::finding::{Finding, Rule};
use crate::model::{Kind, Risk};
use crate::read::grid::format_number;
use crate::schema::Stage;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::RiskRequired,
    Rule::RiskBelowLevel,
    Rule::RiskLevelUnknown,
    Rule::RiskOwnerUnknown,
    Rule::PriorityUnknown,
];

struct RowFindings<'a> {
    risk: &'a Risk,
    findings: Vec<Finding>,
}

impl RowFindings<'_> {
    fn add(&mut self, rule: Rule, slot: &str, message: String) {
        let source = self.risk.source.as_ref();
        let mut finding = Finding::file(source.map_or("", |s| &*s.file), rule, message)
            .at(self.risk.cell(slot))
            .field(slot);
        if let Some(source) = source {
            finding = finding.on_sheet(&*source.sheet);
        }
        self.findings.push(finding);
    }
}

fn what(risk: &Risk) -> &'static str {
    match risk.kind {
        Kind::Risk => "risk",
        Kind::Opportunity => "opportunity",
    }
}

/// Check one row of a register whose ratings are as `ratings` found them.
pub fn check_risk(risk: &Risk, ctx: &CheckContext, ratings: &mut RegisterRatings) -> Vec<Finding> {
    let mut out = RowFindings {
        risk,
        findings: Vec::new(),
    };
    required(&mut out);
    for stage in Stage::ALL {
        scores::at_stage(&mut out, stage, ctx, ratings);
    }
    scores::stage_order(&mut out);
    owner(&mut out, ctx);
    if let Some(priority) = &risk.priority
        && !ctx.library.knows_priority(priority)
    {
        out.add(
            Rule::PriorityUnknown,
            "priority",
            super::indicator::unknown_priority(priority, ctx),
        );
    }
    if !risk.closed {
        below_level(&mut out, ctx);
        review::last_review(&mut out, ctx);
        actions::controls_and_actions(&mut out, ctx);
    }
    out.findings
}

/// A risk recorded on the directorate or corporate register ("Register level") whose
/// current score is below that register's tolerance: as risks reduce, the framework
/// steps them down to the register their score reaches, or closes them.
fn below_level(out: &mut RowFindings, ctx: &CheckContext) {
    use crate::merge::Level;
    let risk = out.risk;
    let Some(level) = risk.register_level.as_deref() else {
        return;
    };
    // "Escalated to Corporate": the officer's own escalation, below the tolerance or not,
    // as a status saying so is.
    if Level::escalated_to(level).is_some() {
        return;
    }
    let Some(recorded) = Level::from_text(level) else {
        level_unknown(out, level);
        return;
    };
    let Some(score) = risk.current.effective_score() else {
        return;
    };
    let reached = Level::reached_by(Some(score), ctx.framework);
    if reached >= recorded {
        return;
    }
    let tolerance = match recorded {
        Level::Corporate => ctx.framework.escalation.corporate,
        _ => ctx.framework.escalation.directorate,
    };
    out.add(
        Rule::RiskBelowLevel,
        "register_level",
        format!(
            "The {} is recorded on the {} register, but its current score {} is below that register's tolerance of {tolerance}: as a risk reduces, the framework steps it down to the register its score reaches ({}), or closes it.",
            what(risk),
            recorded.label().to_lowercase(),
            format_number(score),
            reached.label().to_lowercase()
        ),
    );
}

/// A register-level cell that names no level ("SMT", "Highways"): the risk is placed
/// by its current score alone, where the officer may have meant a register above it.
/// A project's or programme's register is outside the hierarchy, and words for no value
/// ("N/A", "TBC") or an escalation still to be placed ("Escalated") name none.
fn level_unknown(out: &mut RowFindings, level: &str) {
    use crate::read::values::{is_not_applicable, is_placeholder, is_to_be_confirmed};
    let lower = level.trim().to_lowercase();
    if ["project", "programme", "program", "escalat"]
        .iter()
        .any(|word| lower.contains(word))
        || is_not_applicable(level)
        || is_to_be_confirmed(level)
        || is_placeholder(level)
    {
        return;
    }
    out.add(
        Rule::RiskLevelUnknown,
        "register_level",
        format!(
            "The register level '{}' is not one the framework knows (Service, Directorate or Corporate; their registers' initials SRR, DRR and CRR; or the boards that hold them, such as DMT and CMT): the {} is placed by its current score alone. Write the register it is recorded on.",
            level.trim(),
            what(out.risk)
        ),
    );
}

fn required(out: &mut RowFindings) {
    let risk = out.risk;
    let checks: [(&str, bool, &str); 5] = [
        (
            "id",
            risk.id.is_some(),
            "The risk ID is blank: every row needs its own ID so it can be tracked from month to month.",
        ),
        (
            "title",
            risk.title.is_some(),
            "The title is blank: say what the risk is.",
        ),
        (
            "owner",
            risk.owner.is_some(),
            "The owner is blank: every risk needs a named owner.",
        ),
        (
            "current_likelihood",
            risk.current.likelihood.is_some(),
            "The likelihood is blank: score it from 1 (Rare) to 5 (Almost certain).",
        ),
        (
            "current_impact",
            risk.current.impact.is_some(),
            "The impact is blank: score it from 1 (Insignificant) to 5 (Significant).",
        ),
    ];
    // A score alone where the column's other risks write its working ("Residual (L x
    // I)": "12" among "4 x 3"): one finding for the two, saying so.
    let score_alone = risk.current.score.filter(|_| {
        !risk.closed
            && risk.current.likelihood.is_none()
            && risk.current.impact.is_none()
            && risk.has_column("current_likelihood")
            && risk.cell("current_likelihood") == risk.cell("current_impact")
            && !risk.unreadable.contains("current_likelihood")
    });
    if let Some(score) = score_alone {
        out.add(
            Rule::RiskRequired,
            "current_likelihood",
            format!(
                "The score {} is given without the likelihood and impact it comes from: write them as the column's other {}s do (such as '4 x 3 = 12'), so that the score can be checked.",
                format_number(score),
                what(risk)
            ),
        );
    }
    for (slot, present, message) in checks {
        if score_alone.is_some() && slot.starts_with("current_") {
            continue;
        }
        // A closed risk is no longer scored; it still needs its ID, title and owner.
        let excused = risk.closed && slot.starts_with("current_");
        if !present && !excused && risk.has_column(slot) && !risk.unreadable.contains(slot) {
            let message = message.replace("risk", what(risk));
            out.add(Rule::RiskRequired, slot, message);
        }
    }
    if let Some(owner) = risk.owner.as_deref().filter(|o| names_no_owner(o)) {
        out.add(
            Rule::RiskRequired,
            "owner",
            format!(
                "The owner says '{owner}', which names nobody: every {} needs a named owner (the post's interim holder while it is vacant).",
                what(risk)
            ),
        );
    }
}

/// An owner's cell that names nobody: "Vacant", "TBC", "N/A", "Unassigned", "-".
pub(crate) fn names_no_owner(owner: &str) -> bool {
    let squashed = crate::schema::squash(owner);
    squashed.is_empty()
        || [
            "vacant",
            "vacancy",
            "postvacant",
            "currentlyvacant",
            "tbc",
            "tba",
            "tbd",
            "tobeconfirmed",
            "tobeassigned",
            "tobeagreed",
            "unassigned",
            "notassigned",
            "noowner",
            "none",
            "na",
            "unknown",
            "notknown",
            "nobody",
        ]
        .contains(&squashed.as_str())
}

fn owner(out: &mut RowFindings, ctx: &CheckContext) {
    let (Some(directory), Some(owner)) = (ctx.owners, &out.risk.owner) else {
        return;
    };
    if names_no_owner(owner) {
        return;
    }
    if let Some(message) = not_in_directory(directory, owner, "The owner") {
        out.add(Rule::RiskOwnerUnknown, "owner", message);
    }
}

/// Where an owner's cell names someone the officer directory does not hold: the
/// message, beginning with `who` ("The owner", "The data owner of HS-01").
pub(crate) fn not_in_directory(
    directory: &super::owners::OwnerDirectory,
    owner: &str,
    who: &str,
) -> Option<String> {
    if names_no_owner(owner) {
        return None;
    }
    let unknown = directory.unknown_names(owner);
    (!unknown.is_empty()).then(|| {
        format!(
            "{who} '{}' is not in the officer directory ({}): check the post still exists and who holds it now.",
            unknown.join("', '"),
            directory.source
        )
    })
}
