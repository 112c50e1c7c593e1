//! Choosing the values to spot-check: a seeded, weighted draw that gives the same
//! sample from the same inputs and seed on any machine.
//!
//! Weights are whole numbers and the generator is ChaCha8 (a named, portable
//! algorithm), so no floating-point rounding can change the draw between machines.

use crate::merge::MergedIndicator;
use crate::schema::squash;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashSet};

/// Weight multiplier for a statutory indicator or government return.
pub const STATUTORY_WEIGHT: u64 = 3;
/// Weight multiplier for a value the checks flagged (outlier, RAG or calculation mismatch ...).
pub const FLAGGED_WEIGHT: u64 = 3;
/// Weight multiplier for an indicator never spot-checked before.
pub const UNSAMPLED_WEIGHT: u64 = 2;

/// How to draw the sample.
#[derive(Debug, Clone, Default)]
pub struct SampleOptions {
    /// How many values.
    pub size: usize,
    /// The seed: the same inputs and seed give the same sample.
    pub seed: u64,
    /// Indicators (by ID) already spot-checked in earlier rounds.
    pub history: HashSet<String>,
    /// Spread the sample across services, in turn.
    pub stratify_by_service: bool,
}

/// One value chosen, and why.
#[derive(Debug, Clone)]
pub struct Sampled<'a> {
    /// The value.
    pub indicator: &'a MergedIndicator,
    /// Its weight in the draw.
    pub weight: u64,
    /// Why it weighed what it did ("statutory; flagged by checks; never checked before").
    pub reasons: Vec<&'static str>,
}

fn weigh<'a>(indicator: &'a MergedIndicator, history: &HashSet<String>) -> Sampled<'a> {
    let mut weight = 1;
    let mut reasons = Vec::new();
    if indicator.statutory {
        weight *= STATUTORY_WEIGHT;
        reasons.push("statutory measure");
    }
    if indicator.tally.errors + indicator.tally.warnings > 0 {
        weight *= FLAGGED_WEIGHT;
        reasons.push("flagged by the checks");
    }
    let id = indicator
        .value
        .id
        .as_deref()
        .map(squash)
        .unwrap_or_default();
    if !history.contains(&id) {
        weight *= UNSAMPLED_WEIGHT;
        reasons.push("never spot-checked before");
    }
    if reasons.is_empty() {
        reasons.push("random");
    }
    Sampled {
        indicator,
        weight,
        reasons,
    }
}

/// Draw one of `pool` with probability proportional to its weight, and remove it.
fn draw<'a>(pool: &mut Vec<Sampled<'a>>, rng: &mut ChaCha8Rng) -> Option<Sampled<'a>> {
    let total: u64 = pool.iter().map(|s| s.weight).sum();
    if total == 0 {
        return None;
    }
    let mut ticket = rng.random_range(0..total);
    let position = pool.iter().position(|s| {
        if ticket < s.weight {
            true
        } else {
            ticket -= s.weight;
            false
        }
    })?;
    Some(pool.remove(position))
}

/// Whether a value may be drawn: it has an actual, a figure or a milestone's status in
/// words.
pub fn can_be_drawn(merged: &MergedIndicator) -> bool {
    merged.value.actual.is_some() || merged.value.milestone()
}

/// The sample: values that can be drawn, weighted, drawn without replacement.
/// `indicators` must be in a stable order (the consolidation's sort order is).
pub fn sample<'a>(indicators: &'a [MergedIndicator], options: &SampleOptions) -> Vec<Sampled<'a>> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let candidates = indicators
        .iter()
        .filter(|m| can_be_drawn(m))
        .map(|m| weigh(m, &options.history));
    let mut chosen = Vec::new();
    if options.stratify_by_service {
        let mut by_service: BTreeMap<String, Vec<Sampled>> = BTreeMap::new();
        for candidate in candidates {
            let service = candidate
                .indicator
                .value
                .service
                .as_deref()
                .unwrap_or_default()
                .to_string();
            by_service.entry(service).or_default().push(candidate);
        }
        let mut pools: Vec<Vec<Sampled>> = by_service.into_values().collect();
        while chosen.len() < options.size && pools.iter().any(|p| !p.is_empty()) {
            for pool in pools.iter_mut() {
                if chosen.len() >= options.size {
                    break;
                }
                if let Some(pick) = draw(pool, &mut rng) {
                    chosen.push(pick);
                }
            }
        }
    } else {
        let mut pool: Vec<Sampled> = candidates.collect();
        while chosen.len() < options.size {
            match draw(&mut pool, &mut rng) {
                Some(pick) => chosen.push(pick),
                None => break,
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IndicatorValue, Period, PeriodPart};

    fn candidates(statutory: usize, local: usize) -> Vec<MergedIndicator> {
        (0..statutory + local)
            .map(|i| MergedIndicator {
                value: IndicatorValue {
                    id: Some(format!("PI-{i:02}").into()),
                    service: Some(format!("Service {}", i % 4).into()),
                    period: Some(Period {
                        year: 2026,
                        part: PeriodPart::Month(1),
                    }),
                    actual: Some(50.0),
                    ..IndicatorValue::default()
                },
                unit: None,
                polarity: None,
                tolerance: 0.05,
                statutory: i < statutory,
                profiled: false,
                rag: None,
                direction: None,
                tally: Default::default(),
                provenance: String::new(),
            })
            .collect()
    }

    fn ids(picks: &[Sampled]) -> Vec<String> {
        picks
            .iter()
            .map(|p| {
                p.indicator
                    .value
                    .id
                    .as_deref()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_sample_and_other_seeds_differ() {
        let pool = candidates(10, 30);
        let options = |seed| SampleOptions {
            size: 8,
            seed,
            ..SampleOptions::default()
        };
        assert_eq!(
            ids(&sample(&pool, &options(42))),
            ids(&sample(&pool, &options(42)))
        );
        assert_ne!(
            ids(&sample(&pool, &options(42))),
            ids(&sample(&pool, &options(43)))
        );
        // Pinned: ChaCha8 and whole-number weights make this the sample on any machine.
        assert_eq!(
            ids(&sample(&pool, &options(42))),
            [
                "PI-20", "PI-37", "PI-08", "PI-17", "PI-05", "PI-02", "PI-06", "PI-30"
            ]
        );
    }

    #[test]
    fn statutory_measures_are_weighted_up() {
        // 10 statutory among 40: a fair draw would give a quarter statutory.
        let pool = candidates(10, 30);
        let draws = 400;
        let statutory: usize = (0..draws)
            .map(|seed| {
                let picks = sample(
                    &pool,
                    &SampleOptions {
                        size: 4,
                        seed,
                        ..SampleOptions::default()
                    },
                );
                picks.iter().filter(|p| p.indicator.statutory).count()
            })
            .sum();
        let share = statutory as f64 / (draws * 4) as f64;
        assert!(
            share > 0.40 && share < 0.60,
            "statutory share {share}, against 0.25 unweighted"
        );
    }

    #[test]
    fn stratified_samples_take_from_every_service_in_turn() {
        let pool = candidates(0, 40);
        let picks = sample(
            &pool,
            &SampleOptions {
                size: 8,
                seed: 7,
                stratify_by_service: true,
                ..SampleOptions::default()
            },
        );
        let mut services: Vec<String> = picks
            .iter()
            .map(|p| {
                p.indicator
                    .value
                    .service
                    .as_deref()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        services.sort();
        assert_eq!(
            services,
            [
                "Service 0",
                "Service 0",
                "Service 1",
                "Service 1",
                "Service 2",
                "Service 2",
                "Service 3",
                "Service 3"
            ]
        );
    }

    #[test]
    fn history_weights_down_indicators_already_checked() {
        let pool = candidates(0, 2);
        let history: HashSet<String> = [squash("PI-00")].into_iter().collect();
        let options = SampleOptions {
            size: 1,
            seed: 1,
            history,
            ..SampleOptions::default()
        };
        let picks = sample(&pool, &options);
        let weights: Vec<u64> = pool
            .iter()
            .map(|m| weigh(m, &options.history).weight)
            .collect();
        assert_eq!(weights, [1, UNSAMPLED_WEIGHT]);
        assert_eq!(picks.len(), 1);
    }
}
