//! `risk.duplicate-id` across returns: the same ID used for different risks in two files.

use super::MergedRisk;
use crate::finding::{Finding, Rule};
use crate::schema::squash;
use std::collections::HashMap;

/// One finding per later use of an ID that an earlier file used for a different risk.
pub fn across_returns(risks: &[MergedRisk]) -> Vec<Finding> {
    let mut first: HashMap<String, &MergedRisk> = HashMap::new();
    let mut findings = Vec::new();
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
        let same_file = earlier_source.file == source.file;
        let same_risk = squash(earlier.risk.title.as_deref().unwrap_or(""))
            == squash(merged.risk.title.as_deref().unwrap_or(""));
        // Within one file the register check already reports it; the same risk in two
        // returns (a shared risk) is one risk, not a clash.
        if same_file || same_risk {
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
    findings
}
