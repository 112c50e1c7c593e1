//! The data-quality pack: per service, how complete its indicator returns are, its
//! findings by rule, and the outcomes of a verified spot-check.

use super::Consolidation;
use crate::finding::{Rule, Severity};
use crate::read::spotcheck::{CheckedRow, columns};
use crate::spotcheck::verify::{Summary, verify};
use std::borrow::Cow;
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

/// A service's place in the pack: directorate and service, borrowed from the
/// consolidation where it can be.
type ServiceKey<'a> = (Cow<'a, str>, Cow<'a, str>);

fn ensure<'a, 'k>(
    services: &'a mut BTreeMap<ServiceKey<'k>, ServiceQuality>,
    k: &ServiceKey<'k>,
) -> &'a mut ServiceQuality {
    services.entry(k.clone()).or_insert_with(|| ServiceQuality {
        directorate: k.0.to_string(),
        service: k.1.to_string(),
        ..ServiceQuality::default()
    })
}

fn key<'a>(directorate: Option<&'a str>, service: Option<&'a str>) -> ServiceKey<'a> {
    (
        Cow::Borrowed(directorate.unwrap_or_default()),
        Cow::Borrowed(service.unwrap_or("(service not given)")),
    )
}

/// The pack, one row per service seen in risks, indicators or findings.
pub fn data_quality(
    consolidation: &Consolidation,
    spot_check: Option<(&str, &str, &[CheckedRow])>,
) -> Vec<ServiceQuality> {
    let mut services: BTreeMap<ServiceKey, ServiceQuality> = BTreeMap::new();
    for merged in &consolidation.risks {
        let k = key(
            merged.risk.directorate.as_deref(),
            merged.risk.service.as_deref(),
        );
        ensure(&mut services, &k);
    }
    for merged in &consolidation.indicators {
        let k = key(
            merged.value.directorate.as_deref(),
            merged.value.service.as_deref(),
        );
        let due = merged
            .value
            .period
            .is_some_and(|p| p.end() <= consolidation.as_of);
        if due && merged.value.actual_reported() {
            ensure(&mut services, &k).reported += 1;
        } else {
            ensure(&mut services, &k);
        }
    }
    // A finding is its row's service's, else its return's (as the Findings sheet
    // places it).
    let places = consolidation.finding_places();
    for (finding, place) in consolidation.findings.iter().zip(places) {
        let k = place
            .map(|place| key(place.directorate, place.service))
            .unwrap_or_else(|| {
                (
                    Cow::Borrowed(""),
                    Cow::Owned(format!("(whole file) {}", finding.file)),
                )
            });
        let quality = ensure(&mut services, &k);
        // A service with no return (no sheet to the finding) has its indicators
        // counted below.
        if finding.rule == Rule::IndicatorValueMissing && finding.sheet.is_some() {
            quality.missing += 1;
        }
        let counts = match finding.severity {
            Severity::Error => &mut quality.errors,
            Severity::Warning => &mut quality.warnings,
            Severity::Info => continue,
        };
        *counts.entry(finding.rule).or_default() += 1;
    }
    // A service with no return this period (last period given): each of its
    // indicators of last period is due but missing.
    for group in &consolidation.no_return {
        if group.kind == super::changes::ReturnKind::Indicators {
            let k = key(Some(&group.directorate), Some(&group.service));
            ensure(&mut services, &k).missing += group.ids.len();
        }
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
