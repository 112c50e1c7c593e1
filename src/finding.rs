//! The one record every check returns: what is wrong, where, and how bad.
//!
//! A data problem is always a [`Finding`], never an error: the run goes on and the
//! officer gets every problem at once, each named by its file, sheet and cell.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a finding matters. Errors make `check` exit 1; warnings only with
/// `--deny-warnings`; info never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Should be looked at before the return is sent.
    Warning,
    /// Must be fixed: the return is wrong or cannot be read.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident => $id:literal, $severity:ident; )*) => {
        /// A stable rule id (SPEC section 4). Ids never change meaning; rules may be added.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in the order of the specification.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The dotted id printed in reports, e.g. `risk.score-mismatch`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity a finding of this rule has unless the check says otherwise.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// The rule with this dotted id.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    /// Not a workbook, corrupt, truncated, encrypted or over the size limits.
    FileUnreadable => "file.unreadable", Error;
    /// The same file, byte for byte, as another input: its rows are counted once.
    FileDuplicate => "file.duplicate", Warning;
    /// A workbook saved with its calculation set to manual: its formulas' saved
    /// results may be out of date.
    FileManualCalculation => "file.manual-calculation", Warning;
    /// A sheet that matches no known template (a workbook with none at all: error).
    SheetUnrecognised => "sheet.unrecognised", Warning;
    /// A recognised sheet with its header row but no data rows below it.
    SheetNoRows => "sheet.no-rows", Warning;
    /// Where the rows' service or directorate came from could not be told.
    SheetSourceUnknown => "sheet.source-unknown", Info;
    /// Rows of a consolidated workbook copied from a file the run also reads: set aside.
    SheetCopiedRows => "sheet.copied-rows", Info;
    /// A register sheet for another period than the workbook's current one (last
    /// month's, kept as history): set aside.
    SheetOtherPeriod => "sheet.other-period", Info;
    /// A register sheet that is a hidden or copy-named copy of another sheet of the
    /// workbook (every risk ID on it is on the other): set aside.
    SheetCopy => "sheet.copy", Info;
    /// A service's register for another period, in a file of its own beside this
    /// period's: set aside.
    FileOtherPeriod => "file.other-period", Info;
    /// A spot-check workbook among the returns: not a return, and not read as one.
    FileSpotCheck => "file.spot-check", Info;
    /// A findings report among the returns: not a return, and not read as one.
    FileReport => "file.report", Info;
    /// An annotated copy (written by `--annotate`) among the inputs: its original is the
    /// return, and the copy is not read again.
    FileAnnotatedCopy => "file.annotated-copy", Info;
    /// A RAG or rating column blank on every row of a format whose fill colours cannot be read.
    SheetColoursUnread => "sheet.colours-unread", Info;
    /// Rows of a register, return or library hidden (by a filter or by hand): read as
    /// any other, and named so that the officer knows to unhide them.
    SheetHiddenRows => "sheet.hidden-rows", Info;
    /// A register whose block says it was completed for a date a review cycle or more
    /// before the reporting date, or an indicator return for a period before the latest
    /// due: last period's return, sent again or not updated.
    SheetOutOfDate => "sheet.out-of-date", Warning;
    /// A register whose block says it was completed for a date a review cycle or more
    /// after the reporting date, or an indicator return for a period after the
    /// reporting date's: next period's return, or the run's date is wrong.
    SheetAheadOfDate => "sheet.ahead-of-date", Warning;
    /// A required column is not there.
    HeaderMissingColumn => "header.missing-column", Error;
    /// Two columns map to the same field.
    HeaderDuplicateColumn => "header.duplicate-column", Warning;
    /// A likelihood or impact column headed with another scale than the framework's
    /// ("Likelihood (1-4)"): its scores cannot be set beside the council's.
    HeaderOtherScale => "header.other-scale", Error;
    /// A value cannot be read as its field's type.
    CellType => "cell.type", Error;
    /// The cell holds an Excel error (#DIV/0!, #REF!, #N/A ...).
    CellFormulaError => "cell.formula-error", Error;
    /// A formula whose result the file does not hold (saved by a program that does not calculate).
    CellFormulaUncalculated => "cell.formula-uncalculated", Error;
    /// Formulas held without their results, worked out here from the cells they use.
    CellFormulaWorkedOut => "cell.formula-worked-out", Info;
    /// Id, title, owner, likelihood or impact blank.
    RiskRequired => "risk.required", Error;
    /// Likelihood outside the scale.
    RiskLikelihoodRange => "risk.likelihood-range", Error;
    /// Impact outside the scale.
    RiskImpactRange => "risk.impact-range", Error;
    /// An impact below the highest of the impacts scored domain by domain beside it.
    RiskImpactBelowDomain => "risk.impact-below-domain", Warning;
    /// Stated score is not likelihood x impact.
    RiskScoreMismatch => "risk.score-mismatch", Error;
    /// Stated rating or RAG is not the band of the score.
    RiskRatingMismatch => "risk.rating-mismatch", Error;
    /// A register whose ratings never name the top band, read as rating on one band
    /// fewer (red for every high risk): said once.
    RiskRatingBandsMerged => "risk.rating-bands-merged", Info;
    /// Recorded on a directorate or corporate register with a current score below its
    /// tolerance: to be stepped down, or closed.
    RiskBelowLevel => "risk.below-level", Warning;
    /// A register-level cell naming no level the framework knows ("SMT"): the risk is
    /// placed by its score alone.
    RiskLevelUnknown => "risk.level-unknown", Info;
    /// Current score above inherent score.
    RiskResidualAboveInherent => "risk.residual-above-inherent", Warning;
    /// Target score above current score.
    RiskTargetAboveCurrent => "risk.target-above-current", Warning;
    /// The same id twice in one register, or for different risks across returns.
    RiskDuplicateId => "risk.duplicate-id", Error;
    /// The same risk (ID and title) in two returns being consolidated: counted twice.
    RiskRepeated => "risk.repeated", Warning;
    /// A risk struck through: read as closed where no status says otherwise.
    RiskStruckThrough => "risk.struck-through", Info;
    /// In last period's returns but not in this period's (with --previous or diff).
    RiskMissing => "risk.missing", Warning;
    /// Owner not in the officer directory.
    RiskOwnerUnknown => "risk.owner-unknown", Warning;
    /// Last review older than the review cycle at the reporting date.
    RiskReviewOverdue => "risk.review-overdue", Warning;
    /// Last review after the reporting date.
    RiskReviewInFuture => "risk.review-in-future", Error;
    /// No current controls described.
    RiskControlsMissing => "risk.controls-missing", Warning;
    /// Current score at or above the appetite threshold and no further action with an owner and a due date.
    RiskActionsMissing => "risk.actions-missing", Error;
    /// An open action past its due date.
    RiskActionOverdue => "risk.action-overdue", Warning;
    /// An action plan's row for a risk the workbook's register does not hold.
    RiskActionUnmatched => "risk.action-unmatched", Warning;
    /// Indicator id not in the definitions library.
    IndicatorDefinitionUnknown => "indicator.definition-unknown", Error;
    /// Name, unit, polarity or frequency differs from the library.
    IndicatorDefinitionMismatch => "indicator.definition-mismatch", Warning;
    /// No target for a period that is due.
    IndicatorTargetMissing => "indicator.target-missing", Error;
    /// No actual for a period that is due.
    IndicatorValueMissing => "indicator.value-missing", Error;
    /// Impossible value: a percentage outside 0-100, a negative count.
    IndicatorValueInvalid => "indicator.value-invalid", Error;
    /// Numerator / denominator does not give the reported value.
    IndicatorCalculationMismatch => "indicator.calculation-mismatch", Error;
    /// Reported RAG differs from the RAG computed from actual, target, polarity and tolerance.
    IndicatorRagMismatch => "indicator.rag-mismatch", Error;
    /// A direction of travel reported against the way the figures moved.
    IndicatorDirectionMismatch => "indicator.direction-mismatch", Warning;
    /// An indicator's owner (a return's, or a library's data owner) not in the officer
    /// directory.
    IndicatorOwnerUnknown => "indicator.owner-unknown", Warning;
    /// A year-to-date figure that is not the sum, the latest or the average of the
    /// periods it covers.
    IndicatorYearToDateMismatch => "indicator.year-to-date-mismatch", Warning;
    /// A quarter's, half's or year's column among a wide row's months that is not the
    /// sum, the latest or the average of the months it holds.
    IndicatorTotalMismatch => "indicator.total-mismatch", Warning;
    /// Red or amber with no commentary or action.
    IndicatorCommentaryMissing => "indicator.commentary-missing", Warning;
    /// A value far outside the indicator's own history.
    IndicatorOutlier => "indicator.outlier", Warning;
    /// The same indicator ID twice in a definitions library.
    DefinitionDuplicateId => "definition.duplicate-id", Warning;
    /// A library's indicator without its definition, unit, polarity, frequency or
    /// data owner.
    DefinitionIncomplete => "definition.incomplete", Warning;
    /// A value given as a number withheld to protect small counts ("<5", "[c]").
    IndicatorValueWithheld => "indicator.value-withheld", Info;
    /// An indicator reported in words, as a milestone is ("Achieved", "Delayed"):
    /// given, but no RAG can be worked out from words.
    IndicatorMilestone => "indicator.milestone", Info;
    /// A milestone whose due date has passed at the reporting date with its latest
    /// status not saying it was achieved.
    IndicatorMilestoneOverdue => "indicator.milestone-overdue", Warning;
    /// A target given as a direction or a benchmark ("Increase", "Maintain", "Top
    /// quartile"), not a figure: its RAG cannot be worked out.
    IndicatorTargetInWords => "indicator.target-in-words", Warning;
    /// A return's indicator with no target of its own for periods, given the
    /// definitions library's.
    IndicatorTargetFromLibrary => "indicator.target-from-library", Info;
    /// Indicators with actuals and targets but no polarity from any source: no RAG can
    /// be worked out for them.
    IndicatorPolarityUnknown => "indicator.polarity-unknown", Info;
    /// A definition's frequency the framework's periods do not follow ("Weekly",
    /// "Termly"): which of its periods are due is taken from its returns' periods.
    IndicatorFrequencyUnjudged => "indicator.frequency-unjudged", Info;
    /// A cumulative indicator's one target, the year's, profiled over its periods.
    IndicatorTargetProfiled => "indicator.target-profiled", Info;
    /// Counts for each month or quarter judged against one target that looks like the year's.
    IndicatorTargetForYear => "indicator.target-for-year", Warning;
    /// A percentage's figure written as a fraction among percentages, or the other way round.
    IndicatorPercentageScale => "indicator.percentage-scale", Warning;
    /// The same indicator given twice for one period in one return, or one service's by two returns.
    IndicatorDuplicatePeriod => "indicator.duplicate-period", Error;
    /// A return's indicator struck through: read as no longer reported and left out.
    IndicatorStruckThrough => "indicator.struck-through", Info;
    /// An actual for a period that has not begun by the reporting date.
    IndicatorPeriodInFuture => "indicator.period-in-future", Error;
    /// A golden-thread citation of a priority that is not in the plan.
    PriorityUnknown => "priority.unknown", Warning;
    /// A verified value differs from the reported one.
    SpotcheckMismatch => "spotcheck.mismatch", Error;
    /// A spot-checked value without a checker's name, date or outcome.
    SpotcheckUnsigned => "spotcheck.unsigned", Error;
    /// A value drawn for the spot-check whose row is no longer on the sheet.
    SpotcheckRowMissing => "spotcheck.row-missing", Error;
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        Rule::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule id {id}")))
    }
}

/// One problem, located as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The input file, as the path was given or found.
    pub file: String,
    /// The sheet, absent for a file-level finding.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<String>,
    /// The A1 address: the cell at fault, or the row's first cell for a row-level finding.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<String>,
    /// The 1-based row number as Excel shows it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<u32>,
    /// The field the finding concerns, by its schema name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// The stable rule id.
    pub rule: Rule,
    /// error, warning or info.
    pub severity: Severity,
    /// Plain English for an officer: what is wrong, what was expected, what was found.
    pub message: String,
    /// For a row of a consolidated workbook, where the row came from originally: the
    /// return's `file › sheet!row`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<String>,
    /// The 0-based column, used only to order findings within a row.
    #[serde(skip)]
    pub column: Option<u32>,
    /// Whose it is, directorate and service, where no row of this period's returns
    /// says: a finding about last period's return of a service (a risk missing since,
    /// a return not sent).
    #[serde(skip)]
    pub whose: Option<Box<(String, String)>>,
}

/// Where rows read from a consolidated workbook came from originally, by the file,
/// sheet and 1-based row they were read from.
pub type Origins<'a> = std::collections::HashMap<(&'a str, &'a str, u32), &'a str>;

/// The origins of the risks' and indicator values' rows that were read from a
/// consolidated workbook, by where each was read.
pub fn origins<'a>(
    risks: impl Iterator<Item = &'a crate::model::Risk>,
    values: impl Iterator<Item = &'a crate::model::IndicatorValue>,
) -> Origins<'a> {
    let risks = risks.map(|risk| (risk.source.as_ref(), risk.source_note.as_deref()));
    let values = values.map(|value| (value.source.as_ref(), value.source_note.as_deref()));
    risks
        .chain(values)
        .filter_map(|(source, note)| {
            let source = source?;
            Some(((&*source.file, &*source.sheet, source.row), note?))
        })
        .collect()
}

/// Give each finding on a row that came from elsewhere, and does not say so yet, the
/// place it came from.
pub fn name_origins(findings: &mut [Finding], origins: &Origins) {
    if origins.is_empty() {
        return;
    }
    for finding in findings.iter_mut().filter(|f| f.origin.is_none()) {
        if let (Some(sheet), Some(row)) = (&finding.sheet, finding.row)
            && let Some(origin) = origins.get(&(finding.file.as_str(), sheet.as_str(), row))
        {
            finding.origin = Some(origin.to_string());
        }
    }
}

/// A message on one line: a cell's text of several lines, quoted in it, has its
/// lines joined by " / ", so each finding stays one line on a terminal or in a CSV.
fn one_line(message: String) -> String {
    if !message.contains(['\n', '\r']) {
        return message;
    }
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

impl Finding {
    /// A file-level finding with the rule's own severity.
    pub fn file(file: impl Into<String>, rule: Rule, message: impl Into<String>) -> Finding {
        Finding {
            file: file.into(),
            sheet: None,
            cell: None,
            row: None,
            field: None,
            rule,
            severity: rule.severity(),
            message: one_line(message.into()),
            origin: None,
            column: None,
            whose: None,
        }
    }

    /// The same finding, a service's: its directorate and service.
    pub fn whose(mut self, directorate: impl Into<String>, service: impl Into<String>) -> Finding {
        self.whose = Some(Box::new((directorate.into(), service.into())));
        self
    }

    /// The same finding placed on a sheet.
    pub fn on_sheet(mut self, sheet: impl Into<String>) -> Finding {
        self.sheet = Some(sheet.into());
        self
    }

    /// The same finding placed on a cell (0-based row and column).
    pub fn at(mut self, cell: CellRef) -> Finding {
        self.cell = Some(cell.to_string());
        self.row = Some(cell.row + 1);
        self.column = Some(cell.column);
        self
    }

    /// The same finding naming a field.
    pub fn field(mut self, field: impl Into<String>) -> Finding {
        self.field = Some(field.into());
        self
    }

    /// The same finding with another severity.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// The place as a reader sees it: `Sheet!B7`, `Sheet` or nothing.
    pub fn place(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => format!("{sheet}!{cell}"),
            (Some(sheet), None) => sheet.clone(),
            (None, _) => String::new(),
        }
    }
}

/// A cell's position: 0-based row and column, shown as an A1 address.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct CellRef {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub column: u32,
}

impl CellRef {
    /// The cell at 0-based `row` and `column`.
    pub fn new(row: u32, column: u32) -> CellRef {
        CellRef { row, column }
    }
}

/// Words in a list, for a message: "A", "A and B", "A, B and C".
pub fn in_words(words: &[String]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The column letters of a 0-based column index: 0 is A, 26 is AA.
pub fn column_letters(column: u32) -> String {
    let mut n = column as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.column), self.row + 1)
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl Tally {
    /// Count the findings.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Tally {
        let mut tally = Tally::default();
        for finding in findings {
            tally.add(finding.severity);
        }
        tally
    }

    /// Count one more finding of this severity.
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Both counts together.
    pub fn plus(self, other: Tally) -> Tally {
        Tally {
            errors: self.errors + other.errors,
            warnings: self.warnings + other.warnings,
            infos: self.infos + other.infos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(CellRef::new(6, 5).to_string(), "F7");
    }

    #[test]
    fn a_message_quoting_text_of_several_lines_is_one_line() {
        let found = Finding::file("a.xlsx", Rule::CellType, "'TBC\r\n\nOngoing' is not a date");
        assert_eq!(found.message, "'TBC / Ongoing' is not a date");
    }

    #[test]
    fn rule_ids_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        assert_eq!(Rule::RiskScoreMismatch.id(), "risk.score-mismatch");
        assert_eq!(Rule::RiskReviewOverdue.severity(), Severity::Warning);
    }
}
