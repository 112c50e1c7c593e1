//! Printing findings: lines for people (coloured on a terminal) or one JSON document.

use crate::check::FileReport;
use crate::finding::{Finding, Rule, Severity, Tally};
use serde::Serialize;
use std::io::{self, Write};

/// Whether to colour: a terminal, and `NO_COLOR` not set.
pub fn use_colour(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// One finding as a line: `file › sheet!cell  severity rule  message`, and where a
/// consolidated workbook's row came from: `(from file › sheet!row)`.
pub fn finding_line(finding: &Finding, colour: bool) -> String {
    let place = finding.place();
    let location = if place.is_empty() {
        finding.file.clone()
    } else {
        format!("{} › {place}", finding.file)
    };
    let severity = match finding.severity {
        Severity::Error => paint("error", "1;31", colour),
        Severity::Warning => paint("warning", "33", colour),
        Severity::Info => paint("info", "36", colour),
    };
    let origin = match &finding.origin {
        Some(origin) => format!(" (from {origin})"),
        None => String::new(),
    };
    format!(
        "{}  {severity} {}  {}{origin}",
        paint(&location, "1", colour),
        finding.rule,
        finding.message
    )
}

/// Print findings grouped by file, a blank line between files.
pub fn write_human(
    out: &mut dyn Write,
    reports: &[FileReport],
    quiet: bool,
    colour: bool,
) -> io::Result<()> {
    let mut first = true;
    for report in reports {
        let shown: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| !(quiet && f.severity == Severity::Info))
            .collect();
        if shown.is_empty() {
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        for finding in shown {
            writeln!(out, "{}", finding_line(finding, colour))?;
        }
    }
    Ok(())
}

/// The closing line: files, registers, risks, returns, definitions and counts. Indicator values
/// are counted as `consolidate` lists them: those reported or due by `as_of`.
pub fn summary_line(all: &[FileReport], as_of: chrono::NaiveDate) -> String {
    let tally = Tally::of(all.iter().flat_map(|r| r.findings.iter()));
    // A file the same as another, byte for byte, is counted once, as the other.
    let reports: Vec<&FileReport> = all
        .iter()
        .filter(|r| !r.findings.iter().any(|f| f.rule == Rule::FileDuplicate))
        .collect();
    // A register kept a sheet per month counts once: its other months are set aside.
    // So does one kept as cards, however many sheets they fill.
    let set_aside = |report: &FileReport, sheet: &str| {
        report
            .findings
            .iter()
            .any(|f| f.rule == Rule::SheetOtherPeriod && f.sheet.as_deref() == Some(sheet))
    };
    let registers: usize = reports
        .iter()
        .map(|r| {
            let (cards, tables): (Vec<_>, Vec<_>) = r
                .read
                .registers()
                .filter(|(name, _)| !set_aside(r, name))
                .partition(|(_, register)| register.cards);
            tables.len() + usize::from(!cards.is_empty())
        })
        .sum();
    let risks: usize = reports
        .iter()
        .flat_map(|r| r.read.registers())
        .map(|(_, reg)| reg.rows.risks.len())
        .sum();
    let opportunities = reports
        .iter()
        .flat_map(|r| r.read.registers())
        .flat_map(|(_, reg)| &reg.rows.risks)
        .filter(|risk| risk.kind == crate::model::Kind::Opportunity)
        .count();
    // As consolidate says it: "15 risks, 2 of them opportunities".
    let risks = match opportunities {
        0 => plural(risks, "risk"),
        n => format!("{}, {n} of them opportunities", plural(risks, "risk")),
    };
    // A return kept a sheet per period counts once.
    let returns: usize = reports.iter().map(|r| r.read.return_groups().len()).sum();
    let values: usize = reports
        .iter()
        .flat_map(|r| r.read.returns())
        .flat_map(|(_, sheet)| &sheet.values)
        .filter(|value| value.reported_or_due(as_of))
        .count();
    // What was read, each kind where there is any: a return of indicators alone is not
    // told it has no registers.
    let mut read = Vec::new();
    if registers > 0 {
        read.push(format!("{}, {risks}", plural(registers, "register")));
    }
    if returns > 0 {
        read.push(format!(
            "{}, {}",
            plural(returns, "indicator return"),
            plural(values, "indicator value")
        ));
    }
    let (libraries, definitions) = reports.iter().flat_map(|r| r.read.definitions()).fold(
        (0, 0),
        |(libraries, definitions), library| {
            (libraries + 1, definitions + library.definitions.len())
        },
    );
    if libraries > 0 {
        let sheets = if libraries == 1 {
            "a definitions library".to_string()
        } else {
            format!("{libraries} definitions libraries")
        };
        read.push(format!("{sheets} of {}", plural(definitions, "indicator")));
    }
    let read = if read.is_empty() {
        "no register, return or library".to_string()
    } else {
        read.join("; ")
    };
    format!(
        "Checked {} ({read}): {}, {}.",
        plural(all.len(), "file"),
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
    )
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    findings: Vec<&'a Finding>,
    summary: JsonSummary,
}

/// `{"findings": [...], "summary": {"files": n, "errors": n, "warnings": n}}`.
pub fn write_json(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let findings: Vec<&Finding> = reports.iter().flat_map(|r| r.findings.iter()).collect();
    let tally = Tally::of(findings.iter().copied());
    let report = JsonReport {
        findings,
        summary: JsonSummary {
            files: reports.len(),
            errors: tally.errors,
            warnings: tally.warnings,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Words listed with "or" before the last: "name, date or outcome".
pub fn or_list(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A count and its noun: "1 risk", "2 risks", "1 mismatch", "2 mismatches".
pub fn plural(count: usize, word: &str) -> String {
    let ending = match count {
        1 => "",
        _ if ["ch", "sh", "s", "x"].iter().any(|end| word.ends_with(end)) => "es",
        _ => "s",
    };
    format!("{count} {word}{ending}")
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn counts_take_their_nouns_plural() {
        assert_eq!(plural(1, "risk"), "1 risk");
        assert_eq!(plural(0, "risk"), "0 risks");
        assert_eq!(plural(1, "mismatch"), "1 mismatch");
        assert_eq!(plural(2, "mismatch"), "2 mismatches");
        assert_eq!(plural(3, "indicator value"), "3 indicator values");
    }
}
