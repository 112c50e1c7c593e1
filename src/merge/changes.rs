//! What changed since the last review: risks matched by ID between last period's
//! consolidation and this one, each put in the categories an auditor asks about.

use super::{Level, MergedIndicator, MergedRisk};
use crate::finding::{Finding, Rule};
use crate::model::{Period, Source};
use crate::read::grid::format_number;
use crate::schema::squash;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How similar two titles must be (Jaro-Winkler over the squashed text) to flag a
/// possible rename.
pub const RENAME_SIMILARITY: f64 = 0.88;

/// One category of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Not in last period's returns.
    New,
    /// In last period's returns, not in this period's.
    Missing,
    /// Open last period, closed now.
    Closed,
    /// Reaches this level now and did not last period.
    Escalated,
    /// Reached this level last period and does not now.
    SteppedDown,
    /// Current score higher than last period's.
    ScoreUp,
    /// Current score lower.
    ScoreDown,
    /// Current score unchanged.
    Same,
    /// A new ID whose title is nearly that of a missing one (or the other way round).
    PossibleRename,
}

impl Category {
    /// How the Changes sheet and `diff` name it.
    pub fn label(self) -> &'static str {
        match self {
            Category::New => "New",
            Category::Missing => "Missing",
            Category::Closed => "Closed",
            Category::Escalated => "Escalated",
            Category::SteppedDown => "Stepped down",
            Category::ScoreUp => "Score up",
            Category::ScoreDown => "Score down",
            Category::Same => "Same",
            Category::PossibleRename => "Possible rename",
        }
    }
}

/// One risk's change.
#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    /// The risk ID (this period's, or last period's for a missing risk).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its directorate.
    pub directorate: String,
    /// Its service.
    pub service: String,
    /// Every category that applies, most telling first.
    pub categories: Vec<Category>,
    /// Last period's current score.
    pub previous_score: Option<f64>,
    /// This period's current score.
    pub current_score: Option<f64>,
    /// Last period's level reached.
    pub previous_level: Option<String>,
    /// This period's level reached.
    pub current_level: Option<String>,
    /// The other ID of a possible rename.
    pub renamed: Option<String>,
    /// Where it is now (or was, for a missing risk).
    pub source: String,
}

impl RiskChange {
    /// "Escalated; score up".
    pub fn summary(&self) -> String {
        self.categories
            .iter()
            .map(|c| match (c, &self.renamed) {
                (Category::PossibleRename, Some(other)) => format!("{} ({other})", c.label()),
                _ => c.label().to_string(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn id_key(risk: &MergedRisk) -> Option<String> {
    risk.risk
        .id
        .as_deref()
        .map(crate::model::id_key)
        .filter(|k| !k.is_empty())
}

/// How a risk is known from one period to the next: its ID, or, where an ID is used for
/// more than one risk in either period (registers numbered alike, 1, 2, 3), its service
/// and ID.
fn keyer<'a>(
    previous: &'a [MergedRisk],
    current: &'a [MergedRisk],
) -> impl Fn(&MergedRisk) -> Option<String> + 'a {
    let mut shared = HashSet::new();
    for period in [previous, current] {
        let mut seen = HashSet::new();
        for id in period.iter().filter_map(id_key) {
            if !seen.insert(id.clone()) {
                shared.insert(id);
            }
        }
    }
    move |risk| {
        let id = id_key(risk)?;
        Some(if shared.contains(&id) {
            format!(
                "{}/{id}",
                squash(risk.risk.service.as_deref().unwrap_or(""))
            )
        } else {
            id
        })
    }
}

fn reaches(risk: &MergedRisk, level: Level) -> bool {
    !risk.risk.closed && risk.reaches >= level
}

/// Compare last period's risks with this period's, at `level`.
pub fn compare(previous: &[MergedRisk], current: &[MergedRisk], level: Level) -> Vec<RiskChange> {
    let key = keyer(previous, current);
    let before: HashMap<String, &MergedRisk> = previous
        .iter()
        .filter_map(|r| key(r).map(|k| (k, r)))
        .collect();
    let now: HashMap<String, &MergedRisk> = current
        .iter()
        .filter_map(|r| key(r).map(|k| (k, r)))
        .collect();
    let mut changes = Vec::new();
    for risk in current {
        let mut change = describe(risk, risk.risk.id.clone(), None);
        match key(risk).and_then(|k| before.get(&k)) {
            None => change.categories.push(Category::New),
            Some(was) => {
                change.previous_score = was.current_score;
                change.previous_level = Some(was.reaches.label().to_string());
                if risk.risk.closed && !was.risk.closed {
                    change.categories.push(Category::Closed);
                }
                match (reaches(was, level), reaches(risk, level)) {
                    (false, true) => change.categories.push(Category::Escalated),
                    (true, false) if !risk.risk.closed => {
                        change.categories.push(Category::SteppedDown)
                    }
                    _ => {}
                }
                if let (Some(old), Some(new)) = (was.current_score, risk.current_score) {
                    change.categories.push(if new > old {
                        Category::ScoreUp
                    } else if new < old {
                        Category::ScoreDown
                    } else {
                        Category::Same
                    });
                }
            }
        }
        changes.push(change);
    }
    for was in previous {
        if key(was).is_some_and(|k| !now.contains_key(&k)) {
            let mut change = describe(was, was.risk.id.clone(), None);
            change.current_score = None;
            change.current_level = None;
            change.previous_score = was.current_score;
            change.previous_level = Some(was.reaches.label().to_string());
            change.categories.push(Category::Missing);
            changes.push(change);
        }
    }
    flag_renames(&mut changes);
    changes
}

fn describe(risk: &MergedRisk, id: Option<String>, previous: Option<f64>) -> RiskChange {
    RiskChange {
        id: id.unwrap_or_default(),
        title: risk.risk.title.clone().unwrap_or_default(),
        directorate: risk.risk.directorate.clone().unwrap_or_default(),
        service: risk.risk.service.clone().unwrap_or_default(),
        categories: Vec::new(),
        previous_score: previous,
        current_score: risk.current_score,
        previous_level: None,
        current_level: Some(risk.reaches.label().to_string()),
        renamed: None,
        source: risk.provenance.clone(),
    }
}

/// A new risk and a missing one in the same service with nearly the same title may be
/// one risk whose ID changed: both are flagged, neither merged.
fn flag_renames(changes: &mut [RiskChange]) {
    let missing: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].categories.contains(&Category::Missing))
        .collect();
    let new: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].categories.contains(&Category::New))
        .collect();
    for &m in &missing {
        let best = new
            .iter()
            .filter(|&&n| changes[n].service == changes[m].service && changes[n].renamed.is_none())
            .map(|&n| {
                (
                    n,
                    strsim::jaro_winkler(&squash(&changes[n].title), &squash(&changes[m].title)),
                )
            })
            .filter(|(_, similarity)| *similarity >= RENAME_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((n, _)) = best {
            let (old_id, new_id) = (changes[m].id.clone(), changes[n].id.clone());
            changes[n].categories.push(Category::PossibleRename);
            changes[n].renamed = Some(format!("was {old_id}"));
            changes[n].previous_score = changes[m].previous_score;
            changes[m].categories.push(Category::PossibleRename);
            changes[m].renamed = Some(format!("now {new_id}"));
        }
    }
}

/// A service whose every risk (or indicator) of last period is missing this period,
/// with none of its own here: it has sent no return, or its return is not among the
/// inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoReturn {
    /// Whether its register or its indicator return is missing.
    pub kind: ReturnKind,
    /// The directorate, as last period's return names it.
    pub directorate: String,
    /// The service, as last period's return names it.
    pub service: String,
    /// Last period's file holding its risks (or indicators).
    pub file: String,
    /// Its risks' (or indicators') IDs, in last period's order, each once.
    pub ids: Vec<String>,
    /// An indicator return's latest period reported last period ("Sep 2026").
    pub latest: Option<String>,
}

/// Which of a service's returns is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReturnKind {
    /// Its risk register.
    Register,
    /// Its indicator return.
    Indicators,
}

impl NoReturn {
    /// Its finding: `risk.missing` (a warning, as each of its risks' would be) for a
    /// register, `indicator.value-missing` (an error, as completeness is) for an
    /// indicator return, at last period's file.
    pub fn finding(&self) -> Finding {
        let ids = ids_in_words(&self.ids);
        let (service, file) = (&self.service, &self.file);
        let (rule, message) = match self.kind {
            ReturnKind::Register => {
                let held = match self.ids.len() {
                    1 => format!("1 risk ({ids})"),
                    n => format!("{n} risks ({ids})"),
                };
                (
                    Rule::RiskMissing,
                    format!(
                        "No risk of {service} is in this period's returns: last period's return ({file}) held {held}, none of them here. Has the service sent its return? Until it does, its risks are on no register this period."
                    ),
                )
            }
            ReturnKind::Indicators => {
                let reported = match self.ids.len() {
                    1 => "1 indicator".to_string(),
                    n => format!("{n} indicators"),
                };
                let latest = self
                    .latest
                    .as_deref()
                    .map(|p| format!(", the latest for {p}"))
                    .unwrap_or_default();
                (
                    Rule::IndicatorValueMissing,
                    format!(
                        "No indicator of {service} is in this period's returns: last period's return ({file}) reported {reported} ({ids}){latest}. Has the service sent its return? Until it does, none of its values for the period is on the Indicators sheet."
                    ),
                )
            }
        };
        Finding::file(file, rule, message)
            .field("id")
            .whose(&self.directorate, &self.service)
    }
}

/// One of last period's risks or indicators, for grouping by service.
struct Item<'a> {
    /// Its service, squashed; empty where none is known.
    key: String,
    directorate: &'a str,
    service: &'a str,
    file: String,
    id: String,
    /// An indicator value's period.
    period: Option<crate::model::Period>,
}

/// Group last period's items of services absent this period. Items of no known
/// service are not grouped.
fn group_absent<'a>(
    kind: ReturnKind,
    items: impl Iterator<Item = Item<'a>>,
    present: &HashSet<String>,
) -> Vec<NoReturn> {
    let mut groups: Vec<(String, NoReturn, Option<crate::model::Period>)> = Vec::new();
    for item in items {
        if item.key.is_empty() || present.contains(&item.key) {
            continue;
        }
        match groups.iter_mut().find(|(k, _, _)| *k == item.key) {
            Some((_, group, latest)) => {
                if !group.ids.contains(&item.id) {
                    group.ids.push(item.id);
                }
                if item.period.map(|p| p.end()) > latest.map(|p| p.end()) {
                    *latest = item.period;
                }
            }
            None => groups.push((
                item.key,
                NoReturn {
                    kind,
                    directorate: item.directorate.to_string(),
                    service: item.service.to_string(),
                    file: item.file,
                    ids: vec![item.id],
                    latest: None,
                },
                item.period,
            )),
        }
    }
    groups
        .into_iter()
        .map(|(_, group, latest)| NoReturn {
            latest: latest.map(|p| p.to_string()),
            ..group
        })
        .collect()
}

/// "HO-1, HO-2" (the first ten, and how many more).
fn ids_in_words(ids: &[String]) -> String {
    const NAMED: usize = 10;
    let mut words = ids
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > NAMED {
        words.push_str(&format!(" and {} more", ids.len() - NAMED));
    }
    words
}

/// The services that reported indicators last period and report none this period,
/// in last period's order: those with an indicator whose next period has ended by
/// `as_of` (a return of quarterly indicators, its quarter reported, is not missing a
/// month later).
pub fn services_without_indicators(
    previous: &[MergedIndicator],
    current: &[MergedIndicator],
    as_of: NaiveDate,
) -> Vec<NoReturn> {
    let key = |m: &MergedIndicator| m.value.service.as_deref().map(squash).unwrap_or_default();
    let present: HashSet<String> = current.iter().map(key).collect();
    // Each series' latest period last period.
    let mut latest: HashMap<(String, String), Period> = HashMap::new();
    for m in previous {
        let Some(period) = m.value.period else {
            continue;
        };
        let id = m.value.id.as_deref().map(squash).unwrap_or_default();
        let entry = latest.entry((key(m), id)).or_insert(period);
        if period.end() > entry.end() {
            *entry = period;
        }
    }
    let due_again: HashSet<&str> = latest
        .iter()
        .filter(|(_, period)| due_since(**period, as_of))
        .map(|((service, _), _)| service.as_str())
        .collect();
    group_absent(
        ReturnKind::Indicators,
        previous
            .iter()
            .filter(|m| due_again.contains(key(m).as_str()))
            .map(|m| Item {
                key: key(m),
                directorate: m.value.directorate.as_deref().unwrap_or_default(),
                service: m.value.service.as_deref().unwrap_or_default(),
                file: file_in(&m.provenance),
                id: m.value.id.as_deref().unwrap_or_default().to_string(),
                period: m.value.period,
            }),
        &present,
    )
}

/// Whether a period of the same frequency after `latest` has ended by `as_of`.
fn due_since(latest: Period, as_of: NaiveDate) -> bool {
    [latest.year, Period::year_of(as_of)]
        .into_iter()
        .any(|year| {
            Period::due(year, latest.frequency(), as_of)
                .iter()
                .any(|next| next.end() > latest.end())
        })
}

/// The services with no risk this period whose risks last period are all missing,
/// in last period's order. Risks of no known service are not grouped.
pub fn services_without_return(changes: &[RiskChange]) -> Vec<NoReturn> {
    let missing = |c: &RiskChange| c.categories.contains(&Category::Missing);
    let present: HashSet<String> = changes
        .iter()
        .filter(|c| !missing(c))
        .map(|c| squash(&c.service))
        .collect();
    group_absent(
        ReturnKind::Register,
        changes.iter().filter(|c| missing(c)).map(|c| Item {
            key: squash(&c.service),
            directorate: &c.directorate,
            service: &c.service,
            file: file_of(c),
            id: c.id.clone(),
            period: None,
        }),
        &present,
    )
}

/// The file of a change's source, `file › sheet!row`.
fn file_of(change: &RiskChange) -> String {
    file_in(&change.source)
}

/// The file of a provenance, `file › sheet!row`: the file the row was read from.
fn file_in(provenance: &str) -> String {
    Source::chain(provenance)
        .first()
        .map_or(provenance, |link| link.file)
        .to_string()
}

/// A `risk.missing` warning per risk in last period's returns and not in this
/// period's, naming where it was; one for all of a service's risks where the service
/// has none here, as its return is what is missing.
pub fn missing_findings(changes: &[RiskChange]) -> Vec<Finding> {
    let without = services_without_return(changes);
    let grouped: HashSet<String> = without.iter().map(|g| squash(&g.service)).collect();
    let mut findings: Vec<Finding> = changes
        .iter()
        .filter(|c| c.categories.contains(&Category::Missing))
        .filter(|c| !grouped.contains(&squash(&c.service)))
        .map(|c| {
            let rename = c.renamed.as_deref().map(|r| format!(" It may have been renamed ({r}).")).unwrap_or_default();
            Finding::file(
                file_of(c),
                Rule::RiskMissing,
                format!(
                    "Risk {} ({}) was in last period's returns ({}, score {}) but is not in this period's: if it was closed, keep it with status Closed; if it moved, say where.{rename}",
                    c.id,
                    c.title,
                    c.source,
                    c.previous_score.map(format_number).unwrap_or_else(|| "not scored".into())
                ),
            )
            .field("id")
            .whose(&c.directorate, &c.service)
        })
        .collect();
    findings.extend(without.iter().map(NoReturn::finding));
    findings
}

/// Counts by category, for the Summary sheet and `diff`.
pub fn counts(changes: &[RiskChange]) -> Vec<(Category, usize)> {
    let mut counts: Vec<(Category, usize)> = Vec::new();
    for change in changes {
        for category in &change.categories {
            match counts.iter_mut().find(|(c, _)| c == category) {
                Some((_, n)) => *n += 1,
                None => counts.push((*category, 1)),
            }
        }
    }
    counts.sort();
    counts
}
