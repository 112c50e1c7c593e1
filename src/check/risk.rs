//! The rules for one risk row.
//!
//! Emits: risk.required, risk.likelihood-range, risk.impact-range, risk.score-mismatch,
//! risk.rating-mismatch, risk.rating-bands-merged, risk.residual-above-inherent,
//! risk.target-above-current, risk.below-level,
//! risk.owner-unknown, risk.review-overdue, risk.review-in-future, risk.controls-missing,
//! risk.actions-missing, risk.action-overdue.

use super::CheckContext;
use crate::finding::{Finding, Rule};
use crate::model::{Assessment, DateSpan, Kind, Rating, ReviewCycle, Risk, on_scale};
use crate::read::grid::format_number;
use crate::read::values::{dates_in_text, four_colour_rating, is_complete_status};
use crate::schema::{Band, Stage};

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::RiskRequired,
    Rule::RiskLikelihoodRange,
    Rule::RiskImpactRange,
    Rule::RiskImpactBelowDomain,
    Rule::RiskScoreMismatch,
    Rule::RiskRatingMismatch,
    Rule::RiskRatingBandsMerged,
    Rule::RiskResidualAboveInherent,
    Rule::RiskTargetAboveCurrent,
    Rule::RiskBelowLevel,
    Rule::RiskOwnerUnknown,
    Rule::RiskReviewOverdue,
    Rule::RiskReviewInFuture,
    Rule::RiskControlsMissing,
    Rule::RiskActionsMissing,
    Rule::RiskActionOverdue,
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

/// How one register's ratings name the bands. Many registers rate on three bands, red
/// for every high risk: where no rating on the register names the framework's top band
/// ("Very high", "Dark red"), the band below it on a top-band score is read as that
/// scheme, said once for the register rather than called wrong on every such risk.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegisterRatings {
    top_named: bool,
    said: bool,
    /// A rating says a colour only a register rated in one colour a band uses
    /// ("Yellow"): its colours are read so.
    four_colours: bool,
}

impl RegisterRatings {
    /// What the ratings of one register's risks, at any stage, name.
    pub fn of(risks: &[Risk], ctx: &CheckContext) -> Self {
        let Some((_, top)) = top_two_bands(ctx) else {
            return RegisterRatings::default();
        };
        let all = || {
            risks.iter().flat_map(|risk| {
                Stage::ALL
                    .iter()
                    .filter_map(|&stage| risk.assessment(stage).rating.as_ref())
            })
        };
        let four_colours = all().any(|rating| {
            matches!(rating, Rating::Band { written, .. }
                if four_colour_rating(written, ctx.framework).is_some_and(|(_, alone)| alone))
        });
        let mut ratings = RegisterRatings {
            top_named: false,
            said: false,
            four_colours,
        };
        ratings.top_named =
            all().any(|rating| ratings.band_stated(rating, ctx) == Some(top.name.as_str()));
        ratings
    }

    /// The band a rating states: on a register rated in one colour a band, the band
    /// its colour is there ("Amber" is High).
    fn band_stated<'r>(&self, rating: &'r Rating, ctx: &CheckContext<'r>) -> Option<&'r str> {
        match rating {
            Rating::Band { band, written } => Some(
                self.four_colours
                    .then(|| four_colour_rating(written, ctx.framework))
                    .flatten()
                    .map_or(band.as_str(), |(band, _)| band.name.as_str()),
            ),
            Rating::Fill { band, .. } => Some(band),
            _ => None,
        }
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
        scores(&mut out, stage, ctx, ratings);
    }
    stage_order(&mut out);
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
        review(&mut out, ctx);
        controls_and_actions(&mut out, ctx);
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

fn slot(stage: Stage, field: &str) -> String {
    format!("{stage}_{field}")
}

fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::Inherent => "inherent ",
        Stage::Current => "",
        Stage::Target => "target ",
    }
}

fn scores(out: &mut RowFindings, stage: Stage, ctx: &CheckContext, ratings: &mut RegisterRatings) {
    let risk = out.risk;
    let assessment = risk.assessment(stage);
    let words = stage_words(stage);
    for (value, field, rule, scale) in [
        (
            assessment.likelihood,
            "likelihood",
            Rule::RiskLikelihoodRange,
            &ctx.framework.likelihood,
        ),
        (
            assessment.impact,
            "impact",
            Rule::RiskImpactRange,
            &ctx.framework.impact,
        ),
    ] {
        if let Some(v) = value
            && (v.fract() != 0.0 || !(1.0..=5.0).contains(&v))
        {
            out.add(
                    rule,
                    &slot(stage, field),
                    format!(
                        "The {words}{field} is {}, outside the scale: it must be a whole number from 1 ({}) to 5 ({}).",
                        format_number(v),
                        scale.levels[0].labels[0],
                        scale.levels[4].labels[0]
                    ),
                );
        }
    }
    impact_below_domain(out, stage, assessment);
    score_mismatch(out, stage, assessment);
    rating_mismatch(out, stage, assessment, risk.kind, ctx, ratings);
}

/// An impact column below the highest of the impacts scored domain by domain beside it
/// ("Financial Impact" 5, "Impact" 3): the risk's impact is its worst in any domain.
fn impact_below_domain(out: &mut RowFindings, stage: Stage, assessment: &Assessment) {
    let risk = out.risk;
    let Some(impact) = on_scale(assessment.impact) else {
        return;
    };
    let Some(highest) = risk
        .domain_impacts
        .iter()
        .filter(|d| d.stage == stage && on_scale(Some(d.impact)).is_some())
        .max_by(|a, b| a.impact.total_cmp(&b.impact))
        .filter(|d| d.impact > impact)
    else {
        return;
    };
    let words = stage_words(stage);
    let score = on_scale(assessment.likelihood)
        .map(|likelihood| {
            format!(
                ", so the {words}score would be {}, not {}",
                format_number(likelihood * highest.impact),
                format_number(likelihood * impact)
            )
        })
        .unwrap_or_default();
    out.add(
        Rule::RiskImpactBelowDomain,
        &slot(stage, "impact"),
        format!(
            "The {words}impact is {}, but '{}' ({}) is {}: where the impact is scored domain by domain, the {}'s impact is the highest of them{score}.",
            format_number(impact),
            highest.heading,
            highest.cell,
            format_number(highest.impact),
            what(risk)
        ),
    );
}

fn score_mismatch(out: &mut RowFindings, stage: Stage, assessment: &Assessment) {
    let words = stage_words(stage);
    let stated = [
        (assessment.score, slot(stage, "score")),
        (
            match assessment.rating {
                Some(Rating::Score(s)) => Some(s),
                _ => None,
            },
            slot(stage, "rating"),
        ),
    ];
    for (value, cell_slot) in stated {
        let Some(stated) = value else { continue };
        match assessment.computed_score() {
            Some(computed) if (stated - computed).abs() > 1e-9 => {
                let hint = if stated == 0.0 {
                    " A score of 0 usually means a formula whose result was never calculated: open the workbook in Excel and save it again."
                } else {
                    ""
                };
                out.add(
                    Rule::RiskScoreMismatch,
                    &cell_slot,
                    format!(
                        "The {words}score is {} but likelihood {} x impact {} = {}.{hint}",
                        format_number(stated),
                        format_number(assessment.likelihood.unwrap_or_default()),
                        format_number(assessment.impact.unwrap_or_default()),
                        format_number(computed)
                    ),
                );
            }
            // An out-of-scale likelihood or impact is reported on its own cell; only a
            // score with nothing to check it against is judged on its range.
            None if assessment.likelihood.is_none()
                && assessment.impact.is_none()
                && !(1.0..=25.0).contains(&stated) =>
            {
                out.add(
                Rule::RiskScoreMismatch,
                &cell_slot,
                format!(
                    "The {words}score is {}, but scores run from 1 to 25 (likelihood x impact).",
                    format_number(stated)
                ),
                )
            }
            _ => {}
        }
    }
}

fn rating_mismatch(
    out: &mut RowFindings,
    stage: Stage,
    assessment: &Assessment,
    kind: Kind,
    ctx: &CheckContext,
    ratings: &mut RegisterRatings,
) {
    let words = stage_words(stage);
    // What the cell said, and the field whose cell said it.
    let Some(rating) = &assessment.rating else {
        return;
    };
    let Some(stated) = ratings.band_stated(rating, ctx) else {
        return;
    };
    let (said, field) = match rating {
        Rating::Band { written, .. } if written.eq_ignore_ascii_case(stated) => {
            (format!("The {words}rating says {written}"), "rating")
        }
        Rating::Band { written, .. } => (
            format!("The {words}rating says {written} ({stated})"),
            "rating",
        ),
        // Opportunities are coloured in a scheme of their own.
        Rating::Fill { .. } if kind == Kind::Opportunity => return,
        Rating::Fill {
            band,
            colour,
            field: "score",
        } => (
            format!(
                "The {words}score cell is filled {colour} ({band}) and there is no rating column"
            ),
            "score",
        ),
        Rating::Fill { band, colour, .. } => (
            format!("The {words}rating cell is filled {colour} ({band}) with no words in it"),
            "rating",
        ),
        Rating::Score(_) => return,
    };
    let Some(score) = assessment.effective_score() else {
        return;
    };
    let Some(band) = ctx.framework.band_of(score) else {
        return;
    };
    if band.name == stated {
        return;
    }
    if !ratings.top_named
        && let Some((below, top)) = top_two_bands(ctx)
        && band.name == top.name
        && stated == below.name
    {
        if !ratings.said {
            ratings.said = true;
            let count = ctx.framework.bands.len() - 1;
            out.add(
                Rule::RiskRatingBandsMerged,
                &slot(stage, field),
                format!(
                    "{said} for a score of {}, and no rating on this register says {}: it is read as rating on {} bands, {} covering {}-{}, and its ratings are not called wrong. The framework rates {}-{} {}. Said once for the register.",
                    format_number(score),
                    top.name,
                    ["one", "two", "three", "four", "five", "six"]
                        .get(count.wrapping_sub(1))
                        .map_or_else(|| count.to_string(), |word| word.to_string()),
                    below.name,
                    below.min,
                    top.max,
                    top.min,
                    top.max,
                    top.name
                ),
            );
        }
        return;
    }
    out.add(
        Rule::RiskRatingMismatch,
        &slot(stage, field),
        format!(
            "{said}, but the score {} is {} ({}-{}).",
            format_number(score),
            band.name,
            band.min,
            band.max
        ),
    );
}

/// The framework's top band and the one below it.
fn top_two_bands<'f>(ctx: &CheckContext<'f>) -> Option<(&'f Band, &'f Band)> {
    let mut bands: Vec<&Band> = ctx.framework.bands.iter().collect();
    bands.sort_by_key(|band| band.min);
    match bands[..] {
        [.., below, top] => Some((below, top)),
        _ => None,
    }
}

fn score_cell(risk: &Risk, stage: Stage) -> String {
    ["score", "rating", "likelihood"]
        .iter()
        .map(|f| slot(stage, f))
        .find(|s| risk.has_column(s))
        .unwrap_or_else(|| slot(stage, "score"))
}

fn stage_order(out: &mut RowFindings) {
    let risk = out.risk;
    // For an opportunity a higher score is better, so rising through the stages is the aim.
    if risk.kind == Kind::Opportunity {
        return;
    }
    let inherent = risk.inherent.effective_score();
    let current = risk.current.effective_score();
    let target = risk.target.effective_score();
    if let (Some(inherent), Some(current)) = (inherent, current)
        && current > inherent
    {
        out.add(
                Rule::RiskResidualAboveInherent,
                &score_cell(risk, Stage::Current),
                format!(
                    "The current score {} is above the inherent score {}: controls should not make a risk worse. Check both scores.",
                    format_number(current),
                    format_number(inherent)
                ),
            );
    }
    if let (Some(current), Some(target)) = (current, target)
        && target > current
    {
        out.add(
                Rule::RiskTargetAboveCurrent,
                &score_cell(risk, Stage::Target),
                format!(
                    "The target score {} is above the current score {}: a target should be where the risk is brought down to.",
                    format_number(target),
                    format_number(current)
                ),
            );
    }
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

fn review(out: &mut RowFindings, ctx: &CheckContext) {
    let risk = out.risk;
    let as_of = ctx.as_of;
    let (cycle, reviewed) = cycle_of(risk, ctx);
    let due_after = cycle.due_after(as_of);
    let as_of_text = as_of.format("%d/%m/%Y");
    if risk.has_column("last_review") {
        match risk.last_review {
            Some(last) if last.earliest > as_of => out.add(
                Rule::RiskReviewInFuture,
                "last_review",
                format!("The last review date {} is after the reporting date {as_of_text}.", last.display()),
            ),
            Some(last) if last.latest < due_after => out.add(
                Rule::RiskReviewOverdue,
                "last_review",
                format!(
                    "Last reviewed {}, more than {} before the reporting date {as_of_text}: {reviewed}.",
                    last.display(),
                    cycle.length()
                ),
            ),
            None if !risk.unreadable.contains("last_review") => out.add(
                Rule::RiskReviewOverdue,
                "last_review",
                format!(
                    "No last-review date is recorded{}: {reviewed}, so each {} needs the date it was last reviewed.",
                    risk.written("last_review")
                        .map(|words| format!(" (the cell says '{words}')"))
                        .unwrap_or_default(),
                    what(risk)
                ),
            ),
            // Reviewed within the cycle, but its register set an earlier next review
            // than the reporting date, and that review has not happened.
            Some(last) => {
                if let Some(next) = risk.next_review
                    && next.latest < as_of
                    && next.earliest > last.latest
                {
                    out.add(
                        Rule::RiskReviewOverdue,
                        "next_review",
                        format!(
                            "Last reviewed {}, with its next review due by {}, which has passed at the reporting date {as_of_text} with no review since: review it, or correct the dates.",
                            last.display(),
                            next.display()
                        ),
                    );
                }
            }
            _ => {}
        }
    } else if let Some(next) = risk.next_review
        && next.latest < as_of
    {
        out.add(
            Rule::RiskReviewOverdue,
            "next_review",
            format!(
                "The next review was due by {}, before the reporting date {as_of_text}.",
                next.display()
            ),
        );
    }
}

/// A risk's review cycle, and how a message says it is reviewed: by its own review
/// frequency where its register gives one that names a cycle, else by the framework's
/// for its current band, else by the framework's review cycle.
fn cycle_of(risk: &Risk, ctx: &CheckContext) -> (ReviewCycle, String) {
    // The framework's: its band's, where the framework gives the band a cycle of its own.
    let band = risk
        .current
        .effective_score()
        .and_then(|score| ctx.framework.band_of(score))
        .and_then(|band| Some((band, band.review_months?)));
    let (framework, framework_words) = match band {
        Some((band, months)) => {
            let cycle = ReviewCycle::Months(months);
            let kinds = match risk.kind {
                Kind::Opportunity => "opportunities",
                Kind::Risk => "risks",
            };
            let words = format!(
                "{kinds} rated {} are reviewed {}",
                band.name,
                cycle.how_often()
            );
            (cycle, words)
        }
        None => {
            let cycle = ReviewCycle::of_framework(ctx.framework);
            (
                cycle,
                format!("registers are reviewed {}", cycle.how_often()),
            )
        }
    };
    let Some(frequency) = risk.review_frequency.as_deref() else {
        return (framework, framework_words);
    };
    match ReviewCycle::from_words(frequency) {
        Some(cycle) => (
            cycle,
            format!("its review frequency is '{}'", frequency.trim()),
        ),
        None => (
            framework,
            format!(
                "its review frequency '{}' names no cycle, so the framework's applies: {framework_words}",
                frequency.trim(),
            ),
        ),
    }
}

/// `risk.controls-missing`, `risk.actions-missing` and `risk.action-overdue` for a
/// risk's row (an opportunity needs none of them).
fn controls_and_actions(out: &mut RowFindings, ctx: &CheckContext) {
    let risk = out.risk;
    if risk.kind == Kind::Opportunity {
        return;
    }
    if risk.has_column("controls")
        && risk.controls.is_none()
        && !risk.unreadable.contains("controls")
    {
        out.add(
            Rule::RiskControlsMissing,
            "controls",
            "No current controls are described: say what is already in place to manage this risk."
                .into(),
        );
    }
    // The actions' own text gives the due date where no date cell does.
    let due_written = if risk.action_due.is_none() && !risk.unreadable.contains("action_due") {
        due_in_text(risk)
    } else {
        None
    };
    actions_above_appetite(out, ctx, due_written.is_some());
    // Actions kept one by one (a row or a line each, or on an action plan sheet, the
    // row's own among them) are checked one by one.
    if !risk.planned.is_empty() {
        planned_overdue(out, ctx);
        return;
    }
    actions_overdue(out, ctx, due_written);
}

/// `risk.actions-missing`: at or above the appetite threshold, further actions with an
/// owner and a due date (one written in the actions' text, `due_written`, counts).
fn actions_above_appetite(out: &mut RowFindings, ctx: &CheckContext, due_written: bool) {
    let risk = out.risk;
    let (threshold, category) = ctx
        .framework
        .appetite
        .threshold_for(risk.category.as_deref());
    let threshold = f64::from(threshold);
    if let Some(score) = risk.current.effective_score().filter(|s| *s >= threshold) {
        let action_owner = if risk.has_column("action_owner") {
            &risk.action_owner
        } else {
            &risk.owner
        };
        let due_present =
            risk.action_due.is_some() || risk.unreadable.contains("action_due") || due_written;
        let mut missing = Vec::new();
        if risk.further_actions.is_none() {
            missing.push("the further actions");
        }
        let owner_says;
        match action_owner.as_deref() {
            None => missing.push("an action owner"),
            Some(owner) if risk.has_column("action_owner") && names_no_owner(owner) => {
                owner_says = format!("an action owner (it says '{owner}')");
                missing.push(&owner_says);
            }
            Some(_) => {}
        }
        let says;
        if !due_present {
            // No date and none unreadable: what the cell says, if anything, gives none.
            missing.push(match risk.written("action_due") {
                Some(words) if crate::read::values::is_done(words) => {
                    says = format!(
                        "a further action with its due date (the due date says '{words}': an action done is not a further one)"
                    );
                    &says
                }
                Some(words) => {
                    says = format!("a due date (it says '{words}')");
                    &says
                }
                None => "a due date",
            });
        }
        if !missing.is_empty() {
            out.add(
                Rule::RiskActionsMissing,
                "further_actions",
                format!(
                    "The current score {} is at or above the risk appetite threshold of {}{}, so further actions with an owner and a due date are needed; missing: {}.{}",
                    format_number(score),
                    format_number(threshold),
                    category
                        .map(|name| format!(" for {name} risks"))
                        .unwrap_or_default(),
                    missing.join(", "),
                    tolerated(risk)
                        .map(|words| format!(" Its response is '{words}': the framework asks for further actions at this score all the same."))
                        .unwrap_or_default()
                ),
            );
        }
    }
}

/// `risk.action-overdue` for a row's further actions: their due date, or the latest date
/// their text gives (`due_written`), passed and not marked complete.
fn actions_overdue(out: &mut RowFindings, ctx: &CheckContext, due_written: Option<DateSpan>) {
    let risk = out.risk;
    if let Some(due) = due_written
        && due.latest < ctx.as_of
        && !said_done(risk)
    {
        out.add(
            Rule::RiskActionOverdue,
            "further_actions",
            format!(
                "The further actions give {} as their latest date, which has passed at the reporting date {}, and they are not marked complete.",
                due.display(),
                ctx.as_of.format("%d/%m/%Y")
            ),
        );
    }
    if let (Some(_), Some(due)) = (&risk.further_actions, risk.action_due) {
        let done = risk
            .action_status
            .as_deref()
            .is_some_and(is_complete_status);
        if due.latest < ctx.as_of && !done {
            let due_by = if due.several {
                format!(
                    "The further actions were all due by {} (their dates run {}) and are",
                    due.latest.format("%d/%m/%Y"),
                    due.display()
                )
            } else {
                format!("The further action was due by {} and is", due.display())
            };
            out.add(
                Rule::RiskActionOverdue,
                "action_due",
                format!(
                    "{due_by} not marked complete at the reporting date {}.",
                    ctx.as_of.format("%d/%m/%Y")
                ),
            );
        }
    }
}

/// The risk's response as written, where it says the risk is tolerated ("Tolerate",
/// "Accept", "Tolerated").
fn tolerated(risk: &Risk) -> Option<&str> {
    let response = risk.response.as_deref()?;
    let key = crate::schema::squash(response);
    ["tolerat", "accept"]
        .iter()
        .any(|word| key.starts_with(word))
        .then_some(response.trim())
}

/// The latest date written in the further actions' text, where no due date is given
/// in a column of its own ("Pen test by 31/12/2026 (J Smith)").
fn due_in_text(risk: &Risk) -> Option<DateSpan> {
    let text = risk.further_actions.as_deref()?;
    // On a tie, the exact day ("30/09/2026") before its month ("Sept 2026").
    dates_in_text(text)
        .into_iter()
        .max_by_key(|d| (d.latest, d.earliest))
}

/// Each action of an action plan on a sheet of its own past its due date and not
/// marked complete, at its own row.
fn planned_overdue(out: &mut RowFindings, ctx: &CheckContext) {
    let risk = out.risk;
    let file = risk.source.as_ref().map_or("", |s| &*s.file);
    for action in &risk.planned {
        // No due date of its own: the latest written in its text ("by 31/12/2026").
        let due = action.due.or_else(|| {
            dates_in_text(&action.text)
                .into_iter()
                .max_by_key(|d| (d.latest, d.earliest))
        });
        let Some(due) = due else {
            continue;
        };
        let done = action.status.as_deref().is_some_and(is_complete_status)
            || words_say_done(&action.text);
        if due.latest >= ctx.as_of || done {
            continue;
        }
        let status = action
            .status
            .as_deref()
            .map(|s| format!(" (its status says '{s}')"))
            .unwrap_or_default();
        out.findings.push(
            Finding::file(
                file,
                Rule::RiskActionOverdue,
                format!(
                    "{}'s action '{}' was due by {} and is not marked complete at the reporting date {}{status}.",
                    risk.id.as_deref().unwrap_or("The risk"),
                    action.text,
                    due.display(),
                    ctx.as_of.format("%d/%m/%Y")
                ),
            )
            .on_sheet(&*action.sheet)
            .at(action.due_cell)
            .field("action_due"),
        );
    }
}

/// Whether the action's status, or its own text, says it is done.
fn said_done(risk: &Risk) -> bool {
    risk.action_status
        .as_deref()
        .is_some_and(is_complete_status)
        || words_say_done(risk.further_actions.as_deref().unwrap_or(""))
}

/// Whether an action's text says it is done ("Training delivered", "Controls in place").
fn words_say_done(text: &str) -> bool {
    let text = text.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // Whole words: "abandoned" does not say done.
    words.iter().any(|word| {
        ["complete", "done", "delivered", "implemented", "achieved"]
            .iter()
            .any(|done| word.starts_with(done))
    }) || words.windows(2).any(|pair| pair == ["in", "place"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actions_text_says_done_in_whole_words() {
        let with = |text: &str| Risk {
            further_actions: Some(text.into()),
            ..Risk::default()
        };
        for done in [
            "Recovery plan completed 30/09/2026",
            "Training delivered",
            "Done",
            "New contract in place",
        ] {
            assert!(said_done(&with(done)), "{done}");
        }
        for open in [
            "Supplier review abandoned",
            "Plan by 31/03/2027",
            "Replace the fireplace",
        ] {
            assert!(!said_done(&with(open)), "{open}");
        }
    }
}
