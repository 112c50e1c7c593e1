//! The returns a lead sends back to be corrected: those with error findings, each with
//! its service and how many errors it has; and whose each finding is, by the row it
//! is on or its return.

use super::Consolidation;
use crate::check::FileReport;
use crate::finding::{Finding, Severity};
use crate::model::{IndicatorValue, Risk, Source};
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
    Source::chain(provenance)
        .last()
        .map_or(provenance, |link| link.file)
}

/// Whose a row or a finding is: its directorate and service, where known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place<'a> {
    /// The directorate.
    pub directorate: Option<&'a str>,
    /// The service.
    pub service: Option<&'a str>,
}

/// The return a finding is of: the file it names, or through a directorate workbook
/// the service's own return its row came from.
fn finding_return(finding: &Finding) -> &str {
    finding
        .origin
        .as_deref()
        .map_or(finding.file.as_str(), return_file)
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
            let file = finding_return(finding);
            if !chased.contains(&file) {
                *errors.entry(file).or_default() += 1;
            }
        }
        let places = self.places_by_return();
        let mut returns: Vec<WithErrors> = errors
            .into_iter()
            .map(|(file, errors)| WithErrors {
                file: file.to_string(),
                service: places
                    .get(file)
                    .and_then(|place| place.service)
                    .map(str::to_string),
                errors,
            })
            .collect();
        returns.sort_by(|a, b| b.errors.cmp(&a.errors).then_with(|| a.file.cmp(&b.file)));
        returns
    }

    /// Each risk's and indicator value's place, with where it was read from and the
    /// return it was first written in.
    fn places(&self) -> impl Iterator<Item = Row<'_>> + Clone {
        let risks = self
            .risks
            .iter()
            .map(|merged| risk_row(&merged.risk, return_file(&merged.provenance)));
        let values = self
            .indicators
            .iter()
            .map(|merged| value_row(&merged.value, return_file(&merged.provenance)));
        risks.chain(values)
    }

    /// Each return's place, as the first of its rows that names its service gives it.
    fn places_by_return(&self) -> HashMap<&str, Place<'_>> {
        by_return(self.places())
    }

    /// Each finding's place, in the order of the findings: the row's it is on, else
    /// its return's (for a finding on a whole sheet or file), else none.
    pub fn finding_places(&self) -> Vec<Option<Place<'_>>> {
        places_of(self.places(), &self.findings)
    }
}

/// A row read: where from, the return it was first written in, and its place.
type Row<'a> = (Option<&'a Source>, &'a str, Place<'a>);

/// The return a row of `file` was first written in: the one its Source names, where
/// it was read from a consolidated workbook.
fn first_written<'a>(file: &'a str, note: Option<&'a str>) -> &'a str {
    note.map_or(file, return_file)
}

/// A risk's row, first written in `first_written`.
fn risk_row<'a>(risk: &'a Risk, first_written: &'a str) -> Row<'a> {
    let place = Place {
        directorate: risk.directorate.as_deref(),
        service: risk.service.as_deref(),
    };
    (risk.source.as_ref(), first_written, place)
}

/// An indicator value's row, first written in `first_written`.
fn value_row<'a>(value: &'a IndicatorValue, first_written: &'a str) -> Row<'a> {
    let place = Place {
        directorate: value.directorate.as_deref(),
        service: value.service.as_deref(),
    };
    (value.source.as_ref(), first_written, place)
}

/// Each return's place, as the first of its rows that names its service gives it.
fn by_return<'a>(rows: impl Iterator<Item = Row<'a>>) -> HashMap<&'a str, Place<'a>> {
    let mut places: HashMap<&str, Place> = HashMap::new();
    for (_, file, place) in rows {
        if place.service.is_some() {
            places.entry(file).or_insert(place);
        }
    }
    places
}

/// Each finding's place, in the order of the findings: the row's it is on, else its
/// return's (for a finding on a whole sheet or file), else none.
fn places_of<'a>(
    rows: impl Iterator<Item = Row<'a>> + Clone,
    findings: &'a [Finding],
) -> Vec<Option<Place<'a>>> {
    let by_row: HashMap<(&str, &str, u32), Place> = rows
        .clone()
        .filter_map(|(source, _, place)| {
            let source = source?;
            Some(((&*source.file, &*source.sheet, source.row), place))
        })
        .collect();
    let by_return = by_return(rows);
    findings
        .iter()
        .map(|finding| {
            let on_row = match (&finding.sheet, finding.row) {
                (Some(sheet), Some(row)) => {
                    by_row.get(&(finding.file.as_str(), sheet.as_str(), row))
                }
                _ => None,
            };
            // A finding about last period's return says whose it is itself.
            let own = finding
                .whose
                .as_deref()
                .map(|(directorate, service)| Place {
                    directorate: Some(directorate.as_str()),
                    service: Some(service.as_str()),
                });
            on_row
                .copied()
                .or(own)
                .or_else(|| by_return.get(finding_return(finding)).copied())
        })
        .collect()
}

/// Each of a checked file's findings' place, in the order of its findings, as a
/// consolidation's are placed: for `check --report`. A row read from a consolidated
/// workbook was first written in the return its Source names.
pub fn report_places(report: &FileReport) -> Vec<Option<Place<'_>>> {
    let file = report.read.file.as_str();
    let risks = report
        .read
        .registers()
        .flat_map(|(_, register)| &register.rows.risks)
        .map(|risk| risk_row(risk, first_written(file, risk.source_note.as_deref())));
    let values = report
        .read
        .returns()
        .flat_map(|(_, sheet)| &sheet.values)
        .map(|value| value_row(value, first_written(file, value.source_note.as_deref())));
    let rows: Vec<Row> = risks.chain(values).collect();
    places_of(rows.iter().copied(), &report.findings)
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
