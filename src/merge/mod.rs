//! Consolidation: every risk of every return in one set with its provenance, the level
//! each reaches by escalation, the cross-return checks, and the ledger that proves no
//! row was lost.

pub mod changes;
pub mod chase;
pub mod duplicates;
pub mod indicators;
pub mod ledger;
pub mod quality;

use crate::check::{FileReport, Library};
use crate::finding::{Finding, Tally};
use crate::model::{Risk, Source};
use crate::schema::{Framework, Stage};
use chrono::NaiveDate;
pub use indicators::{Direction, MergedIndicator};
pub use ledger::LedgerEntry;
use std::collections::HashMap;
use std::fmt;

/// A level of the register hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A service's own register.
    Service,
    /// A directorate's register: its own risks and services' risks at or above its tolerance.
    Directorate,
    /// The corporate register: its own risks and those at or above the corporate tolerance.
    Corporate,
}

impl Level {
    /// "Service", "Directorate", "Corporate".
    pub fn label(self) -> &'static str {
        match self {
            Level::Service => "Service",
            Level::Directorate => "Directorate",
            Level::Corporate => "Corporate",
        }
    }

    /// The level a register-level cell names, if any: "Corporate", "Directorate",
    /// "Service", also as an escalation ("Escalated to Corporate", "Escalate to the
    /// directorate"), by the register's initials ("CRR", "DRR", "SRR") or by the board
    /// that holds it ("CMT", "SLT", "Management Board"; "DMT", "DLT").
    pub fn from_text(text: &str) -> Option<Level> {
        let text = text.trim().to_lowercase();
        let text = ["escalated to", "escalate to", "escalated"]
            .iter()
            .find_map(|lead| text.strip_prefix(lead))
            .map_or(text.as_str(), |rest| {
                let rest = rest.trim_start_matches([' ', ':', '-']);
                rest.strip_prefix("the ").unwrap_or(rest)
            });
        let initials = crate::schema::squash(text);
        match initials.as_str() {
            "crr" | "cmt" | "clt" | "slt" | "elt" | "managementboard" | "cabinet" => {
                return Some(Level::Corporate);
            }
            "drr" | "dmt" | "dlt" => return Some(Level::Directorate),
            "srr" | "orr" => return Some(Level::Service),
            _ => {}
        }
        if text.starts_with("corporate") || text.starts_with("strategic") {
            Some(Level::Corporate)
        } else if text.starts_with("directorate") || text.starts_with("department") {
            Some(Level::Directorate)
        } else if text.starts_with("service")
            || text.starts_with("operational")
            || text.starts_with("team")
        {
            Some(Level::Service)
        } else {
            // "Corfforaethol / Corporate": a level in two languages.
            crate::schema::in_two_languages(text, Level::from_text)
        }
    }

    /// The level a status or register-level cell says a risk was escalated to
    /// ("Escalated to directorate", "Escalated to the Corporate Risk Register"): the
    /// officer's own escalation, below the level's tolerance or not.
    pub fn escalated_to(text: &str) -> Option<Level> {
        let lower = text.trim().to_lowercase();
        if lower.starts_with("escalat") {
            Level::from_text(&lower)
        } else {
            None
        }
    }

    /// The level a current score reaches under the framework's tolerances.
    pub fn reached_by(score: Option<f64>, framework: &Framework) -> Level {
        match score {
            Some(s) if s >= f64::from(framework.escalation.corporate) => Level::Corporate,
            Some(s) if s >= f64::from(framework.escalation.directorate) => Level::Directorate,
            _ => Level::Service,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One risk in the consolidated set.
#[derive(Debug, Clone)]
pub struct MergedRisk {
    /// The risk as read.
    pub risk: Risk,
    /// The register it is recorded on (from a register-level column; service by default).
    pub recorded_at: Level,
    /// The highest level its current score reaches.
    pub reaches: Level,
    /// Whether it is on this consolidation's Register sheet.
    pub on_register: bool,
    /// The current score used to band and escalate, where it can be computed.
    pub current_score: Option<f64>,
    /// Findings on its row, by severity.
    pub tally: Tally,
    /// `file › sheet!row`, with the original source where the row came from a consolidated workbook.
    pub provenance: String,
    /// Last period's current score, where last period was given.
    pub previous_score: Option<f64>,
    /// What changed since last period ("Escalated; score up"), where last period was given.
    pub change: Option<String>,
}

/// Everything a consolidated workbook shows.
#[derive(Debug, Clone)]
pub struct Consolidation {
    /// The level consolidated to.
    pub level: Level,
    /// The reporting date.
    pub as_of: NaiveDate,
    /// Input files, in order.
    pub files: Vec<String>,
    /// Files that could not be read at all.
    pub unreadable_files: Vec<String>,
    /// Every risk read, in file and row order.
    pub risks: Vec<MergedRisk>,
    /// Every indicator value read, by directorate, service, indicator and period.
    pub indicators: Vec<MergedIndicator>,
    /// Every finding: each file's and the cross-return ones, in file order.
    pub findings: Vec<Finding>,
    /// Per file and sheet: rows read, taken and left out.
    pub ledger: Vec<LedgerEntry>,
    /// Per service: completeness, findings by rule, spot-check outcomes.
    pub data_quality: Vec<quality::ServiceQuality>,
    /// What changed since last period, where last period was given.
    pub changes: Option<Vec<changes::RiskChange>>,
    /// Last period's Register risks per (likelihood, impact), for the heat map.
    pub previous_grid: Option<[[usize; 5]; 5]>,
    /// Where last period was given, the services with a register or indicator return
    /// last period and none this period.
    pub no_return: Vec<changes::NoReturn>,
    /// The registers and indicator returns completed for an earlier period than the
    /// reporting date's (`sheet.out-of-date`) or a later one (`sheet.ahead-of-date`).
    pub dated_apart: Vec<DatedApart>,
    /// The corporate plan's priorities, that risks and indicators cite.
    pub plan: crate::model::PriorityPlan,
}

impl Consolidation {
    /// Compare with last period's consolidation: record each risk's change, add the
    /// Changes, the `risk.missing` findings and those of services with no return.
    pub fn compare_with(&mut self, previous: &Consolidation) {
        let found = changes::compare(&previous.risks, &self.risks, self.level);
        for (merged, change) in self.risks.iter_mut().zip(&found) {
            merged.previous_score = change.previous_score;
            merged.change = Some(change.summary());
        }
        self.findings.extend(changes::missing_findings(&found));
        let without_indicators = changes::services_without_indicators(
            &previous.indicators,
            &self.indicators,
            self.as_of,
        );
        self.findings
            .extend(without_indicators.iter().map(changes::NoReturn::finding));
        self.no_return = changes::services_without_return(&found);
        self.no_return.extend(without_indicators);
        self.changes = Some(found);
        // Again, with last period's findings and the services with no return.
        self.data_quality = quality::data_quality(self, None);
        self.previous_grid = Some(previous.register_grid(crate::model::Kind::Risk));
        self.direction_from(previous);
    }

    /// An indicator value with no earlier period in this period's returns takes its
    /// direction of travel from last period's latest earlier value of the same series.
    fn direction_from(&mut self, previous: &Consolidation) {
        type SeriesKey = (
            Option<crate::model::Text>,
            Option<crate::model::Text>,
            String,
        );
        let key = |m: &MergedIndicator| -> SeriesKey {
            (
                m.value.directorate.clone(),
                m.value.service.clone(),
                m.value
                    .id
                    .as_deref()
                    .map(crate::schema::squash)
                    .unwrap_or_default(),
            )
        };
        let mut earlier: HashMap<SeriesKey, Vec<(crate::model::Period, f64)>> = HashMap::new();
        for m in &previous.indicators {
            if let (Some(period), Some(actual)) = (m.value.period, m.value.actual) {
                earlier.entry(key(m)).or_default().push((period, actual));
            }
        }
        for current in self.indicators.iter_mut().filter(|m| m.direction.is_none()) {
            let (Some(period), Some(actual)) = (current.value.period, current.value.actual) else {
                continue;
            };
            let before = earlier.get(&key(current)).and_then(|values| {
                values
                    .iter()
                    .filter(|(p, _)| *p < period)
                    .max_by_key(|(p, _)| *p)
            });
            if let Some((_, was)) = before {
                current.direction = Some(Direction::between(*was, actual, current.polarity));
            }
        }
    }
}

impl Consolidation {
    /// The risks on the Register, in the order they were read.
    pub fn on_register(&self) -> impl Iterator<Item = &MergedRisk> {
        self.risks.iter().filter(|r| r.on_register)
    }

    /// The Register: risks at this level, highest current score first.
    pub fn register(&self) -> Vec<&MergedRisk> {
        let mut register: Vec<&MergedRisk> = self.on_register().collect();
        register.sort_by(|a, b| {
            b.current_score
                .unwrap_or(0.0)
                .total_cmp(&a.current_score.unwrap_or(0.0))
                .then_with(|| a.risk.id.cmp(&b.risk.id))
        });
        register
    }

    /// Counts of findings by severity.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }

    /// Register risks of a kind per current (likelihood, impact), 1-based, where both
    /// are on the scale.
    pub fn register_grid(&self, kind: crate::model::Kind) -> [[usize; 5]; 5] {
        self.register_grid_at(kind, Stage::Current)
    }

    /// Register risks of a kind per (likelihood, impact) at a stage (before controls,
    /// now, at their target), 1-based, where both are on the scale.
    pub fn register_grid_at(&self, kind: crate::model::Kind, stage: Stage) -> [[usize; 5]; 5] {
        let mut grid = [[0usize; 5]; 5];
        for merged in self.on_register().filter(|m| m.risk.kind == kind) {
            let assessment = merged.risk.assessment(stage);
            if let (Some(_), Some(l), Some(i)) = (
                assessment.computed_score(),
                assessment.likelihood,
                assessment.impact,
            ) {
                grid[l as usize - 1][i as usize - 1] += 1;
            }
        }
        grid
    }

    /// How many risks reach a level or above.
    pub fn reaching(&self, level: Level) -> usize {
        self.risks
            .iter()
            .filter(|r| !r.risk.closed && r.reaches >= level)
            .count()
    }

    /// The Register's open risks with a finding a lead chases, on their row or one of
    /// their actions' (an action plan sheet's, or the register's row or line each): no
    /// further action with an owner and a due date above the appetite, an action
    /// overdue, a review overdue. Each with what it needs, in the order of `register`
    /// (the Register's risks, as [`Consolidation::register`] gives them).
    pub fn needing_attention<'a>(
        &self,
        register: &[&'a MergedRisk],
    ) -> Vec<(&'a MergedRisk, Vec<&'static str>)> {
        use crate::finding::Rule;
        let mut needs: HashMap<(&str, &str, u32), Vec<&'static str>> = HashMap::new();
        for finding in &self.findings {
            let need = match finding.rule {
                Rule::RiskActionsMissing => "further actions with an owner and a due date",
                Rule::RiskActionOverdue => "an overdue action completed or re-dated",
                Rule::RiskReviewOverdue => "a review",
                _ => continue,
            };
            if let (Some(sheet), Some(row)) = (&finding.sheet, finding.row) {
                let list = needs.entry((&finding.file, sheet, row)).or_default();
                if !list.contains(&need) {
                    list.push(need);
                }
            }
        }
        if needs.is_empty() {
            return Vec::new();
        }
        register
            .iter()
            .copied()
            .filter(|merged| !merged.risk.closed)
            .filter_map(|merged| {
                let risk = &merged.risk;
                let source = risk.source.as_ref()?;
                let rows = std::iter::once((&*source.sheet, source.row)).chain(
                    risk.planned
                        .iter()
                        .map(|action| (&*action.sheet, action.due_cell.row + 1)),
                );
                let mut found: Vec<&'static str> = Vec::new();
                for (sheet, row) in rows {
                    for need in needs
                        .get(&(&*source.file, sheet, row))
                        .into_iter()
                        .flatten()
                    {
                        if !found.contains(need) {
                            found.push(need);
                        }
                    }
                }
                (!found.is_empty()).then_some((merged, found))
            })
            .collect()
    }
}

/// Merge checked reports into one consolidation at `level`.
pub fn consolidate(
    mut reports: Vec<FileReport>,
    level: Level,
    framework: &Framework,
    library: &Library,
    as_of: NaiveDate,
) -> Consolidation {
    let ledger = ledger::ledger(&reports);
    let dated_apart = dated_apart(&reports, framework, as_of);
    let mut indicators = indicators::merge_indicators(&mut reports, library, as_of);
    let files: Vec<String> = reports.iter().map(|r| r.read.file.clone()).collect();
    let unreadable_files = reports
        .iter()
        .filter(|r| r.read.format.is_none())
        .map(|r| r.read.file.clone())
        .collect();
    let (mut risks, findings_by_file) = merge_risks(reports, level, framework);
    // The same ID for different risks in two returns, or the same risk in two: reported
    // with the later file's findings and counted on its row.
    let cross = duplicates::across_returns(risks.iter().map(|merged| &merged.risk));
    let cross_values =
        duplicates::indicators_across_returns(indicators.iter().map(|merged| &merged.value));
    count_on_risk_rows(&cross, &mut risks);
    count_on_indicator_rows(&cross_values, &mut indicators);
    let cross = cross.into_iter().chain(cross_values);
    let mut findings = with_cross_findings(findings_by_file, cross, &files);
    // The checks named where each finding of their own came from; those made across
    // returns are named here.
    let origins = crate::finding::origins(
        risks.iter().map(|merged| &merged.risk),
        indicators.iter().map(|merged| &merged.value),
    );
    crate::finding::name_origins(&mut findings, &origins);
    let mut consolidation = Consolidation {
        level,
        as_of,
        files,
        unreadable_files,
        risks,
        indicators,
        findings,
        ledger,
        data_quality: Vec::new(),
        changes: None,
        previous_grid: None,
        no_return: Vec::new(),
        dated_apart,
        plan: library.plan().clone(),
    };
    consolidation.data_quality = quality::data_quality(&consolidation, None);
    consolidation
}

/// A register or indicator return completed for an earlier period than the reporting
/// date's, or a later.
#[derive(Debug, Clone)]
pub struct DatedApart {
    /// Its file.
    pub file: String,
    /// Its sheet.
    pub sheet: String,
    /// The date its block gives, as written ("30/09/2026", "September 2026").
    pub written: String,
    /// Whether that is before the reporting date or after it.
    pub dated: crate::check::register::Dated,
}

/// The registers and indicator returns completed for an earlier period
/// (`sheet.out-of-date`) or a later (`sheet.ahead-of-date`).
fn dated_apart(reports: &[FileReport], framework: &Framework, as_of: NaiveDate) -> Vec<DatedApart> {
    let mut found = Vec::new();
    for report in reports {
        for (name, register) in report.read.registers() {
            let Some(completed_for) = &register.completed_for else {
                continue;
            };
            if let Some(dated) =
                crate::check::register::dated_apart(completed_for, framework, as_of)
            {
                found.push(DatedApart {
                    dated,
                    file: report.read.file.clone(),
                    sheet: completed_for
                        .sheet
                        .clone()
                        .unwrap_or_else(|| name.to_string()),
                    written: completed_for.written.clone(),
                });
            }
        }
        for sheets in report.read.returns_together() {
            if let Some(apart) = crate::check::indicator::dated::return_dated(&sheets, as_of) {
                found.push(DatedApart {
                    dated: apart.dated,
                    file: report.read.file.clone(),
                    sheet: apart.sheet.to_string(),
                    written: apart.completed_for.written.clone(),
                });
            }
        }
    }
    found
}

/// Every risk of every report, merged at `level` with the findings on its row counted,
/// and each report's findings, a list per file.
fn merge_risks(
    reports: Vec<FileReport>,
    level: Level,
    framework: &Framework,
) -> (Vec<MergedRisk>, Vec<Vec<Finding>>) {
    let mut findings_by_file: Vec<Vec<Finding>> = Vec::with_capacity(reports.len());
    let mut risks = Vec::new();
    for report in reports {
        let mut row_tally: HashMap<(Option<String>, Option<u32>), Tally> = HashMap::new();
        for finding in &report.findings {
            row_tally
                .entry((finding.sheet.clone(), finding.row))
                .or_default()
                .add(finding.severity);
        }
        for sheet in report.read.sheets {
            let crate::read::SheetContent::RiskRegister(register) = sheet.content else {
                continue;
            };
            let sheet_name = Some(sheet.name);
            for risk in register.rows.risks {
                let row = risk.source.as_ref().map(|s| s.row);
                let tally = row_tally
                    .get(&(sheet_name.clone(), row))
                    .copied()
                    .unwrap_or_default();
                risks.push(merge_one(risk, level, framework, tally));
            }
        }
        findings_by_file.push(report.findings);
    }
    (risks, findings_by_file)
}

/// Each finding made across returns on a risk's row counts on that risk.
fn count_on_risk_rows(cross: &[Finding], risks: &mut [MergedRisk]) {
    let position: HashMap<(&str, u32), usize> = risks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.risk.source.as_ref().map(|s| ((&*s.file, s.row), i)))
        .collect();
    let rows_hit: Vec<(usize, crate::finding::Severity)> = cross
        .iter()
        .filter_map(|f| {
            f.row
                .and_then(|row| position.get(&(f.file.as_str(), row)).copied())
                .map(|i| (i, f.severity))
        })
        .collect();
    for (i, severity) in rows_hit {
        risks[i].tally.add(severity);
    }
}

/// Each finding made across returns on an indicator row counts on every value of that
/// row.
fn count_on_indicator_rows(cross: &[Finding], indicators: &mut [MergedIndicator]) {
    let mut on_row: HashMap<(&str, &str, u32), Vec<crate::finding::Severity>> = HashMap::new();
    for finding in cross {
        if let (Some(sheet), Some(row)) = (&finding.sheet, finding.row) {
            on_row
                .entry((finding.file.as_str(), sheet.as_str(), row))
                .or_default()
                .push(finding.severity);
        }
    }
    if on_row.is_empty() {
        return;
    }
    for merged in indicators {
        let Some(source) = &merged.value.source else {
            continue;
        };
        for severity in on_row
            .get(&(&*source.file, &*source.sheet, source.row))
            .into_iter()
            .flatten()
        {
            merged.tally.add(*severity);
        }
    }
}

/// Every finding in file order: each file's own, then those made across returns that
/// name it.
fn with_cross_findings(
    findings_by_file: Vec<Vec<Finding>>,
    cross: impl Iterator<Item = Finding>,
    files: &[String],
) -> Vec<Finding> {
    let file_index: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i))
        .collect();
    let mut cross_by_file: Vec<Vec<Finding>> = vec![Vec::new(); files.len()];
    for finding in cross {
        if let Some(&i) = file_index.get(finding.file.as_str()) {
            cross_by_file[i].push(finding);
        }
    }
    findings_by_file
        .into_iter()
        .zip(cross_by_file)
        .flat_map(|(own, cross)| own.into_iter().chain(cross))
        .collect()
}

/// "file › sheet!row", followed by where a consolidated workbook's row came from.
pub(crate) fn provenance(source: Option<&Source>, note: Option<&str>) -> String {
    let here = source.map(ToString::to_string).unwrap_or_default();
    match note {
        Some(original) => format!("{here} ← {original}"),
        None => here,
    }
}

fn merge_one(risk: Risk, level: Level, framework: &Framework, tally: Tally) -> MergedRisk {
    let recorded_at = risk
        .register_level
        .as_deref()
        .and_then(Level::from_text)
        .or_else(|| risk.status.as_deref().and_then(Level::escalated_to))
        .unwrap_or(Level::Service);
    let current_score = risk.current.effective_score();
    let reaches = Level::reached_by(current_score, framework).max(recorded_at);
    // Recorded on this register, or escalated to it or past it (by its score or by the
    // officer): a risk on the corporate register stays on its directorate's too.
    let on_register = !risk.closed && reaches >= level;
    let provenance = provenance(risk.source.as_ref(), risk.source_note.as_deref());
    MergedRisk {
        risk,
        recorded_at,
        reaches,
        on_register,
        current_score,
        tally,
        provenance,
        previous_score: None,
        change: None,
    }
}

#[cfg(test)]
mod tests {
    use super::Level;

    #[test]
    fn a_register_level_reads_as_councils_write_it() {
        for (text, level) in [
            ("Corporate", Some(Level::Corporate)),
            ("Corporate Risk Register", Some(Level::Corporate)),
            ("Escalated to Corporate", Some(Level::Corporate)),
            (
                "Escalate to: the Corporate Risk Register",
                Some(Level::Corporate),
            ),
            ("CRR", Some(Level::Corporate)),
            ("CMT", Some(Level::Corporate)),
            ("Management Board", Some(Level::Corporate)),
            ("Strategic", Some(Level::Corporate)),
            ("Directorate", Some(Level::Directorate)),
            ("Escalated to directorate", Some(Level::Directorate)),
            ("DMT", Some(Level::Directorate)),
            ("D.R.R.", Some(Level::Directorate)),
            ("Service", Some(Level::Service)),
            ("Operational", Some(Level::Service)),
            ("SRR", Some(Level::Service)),
            ("Escalated", None),
            ("High", None),
            ("SMT", None),
        ] {
            assert_eq!(Level::from_text(text), level, "{text}");
        }
        assert_eq!(
            Level::escalated_to("Escalated to the Corporate Risk Register"),
            Some(Level::Corporate)
        );
        assert_eq!(
            Level::escalated_to("Escalate to: DMT"),
            Some(Level::Directorate)
        );
        assert_eq!(Level::escalated_to("Corporate"), None);
        assert_eq!(Level::escalated_to("Escalated"), None);
    }
}
