//! When a risk was last reviewed, against its review cycle at the reporting date.
//!
//! Emits: risk.review-overdue, risk.review-in-future.

use super::{RowFindings, what};
use crate::check::CheckContext;
use crate::finding::Rule;
use crate::model::{Kind, ReviewCycle, Risk};

/// The rules this file emits.
pub const RULES: &[Rule] = &[Rule::RiskReviewOverdue, Rule::RiskReviewInFuture];

pub(super) fn last_review(out: &mut RowFindings, ctx: &CheckContext) {
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
