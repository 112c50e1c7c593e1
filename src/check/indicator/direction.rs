//! The direction of travel a return reports, against the one its figures show.
//!
//! Emits: indicator.direction-mismatch.

use super::periods::Series;
use super::{Out, at, label, period_text};
use crate::finding::Rule;
use crate::model::{IndicatorValue, Polarity};
use crate::read::grid::format_number;
use crate::schema::squash;

/// The rules this file emits.
pub const RULES: &[Rule] = &[Rule::IndicatorDirectionMismatch];

/// A direction of travel as a return reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reported {
    /// "Improving", "Better".
    Better,
    /// "Worsening", "Declining".
    Worse,
    /// "No change", "Stable", "→".
    Same,
    /// "Up", "Increasing"; or an arrow up, which may mean better instead.
    Up { arrow: bool },
    /// "Down", "Decreasing"; or an arrow down.
    Down { arrow: bool },
}

impl Reported {
    /// The direction a cell reports; none for words it cannot tell ("See commentary").
    fn from_text(text: &str) -> Option<Reported> {
        // "Improving/Worsening", a drop-down's choices: neither.
        if crate::schema::parts_differ(text, Reported::from_text) {
            return None;
        }
        let trimmed = text.trim();
        let first = trimmed.chars().next()?;
        match first {
            '\u{2191}' | '\u{25b2}' | '\u{2b06}' | '\u{21e7}' => {
                return Some(Reported::Up { arrow: true });
            }
            '\u{2193}' | '\u{25bc}' | '\u{2b07}' | '\u{21e9}' => {
                return Some(Reported::Down { arrow: true });
            }
            '\u{2192}' | '\u{2194}' | '\u{21d4}' | '\u{25ba}' | '=' => return Some(Reported::Same),
            _ => {}
        }
        let key = squash(trimmed);
        // "Better than target" is a status, not a direction.
        if key.contains("target") {
            return None;
        }
        let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
        // With the Welsh: "Gwella" (improving), "Gwaethygu" (worsening), "Dim newid"
        // (no change), "Sefydlog" (stable), "Yr un fath" (the same).
        if starts(&["improv", "better", "gettingbetter", "gwella", "gwell"]) {
            Some(Reported::Better)
        } else if starts(&[
            "worse",
            "worsen",
            "declin",
            "deteriorat",
            "gettingworse",
            "gwaeth",
            "dirywio",
        ]) {
            Some(Reported::Worse)
        } else if starts(&[
            "same",
            "nochange",
            "unchanged",
            "static",
            "stable",
            "steady",
            "maintained",
            "dimnewid",
            "sefydlog",
            "yrunfath",
            "cyson",
        ]) {
            Some(Reported::Same)
        } else if key == "up" || starts(&["upward", "increas", "rising", "risen", "higher"]) {
            Some(Reported::Up { arrow: false })
        } else if key == "down"
            || starts(&["downward", "decreas", "falling", "fallen", "fell", "lower"])
        {
            Some(Reported::Down { arrow: false })
        } else {
            // "Gwella / Improving": in two languages, the part the framework knows.
            crate::schema::in_two_languages(text, Reported::from_text)
        }
    }
}

/// The positions in `group` of the values a reported direction of travel is for: of
/// each direction cell, the latest period with an actual (a wide row's one cell is its
/// latest month's; a long row's is its own).
pub fn directions_reported(group: &[&IndicatorValue]) -> Vec<usize> {
    let mut reported: Vec<usize> = (0..group.len())
        .filter(|&i| {
            let v = group[i];
            v.direction.is_some() && v.actual.is_some() && v.period.is_some()
        })
        .collect();
    reported.sort_by_key(|&i| group[i].period);
    let mut latest: Vec<usize> = Vec::new();
    for i in reported {
        match latest
            .iter_mut()
            .find(|&&mut kept| at(group[kept], "direction") == at(group[i], "direction"))
        {
            Some(kept) => *kept = i,
            None => latest.push(i),
        }
    }
    latest
}

/// `indicator.direction-mismatch`: a direction of travel reported against the way the
/// actual moved since the indicator's previous period in the return ("Improving" as
/// it fell, higher being better: last month's word left in place). Only clear
/// contradictions: better against worse, either against no change at all, "no change"
/// against a move of more than 1%, up against down. An arrow is read as the figure's
/// movement only where that and performance agree (higher is better, or no polarity):
/// an arrow up may mean better. A wide row's one direction cell is its latest period's.
/// Not for an indicator counted cumulatively: its figure climbs whatever its
/// performance, and a direction reported of it compares what the return does not give
/// (the same month last year).
pub(super) fn direction_mismatch(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
    use crate::merge::Direction;
    if series.profiled {
        return;
    }
    for value in directions_reported(group).into_iter().map(|i| group[i]) {
        let (Some(words), Some(period), Some(now)) =
            (value.direction.as_deref(), value.period, value.actual)
        else {
            continue;
        };
        let Some(said) = Reported::from_text(words) else {
            continue;
        };
        let Some(previous) = group
            .iter()
            .filter(|v| v.actual.is_some() && v.period.is_some_and(|p| p < period))
            .max_by_key(|v| v.period)
        else {
            continue;
        };
        let was = previous.actual.unwrap_or_default();
        let moved = Direction::between(was, now, series.polarity);
        let up = now > was;
        let small = (now - was).abs() <= was.abs() * 0.01;
        let contradicts = match said {
            Reported::Better => matches!(moved, Direction::Worsening | Direction::Same),
            Reported::Worse => matches!(moved, Direction::Improving | Direction::Same),
            Reported::Same => moved != Direction::Same && !small,
            Reported::Up { arrow } | Reported::Down { arrow }
                if arrow && series.polarity == Some(Polarity::Lower) =>
            {
                false
            }
            Reported::Up { .. } => !up,
            Reported::Down { .. } => up || moved == Direction::Same,
        };
        if !contradicts {
            continue;
        }
        let how = match moved {
            Direction::Same => "unchanged".to_string(),
            Direction::Up | Direction::Down => moved.label().to_lowercase(),
            Direction::Improving | Direction::Worsening => format!(
                "{} ({})",
                moved.label().to_lowercase(),
                series
                    .polarity
                    .map(Polarity::label)
                    .unwrap_or_default()
                    .to_lowercase()
            ),
        };
        out.add(
            Rule::IndicatorDirectionMismatch,
            at(value, "direction"),
            "direction",
            format!(
                "{}{}: the direction of travel says '{}', but the actual went from {} ({}) to {}: {how}.",
                label(value),
                period_text(value),
                words.trim(),
                format_number(series.scaled(Some(was)).unwrap_or_default()),
                previous.period.map(|p| p.to_string()).unwrap_or_default(),
                format_number(series.scaled(Some(now)).unwrap_or_default()),
            ),
        );
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_reported_direction_of_travel_is_read_from_words_and_arrows() {
        use super::Reported;
        for (text, reported) in [
            ("Improving", Some(Reported::Better)),
            ("Improved slightly", Some(Reported::Better)),
            ("Getting better", Some(Reported::Better)),
            ("Worsening", Some(Reported::Worse)),
            ("Declining", Some(Reported::Worse)),
            ("Deteriorated", Some(Reported::Worse)),
            ("No change", Some(Reported::Same)),
            ("Stable", Some(Reported::Same)),
            ("\u{2192}", Some(Reported::Same)),
            ("\u{2194}", Some(Reported::Same)),
            ("\u{2191}", Some(Reported::Up { arrow: true })),
            ("\u{25b2} up", Some(Reported::Up { arrow: true })),
            ("Increasing", Some(Reported::Up { arrow: false })),
            ("Up", Some(Reported::Up { arrow: false })),
            ("\u{2193}", Some(Reported::Down { arrow: true })),
            ("Decreased", Some(Reported::Down { arrow: false })),
            // Welsh.
            ("Gwella", Some(Reported::Better)),
            ("Gwaethygu", Some(Reported::Worse)),
            ("Dim newid", Some(Reported::Same)),
            ("Sefydlog", Some(Reported::Same)),
            ("Gwella / Worsening", None),
            ("Improving/Worsening", None),
            ("See commentary", None),
            ("Update due next month", None),
            ("Better than target", None),
            ("N/A", None),
            ("", None),
        ] {
            assert_eq!(Reported::from_text(text), reported, "{text}");
        }
    }
}
