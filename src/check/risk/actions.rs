//! A risk's controls and further actions: described, owned and dated where its score
//! calls for them, and not left past their due dates.
//!
//! Emits: risk.controls-missing, risk.actions-missing, risk.action-overdue.

use super::{RowFindings, names_no_owner};
use crate::check::CheckContext;
use crate::finding::{Finding, Rule};
use crate::model::{DateSpan, Kind, Risk};
use crate::read::grid::format_number;
use crate::read::values::{dates_in_text, is_complete_status};

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::RiskControlsMissing,
    Rule::RiskActionsMissing,
    Rule::RiskActionOverdue,
];

/// `risk.controls-missing`, `risk.actions-missing` and `risk.action-overdue` for a
/// risk's row (an opportunity needs none of them).
pub(super) fn controls_and_actions(out: &mut RowFindings, ctx: &CheckContext) {
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
/// "Accept", "Tolerated"; "Goddef / Tolerate" in two languages).
fn tolerated(risk: &Risk) -> Option<&str> {
    let response = risk.response.as_deref()?;
    let says = |text: &str| {
        let key = crate::schema::squash(text);
        // With the Welsh: "Goddef" (tolerate), "Derbyn" (accept).
        ["tolerat", "accept", "goddef", "derbyn"]
            .iter()
            .any(|word| key.starts_with(word))
    };
    let other = [
        "treat",
        "transfer",
        "terminate",
        "reduce",
        "avoid",
        "share",
        // Welsh: treat, transfer, terminate, reduce.
        "trin",
        "trosglwyddo",
        "terfynu",
        "lleihau",
    ];
    crate::read::values::says_in_either_language(response, says, &other).then_some(response.trim())
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
