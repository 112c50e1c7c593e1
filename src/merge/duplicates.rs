//! Risk IDs across returns: `risk.duplicate-id` where two files use one ID for
//! different risks, and `risk.repeated` where two files hold the same risk.

use super::MergedRisk;
use crate::finding::{Finding, Rule};
use crate::schema::squash;
use std::collections::HashMap;

/// From this many risks of one sheet repeated from one other sheet, one finding says so
/// for them all: the sheet is most likely a copy.
const COPY_THRESHOLD: usize = 3;

/// One `risk.duplicate-id` per later use of an ID that an earlier file used for a
/// different risk; `risk.repeated` for the same risk (ID and title) in a later file.
pub fn across_returns(risks: &[MergedRisk]) -> Vec<Finding> {
    let mut first: HashMap<String, &MergedRisk> = HashMap::new();
    let mut findings = Vec::new();
    // Risks repeated, by the sheet they are on and the sheet they repeat.
    type Sheets<'a> = (&'a str, &'a str, &'a str, &'a str);
    let mut repeated: Vec<(Sheets, Vec<(&MergedRisk, &MergedRisk)>)> = Vec::new();
    for merged in risks {
        let (Some(id), Some(source)) = (&merged.risk.id, &merged.risk.source) else {
            continue;
        };
        let key = id.trim().to_lowercase();
        let Some(earlier) = first.get(&key) else {
            first.insert(key, merged);
            continue;
        };
        let Some(earlier_source) = &earlier.risk.source else {
            continue;
        };
        // Within one file the register check already reports it.
        if earlier_source.file == source.file {
            continue;
        }
        let same_risk = squash(earlier.risk.title.as_deref().unwrap_or(""))
            == squash(merged.risk.title.as_deref().unwrap_or(""));
        if same_risk {
            let sheets = (
                &*source.file,
                &*source.sheet,
                &*earlier_source.file,
                &*earlier_source.sheet,
            );
            match repeated.iter_mut().find(|(s, _)| *s == sheets) {
                Some((_, pairs)) => pairs.push((merged, earlier)),
                None => repeated.push((sheets, vec![(merged, earlier)])),
            }
            continue;
        }
        findings.push(
            Finding::file(
                &*source.file,
                Rule::RiskDuplicateId,
                format!(
                    "The risk ID {id} is also used in {} › {}!{} for a different risk ('{}'): IDs must be unique across the returns being consolidated.",
                    earlier_source.file,
                    earlier_source.sheet,
                    earlier.risk.cell("id"),
                    earlier.risk.title.as_deref().unwrap_or("untitled")
                ),
            )
            .on_sheet(&*source.sheet)
            .at(merged.risk.cell("id"))
            .field("id"),
        );
    }
    for ((file, sheet, earlier_file, earlier_sheet), pairs) in repeated {
        if pairs.len() >= COPY_THRESHOLD {
            let ids: Vec<&str> = pairs
                .iter()
                .filter_map(|(m, _)| m.risk.id.as_deref())
                .collect();
            let named = match ids.len() {
                n if n > 5 => format!("{} and {} more", ids[..4].join(", "), n - 4),
                _ => ids.join(", "),
            };
            findings.push(
                Finding::file(
                    file,
                    Rule::RiskRepeated,
                    format!(
                        "{} risks here ({named}) are also in {earlier_file} › {earlier_sheet}, with the same IDs and titles: is one an old copy of the other? Each is counted twice on the Register and in the heat map; leave the copy out of the run.",
                        ids.len()
                    ),
                )
                .on_sheet(sheet)
                .at(pairs[0].0.risk.cell("id"))
                .field("id"),
            );
            continue;
        }
        for (merged, earlier) in pairs {
            findings.push(
                Finding::file(
                    file,
                    Rule::RiskRepeated,
                    format!(
                        "The risk {} ('{}') is also in {earlier_file} › {earlier_sheet}!{}: the same risk in two returns is counted twice on the Register and in the heat map. Keep it in the register of the service that owns it, or give each its own ID.",
                        merged.risk.id.as_deref().unwrap_or(""),
                        merged.risk.title.as_deref().unwrap_or("untitled"),
                        earlier.risk.cell("id")
                    ),
                )
                .on_sheet(sheet)
                .at(merged.risk.cell("id"))
                .field("id"),
            );
        }
    }
    findings
}
