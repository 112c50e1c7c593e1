//! Performance indicators: definitions, reported values, periods of the UK financial
//! year, and the RAG rule.

use super::Source;
use crate::finding::CellRef;
use crate::schema::{in_two_languages, parts_differ, squash};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

/// What an indicator's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 0-100.
    Percentage,
    /// A count or amount.
    Number,
    /// Money.
    Currency,
    /// Days.
    Days,
    /// A rate (per 1,000 and the like).
    Rate,
    /// A length of time other than days: hours, minutes, weeks, months.
    Time,
    /// A score, index or ratio: a measure of its own, not a count to add up.
    Score,
    /// A milestone, reported by its status in words ("On track", "Achieved") against
    /// when it is due: no figure, so no polarity.
    Milestone,
}

impl Unit {
    /// What a unit cell should say, for a message.
    pub const EXPECTED: &'static str =
        "a unit (Percentage, Number, Currency, Days, Rate, Time, Score or Milestone)";

    /// The unit a cell names ("%", "Percentage", "No.", "£", "Days", "Rate per 1,000",
    /// "Minutes", "Weeks", "Score", "Index", "Tonnes", "Milestone", "Yes/No").
    pub fn from_text(text: &str) -> Option<Unit> {
        // A unit's slash is "per" ("Tonnes / year"), not two choices: no parts_differ.
        let t = text.trim().to_lowercase();
        let key = squash(&t);
        if key.starts_with("milestone")
            || [
                "yesno",
                "yn",
                "date",
                "status",
                "completiondate",
                "targetdate",
            ]
            .contains(&key.as_str())
        {
            Some(Unit::Milestone)
        } else if t.contains('%')
            || key.starts_with("percent")
            || key == "pc"
            // Welsh: percentage.
            || key.starts_with("canran")
        {
            Some(Unit::Percentage)
        } else if t.contains('£')
            || key.starts_with("currency")
            || key.starts_with("gbp")
            || key.starts_with("cost")
            || key == "money"
        {
            Some(Unit::Currency)
        } else if key.starts_with("day") || key.starts_with("diwrnod") || key.starts_with("dyddiau")
        {
            Some(Unit::Days)
        } else if [
            "hour", "hr", "min", "sec", "week", "wk", "month", "year", "time",
        ]
        .iter()
        .any(|word| key.starts_with(word))
        {
            Some(Unit::Time)
        } else if ["score", "index", "ratio", "point", "pts"]
            .iter()
            .any(|word| key.starts_with(word))
        {
            Some(Unit::Score)
        } else if key.starts_with("rate") || key.starts_with("per") {
            Some(Unit::Rate)
        } else if key.starts_with("num")
            // Welsh: number.
            || key.starts_with("nifer")
            || key == "no"
            || key.starts_with("count")
            || t == "#"
            || key == "volume"
            // Quantities measured rather than counted: tonnes of waste, energy used.
            || ["tonne", "ton", "kg", "kwh", "mwh", "litre", "co2"]
                .iter()
                .any(|word| key.starts_with(word))
        {
            Some(Unit::Number)
        } else {
            in_two_languages(text, Unit::from_text)
        }
    }

    /// "Percentage", "Number" ...
    pub fn label(self) -> &'static str {
        match self {
            Unit::Percentage => "Percentage",
            Unit::Number => "Number",
            Unit::Currency => "Currency",
            Unit::Days => "Days",
            Unit::Rate => "Rate",
            Unit::Time => "Time",
            Unit::Score => "Score",
            Unit::Milestone => "Milestone",
        }
    }
}

/// Which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
    /// Neither: monitored, not targeted.
    Neither,
}

impl Polarity {
    /// What a polarity cell should say, for a message.
    pub const EXPECTED: &'static str = "a polarity (Higher is better, Lower is better or Neither)";

    /// The polarity a cell names ("Higher is better", "High", "Low", "Neither").
    pub fn from_text(text: &str) -> Option<Polarity> {
        // "Higher is better / Lower is better", a drop-down's choices: neither.
        if parts_differ(text, Polarity::from_text) {
            return None;
        }
        // An arrow pointing the good way ("↑", "▲ is good").
        match text.trim().chars().next() {
            Some('\u{2191}' | '\u{25b2}' | '\u{2b06}' | '\u{21e7}') => {
                return Some(Polarity::Higher);
            }
            Some('\u{2193}' | '\u{25bc}' | '\u{2b07}' | '\u{21e9}') => {
                return Some(Polarity::Lower);
            }
            _ => {}
        }
        // A plus sign alone: more is better. (A dash alone is no polarity given.)
        if text.trim() == "+" {
            return Some(Polarity::Higher);
        }
        // Performance systems' words: "Aim to Maximise" (Pentana), "Good is high",
        // "Good performance is low", "Desired direction: up".
        let squashed = squash(text);
        let key = [
            "aimto",
            "aim",
            "goodperformanceis",
            "goodis",
            "good",
            "desireddirectionoftravel",
            "desireddirection",
            "preferreddirection",
            "direction",
        ]
        .iter()
        .find_map(|lead| squashed.strip_prefix(lead))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&squashed);
        if key.starts_with("high")
            || key.starts_with("bigger")
            || key.starts_with("maxim")
            || key.starts_with("more")
            || key == "up"
            || key.starts_with("increase")
            || key == "h"
            // Bigger is better, as performance teams shorten it.
            || key == "bib"
            // Welsh: "Uwch yn well" (higher is better), "Uchel" (high), "Mwy" (more).
            || key.starts_with("uwch")
            || key.starts_with("uchel")
            || key.starts_with("mwyynwell")
        {
            Some(Polarity::Higher)
        } else if key.starts_with("low")
            || key.starts_with("smaller")
            || key.starts_with("minim")
            || key.starts_with("less")
            || key.starts_with("fewer")
            || key == "down"
            || key.starts_with("decrease")
            || key.starts_with("reduce")
            || key == "l"
            || key == "sib"
            // Welsh: "Is yn well" (lower is better), "Isel" (low), "Llai" (less).
            || key.starts_with("isynwell")
            || key.starts_with("isel")
            || key.starts_with("llai")
        {
            Some(Polarity::Lower)
        } else if key.starts_with("neither")
            || key == "na"
            || key == "none"
            || key.starts_with("context")
            || key.starts_with("nopolarity")
            || key.starts_with("monitor")
            // Indicators watched for context, where neither way is better.
            || key.starts_with("neutral")
            || key.starts_with("track")
            || key.starts_with("dataonly")
            || key.starts_with("trendonly")
            || key.starts_with("informationonly")
            || key.starts_with("forinformation")
            || key.starts_with("notapplicable")
            || key.starts_with("nodirection")
        {
            Some(Polarity::Neither)
        } else {
            in_two_languages(text, Polarity::from_text)
        }
    }

    /// "Higher is better" ...
    pub fn label(self) -> &'static str {
        match self {
            Polarity::Higher => "Higher is better",
            Polarity::Lower => "Lower is better",
            Polarity::Neither => "Neither",
        }
    }
}

/// How often an indicator is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every six months: April-September, October-March.
    HalfYearly,
    /// Once a year.
    Annual,
}

impl Frequency {
    /// What a frequency cell should say, for a message.
    pub const EXPECTED: &'static str = "a frequency (Monthly, Quarterly, Half-yearly or Annual)";

    /// The frequency a cell names.
    pub fn from_text(text: &str) -> Option<Frequency> {
        if parts_differ(text, Frequency::from_text) {
            return None;
        }
        let squashed = squash(text);
        // "Every 6 months", "Every month"; three and twelve months by their names.
        let key = match squashed.strip_prefix("every").unwrap_or(&squashed) {
            "3months" | "threemonths" => "quarterly",
            "12months" | "twelvemonths" => "annual",
            key => key,
        };
        if key.starts_with("half")
            // Welsh: half-yearly, every six months.
            || key.starts_with("hanner")
            || key.starts_with("bobchwemis")
            || key.starts_with("sixmonth")
            || key.starts_with("6month")
            || key.starts_with("biannual")
            || key.starts_with("twiceyear")
            || key.starts_with("twiceayear")
        {
            Some(Frequency::HalfYearly)
        } else if key.starts_with("month")
            || matches!(key, "m" | "mthly" | "mth" | "pcm" | "misol" | "bobmis")
        {
            Some(Frequency::Monthly)
        } else if key.starts_with("quarter")
            || key.starts_with("chwarter")
            || matches!(key, "q" | "qtr" | "qtrly")
        {
            Some(Frequency::Quarterly)
        } else if key.starts_with("annual")
            || key.starts_with("year")
            || key.starts_with("blynyddol")
            || matches!(
                key,
                "a" | "pa" | "yr" | "yrly" | "onceayear" | "bobblwyddyn"
            )
        {
            Some(Frequency::Annual)
        } else {
            in_two_languages(text, Frequency::from_text)
        }
    }

    /// Whether a frequency cell names one the framework's periods do not follow
    /// ("Weekly", "Termly", "Ad hoc", "Academic year", "Biennial"): a frequency, but not one by which the periods
    /// due can be judged.
    pub fn is_unjudged(text: &str) -> bool {
        let key = squash(text);
        [
            "week",
            "fortnight",
            "daily",
            "term",
            "perterm",
            "adhoc",
            "asrequired",
            "asneeded",
            "asandwhen",
            "eventdriven",
            "ondemand",
            // Years other than the financial year's, and years apart.
            "academic",
            "schoolyear",
            "calendaryear",
            "biennial",
            "everytwoyears",
            "triennial",
        ]
        .iter()
        .any(|word| key.starts_with(word))
    }

    /// "Monthly" ...
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Monthly => "Monthly",
            Frequency::Quarterly => "Quarterly",
            Frequency::HalfYearly => "Half-yearly",
            Frequency::Annual => "Annual",
        }
    }

    /// The period it reports: "month", "quarter", "half year" or "year".
    pub fn noun(self) -> &'static str {
        match self {
            Frequency::Monthly => "month",
            Frequency::Quarterly => "quarter",
            Frequency::HalfYearly => "half year",
            Frequency::Annual => "year",
        }
    }
}

/// Red, amber or green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rag {
    /// Worse than target beyond the tolerance.
    Red,
    /// Worse than target within the tolerance.
    Amber,
    /// On target or better.
    Green,
}

impl Rag {
    /// The RAG a cell names ("Red", "R", "Amber", "Green"), or says in words as
    /// performance systems and councils' keys do ("On target", "Off target", "Within
    /// tolerance"; "OK", "Warning", "Alert").
    pub fn from_text(text: &str) -> Option<Rag> {
        match squash(text).as_str() {
            "red"
            | "r"
            | "alert"
            | "offtarget"
            | "offtrack"
            | "notmet"
            | "targetnotmet"
            | "missed"
            | "targetmissed"
            | "notachieved"
            | "targetnotachieved"
            | "significantlyofftarget"
            | "significantlybelowtarget"
            // Welsh.
            | "coch" => Some(Rag::Red),
            "amber"
            | "a"
            | "yellow"
            | "orange"
            | "warning"
            | "withintolerance"
            | "slightlyofftarget"
            | "nearlymet"
            | "closetotarget"
            | "nearlyachieved"
            | "partiallymet"
            | "partiallyachieved"
            | "slightlybelowtarget"
            // Welsh: amber, yellow, orange.
            | "ambr"
            | "melyn"
            | "oren" => Some(Rag::Amber),
            "green" | "g" | "ok" | "ontarget" | "ontrack" | "met" | "targetmet" | "achieved"
            | "targetachieved" | "exceeded" | "exceeding" | "targetexceeded" | "exceededtarget"
            | "exceedingtarget" | "betterthantarget" | "gwyrdd" => Some(Rag::Green),
            _ => in_two_languages(text, Rag::from_text),
        }
    }

    /// "Red", "Amber", "Green".
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }

    /// The RAG of `actual` against `target`: green on target or better, amber worse by
    /// no more than `tolerance` (a fraction of the target), red beyond. None for
    /// indicators with no polarity.
    pub fn of(actual: f64, target: f64, polarity: Polarity, tolerance: f64) -> Option<Rag> {
        let margin = (target * tolerance).abs();
        let shortfall = match polarity {
            Polarity::Higher => target - actual,
            Polarity::Lower => actual - target,
            Polarity::Neither => return None,
        };
        Some(if shortfall <= 1e-9 {
            Rag::Green
        } else if shortfall <= margin + 1e-9 {
            Rag::Amber
        } else {
            Rag::Red
        })
    }
}

/// A reporting period of the UK financial year (April to March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The calendar year the financial year starts in: 2026 for 2026/27.
    pub year: i32,
    /// Which part of it.
    pub part: PeriodPart,
}

/// A month, quarter, half or the whole financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodPart {
    /// Month 1 (April) to 12 (March).
    Month(u8),
    /// Quarter 1 (April-June) to 4 (January-March).
    Quarter(u8),
    /// Half 1 (April-September) or 2 (October-March).
    Half(u8),
    /// The whole year.
    Year,
}

impl Period {
    /// The financial year a date falls in.
    pub fn year_of(date: NaiveDate) -> i32 {
        if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        }
    }

    /// The month period a date falls in.
    pub fn month_of(date: NaiveDate) -> Period {
        let month = ((date.month() + 8) % 12 + 1) as u8;
        Period {
            year: Period::year_of(date),
            part: PeriodPart::Month(month),
        }
    }

    /// Its first and last months of the financial year (1 is April, 12 March).
    fn months(&self) -> (u8, u8) {
        match self.part {
            PeriodPart::Month(m) => (m, m),
            PeriodPart::Quarter(q) => (q * 3 - 2, q * 3),
            PeriodPart::Half(h) => (h * 6 - 5, h * 6),
            PeriodPart::Year => (1, 12),
        }
    }

    /// The share of the financial year gone by its end: 0.5 for Q2 or September.
    pub fn share_of_year(&self) -> f64 {
        f64::from(self.months().1) / 12.0
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        fy_month_date(self.year, u32::from(self.months().0))
    }

    /// The last day of the period.
    pub fn end(&self) -> NaiveDate {
        fy_month_date(self.year, u32::from(self.months().1) + 1)
            .pred_opt()
            .unwrap_or_default()
    }

    /// The periods of a frequency in a financial year whose end is on or before `as_of`.
    pub fn due(year: i32, frequency: Frequency, as_of: NaiveDate) -> Vec<Period> {
        let parts: Vec<PeriodPart> = match frequency {
            Frequency::Monthly => (1..=12).map(PeriodPart::Month).collect(),
            Frequency::Quarterly => (1..=4).map(PeriodPart::Quarter).collect(),
            Frequency::HalfYearly => (1..=2).map(PeriodPart::Half).collect(),
            Frequency::Annual => vec![PeriodPart::Year],
        };
        parts
            .into_iter()
            .map(|part| Period { year, part })
            .filter(|p| p.end() <= as_of)
            .collect()
    }

    /// The period of `frequency` this one lies in (June's quarter is Q1), if it lies
    /// in one: a quarter lies in no month.
    pub fn within(&self, frequency: Frequency) -> Option<Period> {
        let (first_month, _) = self.months();
        let part = match frequency {
            Frequency::Monthly => PeriodPart::Month(first_month),
            Frequency::Quarterly => PeriodPart::Quarter(first_month.div_ceil(3)),
            Frequency::HalfYearly => PeriodPart::Half(first_month.div_ceil(6)),
            Frequency::Annual => PeriodPart::Year,
        };
        let period = Period {
            year: self.year,
            part,
        };
        (period.start() <= self.start() && self.end() <= period.end()).then_some(period)
    }

    /// The frequency whose periods this is one of.
    pub fn frequency(&self) -> Frequency {
        match self.part {
            PeriodPart::Month(_) => Frequency::Monthly,
            PeriodPart::Quarter(_) => Frequency::Quarterly,
            PeriodPart::Half(_) => Frequency::HalfYearly,
            PeriodPart::Year => Frequency::Annual,
        }
    }
}

fn fy_month_date(year: i32, fy_month: u32) -> NaiveDate {
    // Financial-year month 1 is April; 13 is the April after.
    let calendar = (fy_month + 2) % 12 + 1;
    let calendar_year = year + ((fy_month + 2) / 12) as i32;
    NaiveDate::from_ymd_opt(calendar_year, calendar, 1).unwrap_or_default()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = (self.year + 1) % 100;
        match self.part {
            PeriodPart::Month(_) => {
                // "Apr 2026", as chrono's "%b %Y" writes it, without parsing a format
                // string for each of a consolidation's many periods.
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let start = self.start();
                write!(f, "{} {}", MONTHS[start.month0() as usize], start.year())
            }
            PeriodPart::Quarter(q) => write!(f, "Q{q} {}/{short:02}", self.year),
            PeriodPart::Half(h) => write!(f, "H{h} {}/{short:02}", self.year),
            PeriodPart::Year => write!(f, "{}/{short:02}", self.year),
        }
    }
}

/// One indicator of the definitions library.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definition {
    /// File, sheet and row.
    pub source: Option<Source>,
    /// Indicator ID.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// What is counted and how.
    pub definition: Option<String>,
    /// Unit.
    pub unit: Option<Unit>,
    /// Polarity.
    pub polarity: Option<Polarity>,
    /// Frequency.
    pub frequency: Option<Frequency>,
    /// A statutory measure or government return.
    pub statutory: bool,
    /// What the numerator counts.
    pub numerator: Option<String>,
    /// What the denominator counts.
    pub denominator: Option<String>,
    /// Decimal places values are reported to.
    pub decimals: Option<u32>,
    /// The target for each period of a return that gives none of its own (of a
    /// library giving a target a year, the latest year's).
    pub target: Option<f64>,
    /// The targets of a library giving one a year ("Target 2026/27", "Target
    /// 2027/28"), by the year each starts: a return's year takes its own.
    pub year_targets: Vec<(i32, f64)>,
    /// The words of a target cell saying the indicator has none by design
    /// ("Contextual", "Data only"): a return's periods without a target want none.
    pub no_target: Option<String>,
    /// Amber tolerance as a fraction of the target (0.05 for 5%).
    pub tolerance: Option<f64>,
    /// Data owner.
    pub owner: Option<String>,
    /// Corporate plan priority.
    pub priority: Option<String>,
    /// Each mapped field's cell.
    pub cells: Vec<(Arc<str>, CellRef)>,
}

/// A figure a return gives to compare an indicator's with: an average, the
/// neighbours', last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparator {
    /// Its column's heading ("England Average"), or `None` for a column of comparators
    /// already named ("Comparators", "Benchmark"), whose words say what they are.
    pub heading: Option<Text>,
    /// The figure, where it is a number.
    pub number: Option<f64>,
    /// The words, where it is not ("Top quartile").
    pub words: Option<Text>,
}

impl Comparator {
    /// "England Average: 90%" (the sign where the indicator's `unit` is a
    /// percentage), or the words alone under a heading that names nothing.
    pub fn in_words(&self, unit: Option<Unit>) -> String {
        let sign = if unit == Some(Unit::Percentage) {
            "%"
        } else {
            ""
        };
        let figure = self
            .number
            .map(|n| format!("{}{sign}", crate::read::grid::format_number(n)))
            .or_else(|| self.words.as_deref().map(str::to_string))
            .unwrap_or_default();
        match &self.heading {
            Some(heading) => format!("{heading}: {figure}"),
            None => figure,
        }
    }

    /// A return's comparators in words, "; " between them.
    pub fn all_in_words(comparators: &[Comparator], unit: Option<Unit>) -> String {
        comparators
            .iter()
            .map(|c| c.in_words(unit))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Text read from a cell, shared: a wide return's row gives each of its periods the
/// same ID, name, commentary and service without copying them.
pub type Text = Arc<str>;

/// One reported value: an indicator for a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorValue {
    /// File, sheet and row.
    pub source: Option<Source>,
    /// The row's first cell in the table.
    pub first_cell: CellRef,
    /// Indicator ID.
    pub id: Option<Text>,
    /// Name as reported.
    pub name: Option<Text>,
    /// The period.
    pub period: Option<Period>,
    /// Actual value, as read (percentages as in the cell; see `check::indicator`).
    pub actual: Option<f64>,
    /// Target for the period.
    pub target: Option<f64>,
    /// Whether the target is the definitions library's, the return giving none.
    pub target_from_library: bool,
    /// The year to date as reported beside the period's figure (a "YTD" column): a
    /// wide row's is its latest reported period's.
    pub ytd: Option<f64>,
    /// The target for the year so far as reported beside the period's figure (a "YTD
    /// Target" column): a wide row's is its latest reported period's.
    pub ytd_target: Option<f64>,
    /// The year-end forecast as reported beside the period's figure (a "Forecast"
    /// column): a wide row's is its latest reported period's.
    pub forecast: Option<f64>,
    /// Numerator.
    pub numerator: Option<f64>,
    /// Denominator.
    pub denominator: Option<f64>,
    /// Figures given to compare with ("England Average", "Last Year"), shared by a
    /// wide row's periods.
    pub comparators: Option<Arc<[Comparator]>>,
    /// RAG as reported.
    pub rag: Option<Rag>,
    /// Where the RAG was shown by a cell's fill colour, not in words: the colour ("red").
    pub rag_fill: Option<&'static str>,
    /// Direction of travel as reported.
    pub direction: Option<Text>,
    /// Commentary.
    pub commentary: Option<Text>,
    /// Improvement action.
    pub action: Option<Text>,
    /// Owner.
    pub owner: Option<Text>,
    /// Service.
    pub service: Option<Text>,
    /// Directorate.
    pub directorate: Option<Text>,
    /// Unit as reported.
    pub unit: Option<Text>,
    /// Polarity as reported.
    pub polarity: Option<Text>,
    /// Amber tolerance as reported, as a fraction of the target.
    pub tolerance: Option<f64>,
    /// Frequency as reported.
    pub frequency: Option<Text>,
    /// Corporate plan priority cited.
    pub priority: Option<Text>,
    /// Where a consolidated workbook says the row came from originally.
    pub source_note: Option<Text>,
    /// What the row's columns that name no field say, a line each ("Data Source:
    /// Academy"), after any such lines a consolidated workbook kept.
    pub other: Option<Text>,
    /// The financial year its return is read for (2026 for 2026/27).
    pub year: Option<i32>,
    /// Each mapped field's cell; for a wide return, `actual` and `target` are the period's cells.
    pub cells: Vec<(Arc<str>, CellRef)>,
    /// Fields whose cell could not be read (a finding was made).
    pub unreadable: BTreeSet<String>,
    /// Number fields given as words rather than a number, with the words: a number
    /// withheld to protect small counts ("<5", "[c]"), a placeholder ("n/a", "TBC"),
    /// no target by design ("Monitor only"), or a target with its comparison (">= 80%",
    /// read as 80 too).
    pub written: Vec<(String, String)>,
    /// A wide row's period whose own cells (its actual, and its target, numerator and
    /// denominator where it has columns of its own) are all blank: a month still to
    /// come, or one left empty.
    pub blank_period: bool,
}

/// Where a field is in a row's cells, or the row's first cell.
pub fn cell_of(cells: &[(Arc<str>, CellRef)], field: &str, fallback: CellRef) -> CellRef {
    cells
        .iter()
        .find(|(name, _)| &**name == field)
        .map_or(fallback, |(_, cell)| *cell)
}

impl IndicatorValue {
    /// Whether the value is reported, or due by `as_of`: a wide return's period still
    /// to come with nothing in it is neither, and is not listed or counted.
    pub fn reported_or_due(&self, as_of: NaiveDate) -> bool {
        !(self.blank_period && self.period.is_some_and(|period| period.end() > as_of))
    }

    /// The words a number field was given as ("<5", "n/a"), if it was.
    pub fn written(&self, field: &str) -> Option<&str> {
        self.written
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, text)| text.as_str())
    }

    /// Whether a field was given as a number withheld ("<5"): given, but not a number.
    pub fn withheld(&self, field: &str) -> bool {
        self.written(field)
            .is_some_and(crate::read::indicators::is_withheld)
    }

    /// Whether an actual is reported: a figure, a number withheld ("<5") or a
    /// milestone's status ("Achieved").
    pub fn actual_reported(&self) -> bool {
        self.actual.is_some() || self.withheld("actual") || self.milestone()
    }

    /// Whether the actual is a milestone's status in words ("Achieved", "Delayed").
    pub fn milestone(&self) -> bool {
        self.written("actual")
            .is_some_and(crate::read::indicators::is_milestone_status)
    }

    /// When a milestone is due, where its target says ("Mar 2027", "By 31/12/2026", a
    /// date cell).
    pub fn milestone_due(&self) -> Option<super::DateSpan> {
        let words = self.written("target")?;
        crate::read::values::date(&crate::read::grid::Value::Text(words.to_string()))
            .ok()
            .flatten()
    }

    /// Whether a milestone is late at `as_of`: the date it was `due` by has passed and
    /// its status does not say it was achieved ("On track", "Delayed").
    pub fn milestone_late(&self, due: super::DateSpan, as_of: NaiveDate) -> bool {
        self.milestone()
            && due.latest < as_of
            && !self
                .written("actual")
                .is_some_and(crate::read::indicators::is_milestone_achieved)
    }

    /// The cell of a field, or the row's first cell.
    pub fn cell(&self, field: &str) -> CellRef {
        cell_of(&self.cells, field, self.first_cell)
    }

    /// Whether the return has a column for the field.
    pub fn has_column(&self, field: &str) -> bool {
        self.cells.iter().any(|(name, _)| &**name == field)
    }

    /// The indicator in words: "CT-01 (Council tax collected)", its ID or its name
    /// where it has one only, else "this indicator".
    pub fn label(&self) -> String {
        named(self.id.as_deref(), self.name.as_deref()).unwrap_or_else(|| "this indicator".into())
    }
}

impl Definition {
    /// The indicator in words, as [`IndicatorValue::label`], else "An indicator".
    pub fn label(&self) -> String {
        named(self.id.as_deref(), self.name.as_deref()).unwrap_or_else(|| "An indicator".into())
    }

    /// The target for a return of the financial year starting in `year`: that year's
    /// where the library gives a target a year, else its one target.
    pub fn target_for(&self, year: Option<i32>) -> Option<f64> {
        year.and_then(|year| {
            self.year_targets
                .iter()
                .find(|(of, _)| *of == year)
                .map(|(_, target)| *target)
        })
        .or(self.target)
    }
}

/// "CT-01 (Council tax collected)", or the ID or the name where there is one only.
fn named(id: Option<&str>, name: Option<&str>) -> Option<String> {
    match (id, name) {
        (Some(id), Some(name)) => Some(format!("{id} ({name})")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_period_lies_within_the_periods_of_a_less_frequent_indicator() {
        let month = |m| Period {
            year: 2026,
            part: PeriodPart::Month(m),
        };
        let part = |part| Period { year: 2026, part };
        // June is in Q1 and H1; September in Q2; March (month 12) in Q4 and H2.
        assert_eq!(
            month(3).within(Frequency::Quarterly),
            Some(part(PeriodPart::Quarter(1)))
        );
        assert_eq!(
            month(6).within(Frequency::Quarterly),
            Some(part(PeriodPart::Quarter(2)))
        );
        assert_eq!(
            month(12).within(Frequency::HalfYearly),
            Some(part(PeriodPart::Half(2)))
        );
        assert_eq!(
            part(PeriodPart::Quarter(3)).within(Frequency::Annual),
            Some(part(PeriodPart::Year))
        );
        // A quarter lies in no month.
        assert_eq!(
            part(PeriodPart::Quarter(1)).within(Frequency::Monthly),
            None
        );
    }

    #[test]
    fn periods_follow_the_uk_financial_year() {
        let april = Period::month_of(d(2026, 4, 15));
        assert_eq!(
            april,
            Period {
                year: 2026,
                part: PeriodPart::Month(1)
            }
        );
        assert_eq!(april.end(), d(2026, 4, 30));
        let march = Period::month_of(d(2027, 3, 2));
        assert_eq!(
            march,
            Period {
                year: 2026,
                part: PeriodPart::Month(12)
            }
        );
        assert_eq!(march.end(), d(2027, 3, 31));
        let q1 = Period {
            year: 2026,
            part: PeriodPart::Quarter(1),
        };
        assert_eq!((q1.start(), q1.end()), (d(2026, 4, 1), d(2026, 6, 30)));
        assert_eq!(
            Period {
                year: 2026,
                part: PeriodPart::Quarter(4)
            }
            .end(),
            d(2027, 3, 31)
        );
        assert_eq!(q1.to_string(), "Q1 2026/27");
        assert_eq!(april.to_string(), "Apr 2026");
        let named: Vec<String> = (1..=12)
            .map(|month| Period::month_of(d(2026, month, 1)).to_string())
            .collect();
        assert_eq!(
            named.join(" "),
            "Jan 2026 Feb 2026 Mar 2026 Apr 2026 May 2026 Jun 2026 Jul 2026 Aug 2026 Sep 2026 Oct 2026 Nov 2026 Dec 2026"
        );
        let due = Period::due(2026, Frequency::Monthly, d(2026, 10, 31));
        assert_eq!(due.len(), 7, "April to October");
        assert_eq!(
            Period::due(2026, Frequency::Quarterly, d(2026, 10, 31)).len(),
            2
        );
        assert_eq!(
            Period::due(2026, Frequency::Annual, d(2026, 10, 31)).len(),
            0
        );
    }

    #[test]
    fn rag_follows_polarity_and_tolerance() {
        assert_eq!(
            Rag::of(86.0, 85.0, Polarity::Higher, 0.05),
            Some(Rag::Green)
        );
        assert_eq!(
            Rag::of(81.0, 85.0, Polarity::Higher, 0.05),
            Some(Rag::Amber)
        );
        assert_eq!(Rag::of(80.0, 85.0, Polarity::Higher, 0.05), Some(Rag::Red));
        assert_eq!(Rag::of(10.0, 12.0, Polarity::Lower, 0.05), Some(Rag::Green));
        assert_eq!(Rag::of(12.5, 12.0, Polarity::Lower, 0.05), Some(Rag::Amber));
        assert_eq!(Rag::of(13.0, 12.0, Polarity::Lower, 0.05), Some(Rag::Red));
        assert_eq!(Rag::of(13.0, 12.0, Polarity::Neither, 0.05), None);
    }

    #[test]
    fn words_read_as_units_polarities_and_frequencies() {
        assert_eq!(Unit::from_text("%"), Some(Unit::Percentage));
        assert_eq!(Unit::from_text("No."), Some(Unit::Number));
        assert_eq!(Unit::from_text("£"), Some(Unit::Currency));
        for (text, unit) in [
            ("Minutes", Unit::Time),
            ("Weeks", Unit::Time),
            ("hrs", Unit::Time),
            ("Days", Unit::Days),
            ("Score", Unit::Score),
            ("Index", Unit::Score),
            ("Ratio", Unit::Score),
            ("Milestone", Unit::Milestone),
            ("Milestones", Unit::Milestone),
            ("Yes/No", Unit::Milestone),
            ("Y/N", Unit::Milestone),
            ("Date", Unit::Milestone),
            ("Tonnes", Unit::Number),
            ("kWh", Unit::Number),
            ("Rate per 10,000", Unit::Rate),
            // Welsh.
            ("Canran", Unit::Percentage),
            ("Nifer", Unit::Number),
            ("Dyddiau", Unit::Days),
            ("Diwrnodau", Unit::Days),
        ] {
            assert_eq!(Unit::from_text(text), Some(unit), "{text}");
        }
        assert_eq!(Unit::from_text("Widgets"), None);
        assert_eq!(
            Polarity::from_text("Higher is better"),
            Some(Polarity::Higher)
        );
        assert_eq!(Polarity::from_text("Low"), Some(Polarity::Lower));
        assert_eq!(Polarity::from_text("\u{2191}"), Some(Polarity::Higher));
        assert_eq!(
            Polarity::from_text("\u{25bc} is good"),
            Some(Polarity::Lower)
        );
        for (text, polarity) in [
            ("Aim to Maximise", Polarity::Higher),
            ("Aim to Minimise", Polarity::Lower),
            ("Minimize", Polarity::Lower),
            ("Good is high", Polarity::Higher),
            ("Good performance is low", Polarity::Lower),
            ("More is better", Polarity::Higher),
            ("Fewer is better", Polarity::Lower),
            ("Aim High", Polarity::Higher),
            ("Aim low", Polarity::Lower),
            ("Aim to reduce", Polarity::Lower),
            ("BIB", Polarity::Higher),
            ("SIB", Polarity::Lower),
            ("Neutral", Polarity::Neither),
            ("Tracking only", Polarity::Neither),
            ("Data only", Polarity::Neither),
            ("For information", Polarity::Neither),
            ("Not applicable", Polarity::Neither),
            ("+", Polarity::Higher),
            ("Desired direction: up", Polarity::Higher),
            ("Desired direction of travel: down", Polarity::Lower),
            ("Preferred direction - decrease", Polarity::Lower),
            // Welsh.
            ("Uwch yn well", Polarity::Higher),
            ("Is yn well", Polarity::Lower),
            ("Uchel", Polarity::Higher),
            ("Isel", Polarity::Lower),
            ("Llai yn well", Polarity::Lower),
        ] {
            assert_eq!(Polarity::from_text(text), Some(polarity), "{text}");
        }
        assert_eq!(Polarity::from_text("Good"), None);
        // A drop-down's choices left in the cell say neither.
        assert_eq!(
            Polarity::from_text("Higher is better / Lower is better"),
            None
        );
        assert_eq!(Frequency::from_text("Monthly/Quarterly"), None);
        // A unit's slash is "per": what the unit counts, not two choices.
        assert_eq!(Unit::from_text("Tonnes / year"), Some(Unit::Number));
        assert_eq!(Unit::from_text("Days / year"), Some(Unit::Days));
        assert_eq!(Polarity::from_text("Sideways"), None);
        for (text, frequency) in [
            ("Quarterly", Frequency::Quarterly),
            ("Qtrly", Frequency::Quarterly),
            ("Mthly", Frequency::Monthly),
            ("Monthly (reported quarterly)", Frequency::Monthly),
            ("Bi-annual", Frequency::HalfYearly),
            ("Yrly", Frequency::Annual),
            ("Once a year", Frequency::Annual),
            ("Every 6 months", Frequency::HalfYearly),
            ("Every 3 months", Frequency::Quarterly),
            ("Every month", Frequency::Monthly),
            ("Every 12 months", Frequency::Annual),
            // Welsh.
            ("Misol", Frequency::Monthly),
            ("Chwarterol", Frequency::Quarterly),
            ("Hanner blynyddol", Frequency::HalfYearly),
            ("Blynyddol", Frequency::Annual),
        ] {
            assert_eq!(Frequency::from_text(text), Some(frequency), "{text}");
        }
        // Frequencies, but none the periods due are judged by.
        for text in [
            "Weekly",
            "Fortnightly",
            "Termly",
            "Ad hoc",
            "As required",
            "Academic year",
            "Calendar year",
            "Biennial",
        ] {
            assert_eq!(Frequency::from_text(text), None, "{text}");
            assert!(Frequency::is_unjudged(text), "{text}");
        }
        assert!(!Frequency::is_unjudged("Monthly") && !Frequency::is_unjudged("Sometimes"));
        assert_eq!(Rag::from_text(" Amber "), Some(Rag::Amber));
        assert_eq!(Rag::from_text("On Target"), Some(Rag::Green));
        assert_eq!(Rag::from_text("Within tolerance"), Some(Rag::Amber));
        assert_eq!(Rag::from_text("Off target"), Some(Rag::Red));
        assert_eq!(Rag::from_text("Alert"), Some(Rag::Red));
        assert_eq!(Rag::from_text("Amber/Red"), None);
        // Welsh, alone or with the English; two that differ are neither.
        assert_eq!(Rag::from_text("Coch"), Some(Rag::Red));
        assert_eq!(Rag::from_text("Ambr"), Some(Rag::Amber));
        assert_eq!(Rag::from_text("Gwyrdd"), Some(Rag::Green));
        assert_eq!(Rag::from_text("Gwyrdd / Green"), Some(Rag::Green));
        assert_eq!(Rag::from_text("Coch / Amber"), None);
    }
}
