//! Risk IDs across returns: `risk.duplicate-id` where two files use one ID for
//! different risks, and `risk.repeated` where two files hold the same risk. Indicator
//! values across returns: `indicator.duplicate-period` where two files give one
//! service's indicator for the same period.

use crate::finding::{Finding, Rule};
use crate::model::{IndicatorValue, Period, Risk, Source};
use crate::schema::squash;
use std::collections::HashMap;

/// A sheet and the earlier sheet it repeats: file, sheet, earlier file, earlier sheet.
type Sheets<'a> = (&'a str, &'a str, &'a str, &'a str);

/// Add a repeated item and the earlier one it repeats to the pairs of their two sheets.
fn pair_by_sheets<'a, T>(
    repeated: &mut Vec<(Sheets<'a>, Vec<(T, T)>)>,
    source: &'a Source,
    earlier: &'a Source,
    pair: (T, T),
) {
    let sheets = (
        &*source.file,
        &*source.sheet,
        &*earlier.file,
        &*earlier.sheet,
    );
    match repeated.iter_mut().find(|(s, _)| *s == sheets) {
        Some((_, pairs)) => pairs.push(pair),
        None => repeated.push((sheets, vec![pair])),
    }
}

/// From this many risks of one sheet repeated from one other sheet, one finding says so
/// for them all: the sheet is most likely a copy.
const COPY_THRESHOLD: usize = 3;

/// One `risk.duplicate-id` per later use of an ID that an earlier file used for a
/// different risk; `risk.repeated` for the same risk (ID and title) in a later file.
pub fn across_returns<'a>(risks: impl IntoIterator<Item = &'a Risk>) -> Vec<Finding> {
    let mut first: HashMap<String, &Risk> = HashMap::new();
    let mut findings = Vec::new();
    // Risks repeated, by the sheet they are on and the sheet they repeat.
    let mut repeated: Vec<(Sheets, Vec<(&Risk, &Risk)>)> = Vec::new();
    // IDs used for different risks, likewise.
    let mut clashing: Vec<(Sheets, Vec<(&Risk, &Risk)>)> = Vec::new();
    for risk in risks {
        let (Some(id), Some(source)) = (&risk.id, &risk.source) else {
            continue;
        };
        let key = crate::model::id_key(id);
        let Some(earlier) = first.get(&key) else {
            first.insert(key, risk);
            continue;
        };
        let Some(earlier_source) = &earlier.source else {
            continue;
        };
        // Within one sheet the register check already reports it; two sheets of one
        // workbook are two registers, as two files are.
        if earlier_source.file == source.file && earlier_source.sheet == source.sheet {
            continue;
        }
        let same_risk = squash(earlier.title.as_deref().unwrap_or(""))
            == squash(risk.title.as_deref().unwrap_or(""));
        if same_risk {
            pair_by_sheets(&mut repeated, source, earlier_source, (risk, earlier));
        } else {
            pair_by_sheets(&mut clashing, source, earlier_source, (risk, earlier));
        }
    }
    for (sheets, pairs) in clashing {
        findings.push(ids_clashing(sheets, &pairs));
    }
    for (sheets, pairs) in repeated {
        repeated_risks(sheets, &pairs, &mut findings);
    }
    findings
}

/// `risk.duplicate-id` for IDs a sheet uses that an earlier sheet used for different
/// risks: once for them all.
fn ids_clashing(
    (file, sheet, earlier_file, earlier_sheet): Sheets,
    pairs: &[(&Risk, &Risk)],
) -> Finding {
    let (risk, earlier) = pairs[0];
    let id = risk.id.as_deref().unwrap_or("");
    let message = if let [_] = pairs {
        format!(
            "The risk ID {id} is also used{} in {earlier_file} › {earlier_sheet}!{} for a different risk ('{}'): IDs must be unique across the returns consolidated together.",
            crate::check::register::written_as(id, earlier.id.as_deref()),
            earlier.cell("id"),
            earlier.title.as_deref().unwrap_or("untitled")
        )
    } else {
        // Registers numbered alike (1, 2, 3) clash on every row: said once.
        format!(
            "{} risk IDs here ({}) are also used in {earlier_file} › {earlier_sheet} for different risks ({id} there is '{}'): IDs must be unique across the returns consolidated together. Registers numbered alike clash on every row: give each ID a prefix for its service ('HS-1' rather than '1').",
            pairs.len(),
            named(pairs.iter().filter_map(|(m, _)| m.id.as_deref()).collect()),
            earlier.title.as_deref().unwrap_or("untitled")
        )
    };
    Finding::file(file, Rule::RiskDuplicateId, message)
        .on_sheet(sheet)
        .at(risk.cell("id"))
        .field("id")
}

/// `risk.repeated` for risks a sheet holds that an earlier sheet holds too: one finding
/// each, or one for them all where there are so many the sheet looks a copy.
fn repeated_risks(
    (file, sheet, earlier_file, earlier_sheet): Sheets,
    pairs: &[(&Risk, &Risk)],
    findings: &mut Vec<Finding>,
) {
    // Another sheet of the same workbook is named as a sheet, not as a file.
    let one_workbook = file == earlier_file;
    let elsewhere = if one_workbook {
        format!("this workbook's sheet '{earlier_sheet}'")
    } else {
        format!("{earlier_file} › {earlier_sheet}")
    };
    if pairs.len() >= COPY_THRESHOLD {
        let ids: Vec<&str> = pairs.iter().filter_map(|(m, _)| m.id.as_deref()).collect();
        let count = ids.len();
        let named = named(ids);
        findings.push(
            Finding::file(
                file,
                Rule::RiskRepeated,
                format!(
                    "{count} risks here ({named}) are also in {elsewhere}, with the same IDs and titles: is one an old copy of the other? Each is counted twice on the Register and in the heat map; {}.",
                    if one_workbook {
                        "delete the copy from the workbook"
                    } else {
                        "leave the copy out of the run"
                    }
                ),
            )
            .on_sheet(sheet)
            .at(pairs[0].0.cell("id"))
            .field("id"),
        );
        return;
    }
    for &(risk, earlier) in pairs {
        findings.push(
            Finding::file(
                file,
                Rule::RiskRepeated,
                format!(
                    "The risk {} ('{}') is also in {}: the same risk in two returns is counted twice on the Register and in the heat map. Keep it in the register of the service that owns it, or give each its own ID.",
                    risk.id.as_deref().unwrap_or(""),
                    risk.title.as_deref().unwrap_or("untitled"),
                    if one_workbook {
                        format!("{elsewhere} at {}", earlier.cell("id"))
                    } else {
                        format!("{elsewhere}!{}", earlier.cell("id"))
                    }
                ),
            )
            .on_sheet(sheet)
            .at(risk.cell("id"))
            .field("id"),
        );
    }
}

/// IDs in a message: all of up to five, else the first four "and N more".
fn named(ids: Vec<&str>) -> String {
    match ids.len() {
        n if n > 5 => format!("{} and {} more", ids[..4].join(", "), n - 4),
        _ => ids.join(", "),
    }
}

/// One `indicator.duplicate-period` per sheet whose values a sheet of an earlier file
/// gives too: the same service's indicator for the same period (a return resubmitted
/// under another name, both left in the folder). Values whose service is not known
/// cannot be told apart and are passed over; within one file the return's own check
/// reports them.
pub fn indicators_across_returns<'a>(
    values: impl IntoIterator<Item = &'a IndicatorValue>,
) -> Vec<Finding> {
    // Names made comparable once each, not once a value: a number per squashed name.
    let mut names = Names::default();
    type Key = (Option<usize>, usize, usize, Period);
    let mut first: HashMap<Key, &IndicatorValue> = HashMap::new();
    // Values given again, by the sheet they are on and the sheet that gave them first.
    let mut repeated: Vec<(Sheets, Vec<(&IndicatorValue, &IndicatorValue)>)> = Vec::new();
    for value in values.into_iter().filter(|v| !v.blank_period) {
        let (Some(key), Some(source)) = (names.key(value), &value.source) else {
            continue;
        };
        let Some(earlier) = first.get(&key).copied() else {
            first.insert(key, value);
            continue;
        };
        let Some(earlier_source) = &earlier.source else {
            continue;
        };
        if earlier_source.file == source.file {
            continue;
        }
        pair_by_sheets(&mut repeated, source, earlier_source, (value, earlier));
    }
    let mut findings = Vec::new();
    for ((file, sheet, earlier_file, earlier_sheet), pairs) in repeated {
        let (value, earlier) = pairs[0];
        let differ = pairs
            .iter()
            .filter(|(a, b)| (a.actual, a.target) != (b.actual, b.target))
            .count();
        let service = value.service.as_deref().unwrap_or_default();
        let message = if let [(value, earlier)] = pairs.as_slice() {
            format!(
                "{} of {service} for {} is also given by {earlier_file} › {earlier_sheet}!{}, {}: one service's indicator given by two returns is counted twice on the Indicators sheet. Leave the old return out of the run, or correct the service.",
                value.label(),
                value.period.map(|p| p.to_string()).unwrap_or_default(),
                earlier.first_cell,
                if differ == 0 {
                    "with the same figures"
                } else {
                    "with different figures"
                },
            )
        } else {
            let figures = match differ {
                0 => "all with the same figures".to_string(),
                n if n == pairs.len() => "all with different figures".to_string(),
                n => format!("{n} of them with different figures"),
            };
            format!(
                "{} indicator values of {service} here (the first, {} for {}) are also given by {earlier_file} › {earlier_sheet} (from row {}), {figures}: is one return an old copy of the other? Each is counted twice on the Indicators sheet; leave the copy out of the run.",
                pairs.len(),
                value.label(),
                value.period.map(|p| p.to_string()).unwrap_or_default(),
                earlier.first_cell.row + 1,
            )
        };
        findings.push(
            Finding::file(file, Rule::IndicatorDuplicatePeriod, message)
                .on_sheet(sheet)
                .at(value.first_cell)
                .field("id"),
        );
    }
    findings
}

/// Names (of directorates, services, indicators) as numbers, equal where their squashed
/// text is: each distinct text squashed once.
#[derive(Default)]
struct Names<'a> {
    seen: HashMap<&'a str, usize>,
    squashed: HashMap<String, usize>,
}

impl<'a> Names<'a> {
    fn number(&mut self, text: &'a str) -> usize {
        if let Some(&n) = self.seen.get(text) {
            return n;
        }
        let next = self.squashed.len();
        let n = *self.squashed.entry(squash(text)).or_insert(next);
        self.seen.insert(text, n);
        n
    }

    /// A value's directorate, service, indicator and period, where it has all but the
    /// directorate.
    fn key(&mut self, v: &'a IndicatorValue) -> Option<(Option<usize>, usize, usize, Period)> {
        let indicator = v.id.as_deref().or(v.name.as_deref())?;
        let (service, period) = (v.service.as_deref()?, v.period?);
        Some((
            v.directorate.as_deref().map(|d| self.number(d)),
            self.number(service),
            self.number(indicator),
            period,
        ))
    }
}
