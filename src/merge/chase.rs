//! The returns a lead sends back to be corrected: those with error findings, each with
//! its service and how many errors it has.

use super::Consolidation;
use crate::finding::Severity;
use std::collections::HashMap;

/// A return with error findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithErrors {
    /// The return's file: the service's own, where the row came through a consolidated
    /// workbook.
    pub file: String,
    /// Its service, as its rows name it, where any row was read.
    pub service: Option<String>,
    /// How many error findings it has.
    pub errors: usize,
}

/// The file a provenance or an origin names last ("dir.xlsx › All risks!2 ←
/// returns/housing.xlsx › Register!7" is `returns/housing.xlsx`): the return the row
/// was first written in.
fn return_file(provenance: &str) -> &str {
    let last = provenance.rsplit(" \u{2190} ").next().unwrap_or(provenance);
    last.split(" \u{203a} ").next().unwrap_or(last)
}

impl Consolidation {
    /// The returns with error findings, most errors first: each named by the service's
    /// own file (through a directorate workbook, the return its row came from). Those
    /// already chased for another reason, a file that could not be read or last
    /// period's return of a service with none this period, are not among them.
    pub fn returns_with_errors(&self) -> Vec<WithErrors> {
        let chased: Vec<&str> = self
            .unreadable_files
            .iter()
            .map(String::as_str)
            .chain(self.no_return.iter().map(|group| group.file.as_str()))
            .collect();
        let mut errors: HashMap<&str, usize> = HashMap::new();
        for finding in self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            let file = finding
                .origin
                .as_deref()
                .map_or(finding.file.as_str(), return_file);
            if !chased.contains(&file) {
                *errors.entry(file).or_default() += 1;
            }
        }
        let mut services: HashMap<&str, &str> = HashMap::new();
        let risks = self
            .risks
            .iter()
            .map(|merged| (&merged.provenance, merged.risk.service.as_deref()));
        let values = self
            .indicators
            .iter()
            .map(|merged| (&merged.provenance, merged.value.service.as_deref()));
        for (provenance, service) in risks.chain(values) {
            if let Some(service) = service {
                services.entry(return_file(provenance)).or_insert(service);
            }
        }
        let mut returns: Vec<WithErrors> = errors
            .into_iter()
            .map(|(file, errors)| WithErrors {
                file: file.to_string(),
                service: services.get(file).map(|service| service.to_string()),
                errors,
            })
            .collect();
        returns.sort_by(|a, b| b.errors.cmp(&a.errors).then_with(|| a.file.cmp(&b.file)));
        returns
    }
}

#[cfg(test)]
mod tests {
    use super::return_file;

    #[test]
    fn a_rows_return_is_the_file_its_provenance_names_last() {
        assert_eq!(
            return_file("returns/housing.xlsx \u{203a} Register!7"),
            "returns/housing.xlsx"
        );
        assert_eq!(
            return_file(
                "people.xlsx \u{203a} All risks!2 \u{2190} returns/housing.xlsx \u{203a} Register!7"
            ),
            "returns/housing.xlsx"
        );
        assert_eq!(return_file("planning.csv"), "planning.csv");
    }
}
