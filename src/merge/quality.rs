//! The data-quality pack: per service, how complete its indicator returns are, its
//! findings by rule, and the outcomes of a verified spot-check.

use super::Consolidation;
use crate::finding::{Rule, Severity};
use crate::read::spotcheck::{CheckedRow, columns};
use crate::spotcheck::verify::{Summary, verify};
use std::collections::{BTreeMap, HashMap};

/// One service's data quality.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceQuality {
    /// Directorate.
    pub directorate: String,
    /// Service.
    pub service: String,
    /// Indicator values reported for periods that are due.
    pub reported: usize,
    /// Values due but not reported (one `indicator.value-missing` each).
    pub missing: usize,
    /// Error findings by rule.
    pub errors: BTreeMap<Rule, usize>,
    /// Warning findings by rule.
    pub warnings: BTreeMap<Rule, usize>,
    /// Spot-check outcomes for the service's values, where a spot-check was given.
    pub spot_check: Option<Summary>,
}

impl ServiceQuality {
    /// Reported as a share of due, 0-100; none when nothing was due.
    pub fn completeness(&self) -> Option<f64> {
        let due = self.reported + self.missing;
        (due > 0).then(|| self.reported as f64 * 100.0 / due as f64)
    }
}

fn ensure<'a>(
    services: &'a mut BTreeMap<(String, String), ServiceQuality>,
    k: &(String, String),
) -> &'a mut ServiceQuality {
    services.entry(k.clone()).or_insert_with(|| ServiceQuality {
        directorate: k.0.clone(),
        service: k.1.clone(),
        ..ServiceQuality::default()
    })
}

/// The pack, one row per service seen in risks, indicators or findings.
pub fn data_quality(
    consolidation: &Consolidation,
    spot_check: Option<(&str, &str, &[CheckedRow])>,
) -> Vec<ServiceQuality> {
    let mut services: BTreeMap<(String, String), ServiceQuality> = BTreeMap::new();
    let mut place: HashMap<(String, String, u32), (String, String)> = HashMap::new();
    let key = |directorate: &Option<String>, service: &Option<String>| {
        (
            directorate.clone().unwrap_or_default(),
            service
                .clone()
                .unwrap_or_else(|| "(service not given)".into()),
        )
    };
    for merged in &consolidation.risks {
        let k = key(&merged.risk.directorate, &merged.risk.service);
        ensure(&mut services, &k);
        if let Some(source) = &merged.risk.source {
            place.insert(
                (
                    source.file.to_string(),
                    source.sheet.to_string(),
                    source.row,
                ),
                k,
            );
        }
    }
    for merged in &consolidation.indicators {
        let k = key(&merged.value.directorate, &merged.value.service);
        let due = merged
            .value
            .period
            .is_some_and(|p| p.end() <= consolidation.as_of);
        if due && merged.value.actual.is_some() {
            ensure(&mut services, &k).reported += 1;
        } else {
            ensure(&mut services, &k);
        }
        if let Some(source) = &merged.value.source {
            place.insert(
                (
                    source.file.to_string(),
                    source.sheet.to_string(),
                    source.row,
                ),
                k,
            );
        }
    }
    for finding in &consolidation.findings {
        let k = match (&finding.sheet, finding.row) {
            (Some(sheet), Some(row)) => place
                .get(&(finding.file.clone(), sheet.clone(), row))
                .cloned(),
            _ => None,
        }
        .unwrap_or_else(|| (String::new(), format!("(whole file) {}", finding.file)));
        let quality = ensure(&mut services, &k);
        if finding.rule == Rule::IndicatorValueMissing {
            quality.missing += 1;
        }
        let counts = match finding.severity {
            Severity::Error => &mut quality.errors,
            Severity::Warning => &mut quality.warnings,
            Severity::Info => continue,
        };
        *counts.entry(finding.rule).or_default() += 1;
    }
    if let Some((file, sheet, rows)) = spot_check {
        let mut by_service: HashMap<String, Vec<CheckedRow>> = HashMap::new();
        for row in rows {
            by_service
                .entry(row.text(columns::SERVICE))
                .or_default()
                .push(row.clone());
        }
        for quality in services.values_mut() {
            if let Some(rows) = by_service.get(&quality.service) {
                quality.spot_check = Some(verify(file, sheet, rows).summary);
            }
        }
    }
    services.into_values().collect()
}
