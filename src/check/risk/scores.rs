//! A risk's scores at each stage: the likelihood and impact on their scales, the score
//! their product, the rating its band, and the stages in order.
//!
//! Emits: risk.likelihood-range, risk.impact-range, risk.impact-below-domain,
//! risk.score-mismatch, risk.rating-mismatch, risk.rating-bands-merged,
//! risk.residual-above-inherent, risk.target-above-current.

use super::{RowFindings, what};
use crate::check::CheckContext;
use crate::finding::Rule;
use crate::model::{Assessment, Kind, Rating, Risk, on_scale};
use crate::read::grid::format_number;
use crate::read::shade::Shade;
use crate::read::values::four_colour_rating;
use crate::schema::{Band, Stage};

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::RiskLikelihoodRange,
    Rule::RiskImpactRange,
    Rule::RiskImpactBelowDomain,
    Rule::RiskScoreMismatch,
    Rule::RiskRatingMismatch,
    Rule::RiskRatingBandsMerged,
    Rule::RiskResidualAboveInherent,
    Rule::RiskTargetAboveCurrent,
];

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
        // A rating written in a colour only such a register uses, or cells filled both
        // yellow and amber: three colours would not need the two.
        let filled = |colour: &str| {
            all().any(|rating| matches!(rating, Rating::Fill { colour: c, .. } if *c == colour))
        };
        let four_colours = all().any(|rating| {
            matches!(rating, Rating::Band { written, .. }
                if four_colour_rating(written, ctx.framework).is_some_and(|(_, alone)| alone))
        }) || (filled(Shade::Yellow.colour()) && filled(Shade::Amber.colour()));
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
            Rating::Fill { band, colour, .. } => Some(
                self.four_colours
                    .then(|| ctx.framework.four_colour_band(colour))
                    .flatten()
                    .map_or(band.as_str(), |band| band.name.as_str()),
            ),
            _ => None,
        }
    }
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

pub(super) fn at_stage(
    out: &mut RowFindings,
    stage: Stage,
    ctx: &CheckContext,
    ratings: &mut RegisterRatings,
) {
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
            colour,
            field: "score",
            ..
        } => (
            format!(
                "The {words}score cell is filled {colour} ({stated}) and there is no rating column"
            ),
            "score",
        ),
        Rating::Fill { colour, .. } => (
            format!("The {words}rating cell is filled {colour} ({stated}) with no words in it"),
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

pub(super) fn stage_order(out: &mut RowFindings) {
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
