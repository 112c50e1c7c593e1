//! Working out the formulas a workbook holds without their results (saved by a program
//! that writes formulas but does not calculate them: openpyxl, xlsxwriter, a system's
//! export), as Excel would on opening it: arithmetic on numbers and on the sheet's own
//! cells, comparisons and `IF` (`=IF(D4="","",D4/E4*100)`, `=IF(F4>=G4,"Green","Red")`),
//! and the functions returns use most (`SUM`, `AVERAGE`, `ROUND`, `IFERROR` …).
//!
//! Only what can be worked out for certain is: a formula naming another sheet or a
//! name, joining text, calling a function not listed here, or doing arithmetic on a
//! cell that holds text, is left as it is, and reported as before
//! (`cell.formula-uncalculated`). So is one that works out to an Excel error.

use super::grid::{Grid, Value};
use std::collections::HashMap;

/// A formula worked out: where it is, what it says, and its result.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkedOut {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub column: u32,
    /// The formula, without its `=`.
    pub formula: String,
    /// Its result: a number, text, TRUE or FALSE, or blank (`""`).
    pub value: Value,
}

/// Work out every formula of `grid` held without its result that can be: each is
/// replaced by its result, and listed, in row and column order.
pub fn work_out(grid: &mut Grid) -> Vec<WorkedOut> {
    work_out_within(grid, MAX_CELLS_USED)
}

/// As [`work_out`], the sheet's ranges holding at most `budget` cells between them.
fn work_out_within(grid: &mut Grid, budget: u64) -> Vec<WorkedOut> {
    let formulas: Vec<(u32, u32, &str)> = grid
        .rows
        .iter()
        .flat_map(|row| {
            row.cells
                .iter()
                .filter_map(move |(column, value)| match value {
                    Value::Uncalculated(formula) => Some((row.index, *column, formula.as_str())),
                    _ => None,
                })
        })
        .collect();
    if formulas.is_empty() {
        return Vec::new();
    }
    let mut evaluator = Evaluator {
        grid,
        results: HashMap::new(),
        depth: 0,
        budget,
    };
    let worked: Vec<WorkedOut> = formulas
        .into_iter()
        .filter_map(|(row, column, formula)| {
            let value = match evaluator.cell(row, column).ok()? {
                Got::Number(n) => Value::Number(n),
                Got::Text(text) if text.is_empty() => Value::Empty,
                Got::Text(text) => Value::Text(text),
                Got::Bool(b) => Value::Bool(b),
                // "=D4" of a blank D4 shows 0 in Excel; not worked out here.
                Got::Blank => return None,
            };
            Some(WorkedOut {
                row,
                column,
                formula: formula.to_string(),
                value,
            })
        })
        .collect();
    for found in &worked {
        if let Ok(r) = grid.rows.binary_search_by_key(&found.row, |row| row.index)
            && let Ok(i) = grid.rows[r]
                .cells
                .binary_search_by_key(&found.column, |(c, _)| *c)
        {
            grid.rows[r].cells[i].1 = found.value.clone();
        }
    }
    worked
}

impl WorkedOut {
    /// Whether the formula multiplies two cells of its own row ("D4*E4"): a register's
    /// score, likelihood times impact, which is the framework's own rule.
    pub fn is_row_product(&self) -> bool {
        product_of_two_cells(&self.formula).is_some_and(|(a, b)| a.0 == self.row && b.0 == self.row)
    }

    /// The result as a sentence gives it: "90", "'Green'", "blank".
    pub fn result_in_words(&self) -> String {
        match &self.value {
            Value::Empty => "blank".to_string(),
            Value::Text(text) => format!("'{text}'"),
            value => value.display(),
        }
    }
}

/// The two cells, (row, column) each, a formula (without its `=`) multiplies and does
/// nothing else with: "D3*E3", "$D$3 * $E$3", "PRODUCT(D3,E3)".
pub(super) fn product_of_two_cells(formula: &str) -> Option<((u32, u32), (u32, u32))> {
    let squashed = formula
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let (a, b) = squashed
        .strip_prefix("PRODUCT(")
        .and_then(|inside| inside.strip_suffix(')'))
        .map_or_else(|| squashed.split_once('*'), |inside| inside.split_once(','))?;
    Some((cell_reference(a)?, cell_reference(b)?))
}

/// Why a formula has no result here.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fail {
    /// It cannot be worked out for certain.
    Unknown,
    /// Excel would show an error (`#DIV/0!`, `#VALUE!`).
    Excel,
}

/// What a formula, or a cell it uses, gives.
#[derive(Debug, Clone, PartialEq)]
enum Got {
    Number(f64),
    /// Text; `""` is what a formula gives to leave its cell blank.
    Text(String),
    Bool(bool),
    /// A blank cell, as a formula refers to it.
    Blank,
}

type Res = Result<Got, Fail>;

/// The number a value is, for arithmetic: a blank cell is 0, as Excel reads it. Excel
/// reads TRUE as 1 and text of a number as the number; neither is worked out here.
fn number(value: Res) -> Result<f64, Fail> {
    match value? {
        Got::Number(n) => Ok(n),
        Got::Blank => Ok(0.0),
        _ => Err(Fail::Unknown),
    }
}

/// How deep formulas may refer to formulas before the chain is given up on.
const MAX_DEPTH: usize = 16;
/// The most cells a range may span.
const MAX_RANGE_CELLS: u64 = 1_000_000;
/// The most cells one sheet's ranges may hold between them, counted each time a range
/// is used: a sheet of running totals (`=SUM(D$2:D60000)` down 60,000 rows) would
/// otherwise take minutes. Ranges past it are left, and their formulas reported as
/// before; a formula of single cells is worked out all the same.
const MAX_CELLS_USED: u64 = 20_000_000;

struct Evaluator<'a> {
    grid: &'a Grid,
    /// Each formula cell's result, once worked out (or being worked out: a cell that
    /// refers back to itself is not worked out).
    results: HashMap<(u32, u32), Res>,
    depth: usize,
    /// Cells the sheet's ranges may still hold before the rest are left.
    budget: u64,
}

impl Evaluator<'_> {
    /// A cell's value, as a formula uses it.
    fn cell(&mut self, row: u32, column: u32) -> Res {
        self.value(self.grid.get(row, column), row, column)
    }

    /// What a cell's value gives a formula, at (row, column).
    fn value(&mut self, value: &Value, row: u32, column: u32) -> Res {
        match value {
            Value::Number(n) => Ok(Got::Number(*n)),
            Value::Empty => Ok(Got::Blank),
            Value::Text(text) => Ok(Got::Text(text.clone())),
            Value::Bool(b) => Ok(Got::Bool(*b)),
            Value::Error(_) => Err(Fail::Excel),
            Value::Uncalculated(formula) => {
                if let Some(result) = self.results.get(&(row, column)) {
                    return result.clone();
                }
                if self.depth >= MAX_DEPTH {
                    return Err(Fail::Unknown);
                }
                self.results.insert((row, column), Err(Fail::Unknown));
                self.depth += 1;
                let result = self.formula(formula);
                self.depth -= 1;
                self.results.insert((row, column), result.clone());
                result
            }
            // A date is a serial number to Excel: not worked out here.
            Value::DateTime(_) => Err(Fail::Unknown),
        }
    }

    /// A formula's result.
    fn formula(&mut self, text: &str) -> Res {
        let Some(tokens) = tokens(text) else {
            return Err(Fail::Unknown);
        };
        let mut parser = Parser {
            tokens: &tokens,
            at: 0,
            nesting: 0,
            evaluator: self,
        };
        let result = parser.expression().ok_or(Fail::Unknown)?;
        if parser.at != tokens.len() {
            return Err(Fail::Unknown);
        }
        match result? {
            Got::Number(n) if !n.is_finite() => Err(Fail::Excel),
            got => Ok(got),
        }
    }

    /// The numbers of a range's cells, as `SUM` reads them: blanks, text and TRUE or
    /// FALSE passed over.
    fn range(&mut self, from: (u32, u32), to: (u32, u32)) -> Result<Vec<f64>, Fail> {
        let (top, bottom) = (from.0.min(to.0), from.0.max(to.0));
        let (left, right) = (from.1.min(to.1), from.1.max(to.1));
        let area = u64::from(bottom - top + 1) * u64::from(right - left + 1);
        if area > MAX_RANGE_CELLS {
            return Err(Fail::Unknown);
        }
        let grid = self.grid;
        let first = grid.rows.partition_point(|row| row.index < top);
        let mut numbers = Vec::new();
        for row in grid.rows[first..]
            .iter()
            .take_while(|row| row.index <= bottom)
        {
            let from = row.cells.partition_point(|(column, _)| *column < left);
            for (column, value) in row.cells[from..]
                .iter()
                .take_while(|(column, _)| *column <= right)
            {
                if matches!(
                    value,
                    Value::Number(_) | Value::Uncalculated(_) | Value::Error(_)
                ) {
                    self.budget = self.budget.checked_sub(1).ok_or(Fail::Unknown)?;
                    if let Got::Number(n) = self.value(value, row.index, *column)? {
                        numbers.push(n);
                    }
                }
            }
        }
        Ok(numbers)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    /// Text in quotes.
    Text(String),
    /// A cell: (0-based row, 0-based column).
    Cell(u32, u32),
    /// A function's name, upper case, before its bracket.
    Function(String),
    /// TRUE or FALSE.
    Bool(bool),
    Op(char),
    /// A comparison: `=`, `<>`, `<`, `<=`, `>`, `>=`.
    Compare(&'static str),
}

/// A formula's tokens; none where it holds anything not worked out here (a sheet or a
/// name, text joined with `&`).
fn tokens(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent: "1E3", "2.5e-2".
            if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                let mut j = i + 1;
                if j < chars.len() && matches!(chars[j], '+' | '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let number: String = chars[start..i].iter().collect();
            out.push(Token::Number(number.parse().ok()?));
        } else if c == '"' {
            // Text, a quote within it doubled.
            let mut text = String::new();
            i += 1;
            loop {
                match (chars.get(i), chars.get(i + 1)) {
                    (Some('"'), Some('"')) => {
                        text.push('"');
                        i += 2;
                    }
                    (Some('"'), _) => {
                        i += 1;
                        break;
                    }
                    (Some(&c), _) => {
                        text.push(c);
                        i += 1;
                    }
                    (None, _) => return None,
                }
            }
            out.push(Token::Text(text));
        } else if c.is_ascii_alphabetic() || c == '$' || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '$' | '_' | '.'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&'(') {
                out.push(Token::Function(word.to_ascii_uppercase()));
            } else if word.eq_ignore_ascii_case("TRUE") || word.eq_ignore_ascii_case("FALSE") {
                out.push(Token::Bool(word.eq_ignore_ascii_case("TRUE")));
            } else {
                let (row, column) = cell_reference(&word)?;
                out.push(Token::Cell(row, column));
            }
        } else if matches!(c, '<' | '>' | '=') {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = ["<>", "<=", ">="]
                .into_iter()
                .find(|op| two == *op)
                .unwrap_or(match c {
                    '<' => "<",
                    '>' => ">",
                    _ => "=",
                });
            i += op.len();
            out.push(Token::Compare(op));
        } else if "+-*/^%(),:".contains(c) {
            out.push(Token::Op(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(out)
}

/// A cell's (row, column) from its A1 reference, `$` or not ("D4", "$B$1").
fn cell_reference(word: &str) -> Option<(u32, u32)> {
    let word = word.strip_prefix('$').unwrap_or(word);
    let letters = word.find(|c: char| !c.is_ascii_alphabetic())?;
    let (column, rest) = word.split_at(letters);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if column.is_empty() || column.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = column
        .bytes()
        .try_fold(0u32, |n, b| {
            Some(n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
        })?
        .checked_sub(1)?;
    let row = digits.parse::<u32>().ok()?.checked_sub(1)?;
    (column < super::grid::EXCEL_COLUMNS && row < super::grid::EXCEL_ROWS).then_some((row, column))
}

/// An argument of a function: a value, or a cell or range (its numbers, as `SUM`
/// reads them, and a lone cell's own value).
enum Argument {
    One(Res),
    Cells {
        numbers: Result<Vec<f64>, Fail>,
        lone: Option<Res>,
    },
}

impl Argument {
    /// The argument's one value: a lone cell's, or an expression's.
    fn single(self) -> Res {
        match self {
            Argument::One(value)
            | Argument::Cells {
                lone: Some(value), ..
            } => value,
            Argument::Cells { lone: None, .. } => Err(Fail::Unknown),
        }
    }
}

/// How deep brackets and signs may nest in one formula (Excel allows 64 levels of
/// functions): deeper is not worked out.
const MAX_NESTING: usize = 64;

/// Reads tokens and works them out as it goes; `None` where the formula does not read.
struct Parser<'t, 'e, 'g> {
    tokens: &'t [Token],
    at: usize,
    /// Brackets, functions and signs open around the token read.
    nesting: usize,
    evaluator: &'e mut Evaluator<'g>,
}

impl Parser<'_, '_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, op: char) -> bool {
        if self.peek() == Some(&Token::Op(op)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// A comparison of two sums, or a sum: comparisons bind last, as in Excel.
    fn expression(&mut self) -> Option<Res> {
        let left = self.sum()?;
        let Some(Token::Compare(op)) = self.peek().cloned() else {
            return Some(left);
        };
        self.at += 1;
        let right = self.sum()?;
        Some(compare(left, op, right))
    }

    /// Sums and differences.
    fn sum(&mut self) -> Option<Res> {
        let mut value = self.term()?;
        loop {
            if self.eat('+') {
                let right = self.term()?;
                value = both(value, right).map(|(a, b)| Got::Number(a + b));
            } else if self.eat('-') {
                let right = self.term()?;
                value = both(value, right).map(|(a, b)| Got::Number(a - b));
            } else {
                return Some(value);
            }
        }
    }

    /// Products and quotients.
    fn term(&mut self) -> Option<Res> {
        let mut value = self.power()?;
        loop {
            if self.eat('*') {
                let right = self.power()?;
                value = both(value, right).map(|(a, b)| Got::Number(a * b));
            } else if self.eat('/') {
                let right = self.power()?;
                value = both(value, right).and_then(|(a, b)| {
                    if b == 0.0 {
                        Err(Fail::Excel)
                    } else {
                        Ok(Got::Number(a / b))
                    }
                });
            } else {
                return Some(value);
            }
        }
    }

    /// Powers, worked left to right as Excel does (`2^3^2` is 64).
    fn power(&mut self) -> Option<Res> {
        let mut value = self.unary()?;
        while self.eat('^') {
            let right = self.unary()?;
            value = both(value, right).map(|(a, b)| Got::Number(a.powf(b)));
        }
        Some(value)
    }

    /// A sign before a value binds before a power, as in Excel (`-2^2` is 4).
    fn unary(&mut self) -> Option<Res> {
        if self.nesting >= MAX_NESTING {
            return None;
        }
        self.nesting += 1;
        let value = self.signed();
        self.nesting -= 1;
        value
    }

    fn signed(&mut self) -> Option<Res> {
        if self.eat('-') {
            return Some(number(self.unary()?).map(|n| Got::Number(-n)));
        }
        if self.eat('+') {
            return self.unary();
        }
        let mut value = self.primary()?;
        while self.eat('%') {
            value = number(value).map(|n| Got::Number(n / 100.0));
        }
        Some(value)
    }

    fn primary(&mut self) -> Option<Res> {
        match self.peek()?.clone() {
            Token::Number(n) => {
                self.at += 1;
                Some(Ok(Got::Number(n)))
            }
            Token::Text(text) => {
                self.at += 1;
                Some(Ok(Got::Text(text)))
            }
            Token::Bool(b) => {
                self.at += 1;
                Some(Ok(Got::Bool(b)))
            }
            Token::Cell(row, column) => {
                self.at += 1;
                if self.peek() == Some(&Token::Op(':')) {
                    // A range stands only as a function's argument.
                    return None;
                }
                Some(self.evaluator.cell(row, column))
            }
            Token::Op('(') => {
                self.at += 1;
                let value = self.expression()?;
                self.eat(')').then_some(value)
            }
            Token::Function(name) => {
                self.at += 1;
                if !self.eat('(') {
                    return None;
                }
                let mut arguments = Vec::new();
                if !self.eat(')') {
                    loop {
                        arguments.push(self.argument()?);
                        if self.eat(')') {
                            break;
                        }
                        if !self.eat(',') {
                            return None;
                        }
                    }
                }
                function(&name, arguments)
            }
            Token::Op(_) | Token::Compare(_) => None,
        }
    }

    /// A function's argument: a cell or range, or a value.
    fn argument(&mut self) -> Option<Argument> {
        if let (Some(Token::Cell(row, column)), next) =
            (self.peek().cloned(), self.tokens.get(self.at + 1))
        {
            match next {
                Some(Token::Op(':')) => {
                    let Some(Token::Cell(to_row, to_column)) =
                        self.tokens.get(self.at + 2).cloned()
                    else {
                        return None;
                    };
                    if matches!(self.tokens.get(self.at + 3), Some(Token::Op(',' | ')'))) {
                        self.at += 3;
                        return Some(Argument::Cells {
                            numbers: self.evaluator.range((row, column), (to_row, to_column)),
                            lone: None,
                        });
                    }
                    return None;
                }
                Some(Token::Op(',' | ')')) => {
                    // A lone cell: as SUM reads it, a blank or text is passed over.
                    self.at += 1;
                    return Some(Argument::Cells {
                        numbers: self.evaluator.range((row, column), (row, column)),
                        lone: Some(self.evaluator.cell(row, column)),
                    });
                }
                _ => {}
            }
        }
        Some(Argument::One(self.expression()?))
    }
}

/// Two numbers, or the first failure: an Excel error before a value not worked out.
fn both(a: Res, b: Res) -> Result<(f64, f64), Fail> {
    match (number(a), number(b)) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(Fail::Excel), _) | (_, Err(Fail::Excel)) => Err(Fail::Excel),
        _ => Err(Fail::Unknown),
    }
}

/// Two values compared as Excel compares them: a blank cell is 0 beside a number and
/// `""` beside text, text is compared without regard to case, and a number is never
/// equal to text (which comes after it, not worked out here).
fn compare(a: Res, op: &str, b: Res) -> Res {
    let (a, b) = (a?, b?);
    let (a, b) = match (a, b) {
        (Got::Blank, Got::Blank) => (Got::Number(0.0), Got::Number(0.0)),
        (Got::Blank, b @ Got::Number(_)) => (Got::Number(0.0), b),
        (a @ Got::Number(_), Got::Blank) => (a, Got::Number(0.0)),
        (Got::Blank, b @ Got::Text(_)) => (Got::Text(String::new()), b),
        (a @ Got::Text(_), Got::Blank) => (a, Got::Text(String::new())),
        (Got::Blank, b @ Got::Bool(_)) => (Got::Bool(false), b),
        (a @ Got::Bool(_), Got::Blank) => (a, Got::Bool(false)),
        pair => pair,
    };
    let order = match (&a, &b) {
        (Got::Number(a), Got::Number(b)) => a.partial_cmp(b).ok_or(Fail::Excel)?,
        (Got::Text(a), Got::Text(b)) => a.to_lowercase().cmp(&b.to_lowercase()),
        (Got::Bool(a), Got::Bool(b)) => a.cmp(b),
        // Of two kinds: not equal, and which is first is not worked out here.
        _ => {
            return match op {
                "=" => Ok(Got::Bool(false)),
                "<>" => Ok(Got::Bool(true)),
                _ => Err(Fail::Unknown),
            };
        }
    };
    use std::cmp::Ordering::{Equal, Greater, Less};
    Ok(Got::Bool(match op {
        "=" => order == Equal,
        "<>" => order != Equal,
        "<" => order == Less,
        "<=" => order != Greater,
        ">" => order == Greater,
        _ => order != Less,
    }))
}

/// Whether a value counts as TRUE for `IF`: a number not 0, TRUE; text is `#VALUE!`.
fn truth(value: Res) -> Result<bool, Fail> {
    match value? {
        Got::Bool(b) => Ok(b),
        Got::Number(n) => Ok(n != 0.0),
        Got::Blank => Ok(false),
        Got::Text(_) => Err(Fail::Excel),
    }
}

/// A function's result; `None` for a function not worked out here.
fn function(name: &str, arguments: Vec<Argument>) -> Option<Res> {
    let name = name.strip_prefix("_XLFN.").unwrap_or(name);
    // The arguments' numbers, all of them, for the functions of many.
    let numbers = |arguments: Vec<Argument>| -> Result<Vec<f64>, Fail> {
        let mut all = Vec::new();
        for argument in arguments {
            match argument {
                Argument::One(value) => all.push(number(value)?),
                Argument::Cells { numbers, .. } => all.extend(numbers?),
            }
        }
        Ok(all)
    };
    let number_of = |argument: Argument| number(argument.single());
    Some(match name {
        "SUM" => numbers(arguments).map(|n| Got::Number(n.iter().sum())),
        "PRODUCT" => numbers(arguments).map(|n| Got::Number(n.iter().product())),
        "COUNT" => numbers(arguments).map(|n| Got::Number(n.len() as f64)),
        "AVERAGE" => numbers(arguments).and_then(|n| {
            if n.is_empty() {
                Err(Fail::Excel)
            } else {
                Ok(Got::Number(n.iter().sum::<f64>() / n.len() as f64))
            }
        }),
        "MIN" | "MAX" => numbers(arguments).map(|n| {
            let fold = if name == "MIN" { f64::min } else { f64::max };
            Got::Number(n.into_iter().reduce(fold).unwrap_or(0.0))
        }),
        "ABS" => {
            let [x] = <[Argument; 1]>::try_from(arguments).ok()?;
            number_of(x).map(|x| Got::Number(x.abs()))
        }
        "ROUND" | "ROUNDUP" | "ROUNDDOWN" => {
            let [x, places] = <[Argument; 2]>::try_from(arguments).ok()?;
            both(x.single(), places.single()).map(|(x, places)| Got::Number(round(name, x, places)))
        }
        "IFERROR" => {
            let [x, otherwise] = <[Argument; 2]>::try_from(arguments).ok()?;
            match x.single() {
                Err(Fail::Excel) => otherwise.single(),
                result => result,
            }
        }
        "IF" => {
            let mut arguments = arguments.into_iter();
            let (condition, then) = (arguments.next()?, arguments.next()?);
            let otherwise = arguments.next();
            if arguments.next().is_some() {
                return None;
            }
            match truth(condition.single()) {
                Ok(true) => then.single(),
                Ok(false) => otherwise.map_or(Ok(Got::Bool(false)), Argument::single),
                Err(fail) => Err(fail),
            }
        }
        "ISBLANK" => {
            let [x] = <[Argument; 1]>::try_from(arguments).ok()?;
            match x {
                Argument::Cells {
                    lone: Some(value), ..
                } => value.map(|v| Got::Bool(v == Got::Blank)),
                _ => Err(Fail::Unknown),
            }
        }
        _ => return None,
    })
}

/// `x` rounded to `places` (negative: to tens, hundreds) as Excel's `ROUND` (half away
/// from zero), `ROUNDUP` (away from zero) or `ROUNDDOWN` (towards it).
fn round(how: &str, x: f64, places: f64) -> f64 {
    let scale = 10f64.powi(places.trunc() as i32);
    let scaled = x * scale;
    // Noise below the last place kept is not a digit ("2.675" held as 2.67499…).
    let scaled = if (scaled - scaled.round()).abs() < 1e-9 {
        scaled.round()
    } else {
        scaled
    };
    let rounded = match how {
        "ROUNDUP" => scaled.abs().ceil().copysign(scaled),
        "ROUNDDOWN" => scaled.trunc(),
        _ => scaled.round(),
    };
    rounded / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet of numbers at A1:C2 (1, 2, 3 / 4, 5, 6), text at D1, a blank D2, and
    /// the formulas given in row 4, A4 onwards: each one's result, if worked out.
    fn worked(formulas: &[&str]) -> Vec<Option<Value>> {
        let mut cells = vec![
            (0, 0, Value::Number(1.0)),
            (0, 1, Value::Number(2.0)),
            (0, 2, Value::Number(3.0)),
            (1, 0, Value::Number(4.0)),
            (1, 1, Value::Number(5.0)),
            (1, 2, Value::Number(6.0)),
            (0, 3, Value::Text("n/a".into())),
        ];
        for (i, formula) in formulas.iter().enumerate() {
            cells.push((3, i as u32, Value::Uncalculated(formula.to_string())));
        }
        let mut grid = Grid::from_cells("Sheet".into(), true, cells, Vec::new());
        let worked = work_out(&mut grid);
        (0..formulas.len())
            .map(|i| {
                let found = worked
                    .iter()
                    .find(|w| w.column == i as u32)
                    .map(|w| w.value.clone());
                // What was worked out is in the grid too.
                let in_grid = grid.get(3, i as u32);
                assert_eq!(
                    found.as_ref(),
                    (!matches!(in_grid, Value::Uncalculated(_))).then_some(in_grid)
                );
                found
            })
            .collect()
    }

    /// As [`worked`], for formulas giving numbers.
    fn results(formulas: &[&str]) -> Vec<Option<f64>> {
        worked(formulas)
            .into_iter()
            .map(|value| match value {
                Some(Value::Number(n)) => Some(n),
                None => None,
                Some(other) => panic!("not a number: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn comparisons_and_if_give_numbers_text_or_blank_as_excel_does() {
        let text = |t: &str| Some(Value::Text(t.to_string()));
        assert_eq!(
            worked(&[
                // A blank cell left blank until its figures are typed.
                "IF(D2=\"\",\"\",A1/B1)",
                "IF(A1=\"\",\"\",A1/B1*100)",
                // A RAG worked out from actual and target.
                "IF(B2>=C2,\"Green\",IF(B2>=C2*0.8,\"Amber\",\"Red\"))",
                "IF(A2<>4,1,0)",
                "IF(D1=\"N/A\",\"none\",\"some\")",
                "A1<=B1",
                "ISBLANK(D2)",
                "IFERROR(A1/0,\"\")",
                "IF(A1>B1,1)",
                // Text in a condition, and a number set against text.
                "IF(D1,1,2)",
                "IF(A1>D1,1,2)",
                // Text joined, and a blank cell alone (Excel shows 0).
                "D1&\"x\"",
                "D2",
            ]),
            [
                Some(Value::Empty),
                Some(Value::Number(50.0)),
                text("Amber"),
                Some(Value::Number(0.0)),
                text("none"),
                Some(Value::Bool(true)),
                Some(Value::Bool(true)),
                Some(Value::Empty),
                Some(Value::Bool(false)),
                None,
                None,
                None,
                None,
            ]
        );
    }

    #[test]
    fn arithmetic_and_cells_are_worked_out_as_excel_does() {
        assert_eq!(
            results(&[
                "A1+B1*C1",
                "(A1+B1)*C1",
                "$A$2/B2*100",
                "-2^2",
                "2^3^2",
                "50%",
                "A2-B2-C2",
                "1E2+0.5",
                // A blank cell is 0, as Excel reads it.
                "D2*2+A1",
            ]),
            [
                Some(7.0),
                Some(9.0),
                Some(80.0),
                Some(4.0),
                Some(64.0),
                Some(0.5),
                Some(-7.0),
                Some(100.5),
                Some(1.0),
            ]
        );
        // 0/0 is an error, which IFERROR catches.
        assert_eq!(worked(&["IFERROR(D2/D2,\"\")"]), [Some(Value::Empty)]);
    }

    #[test]
    fn functions_returns_use_are_worked_out() {
        assert_eq!(
            results(&[
                "SUM(A1:C2)",
                "SUM(A1:D2)",
                "AVERAGE(A1:A2)",
                "MAX(A1:C1,10)",
                "MIN(B1:C2)",
                "ROUND(B2/C2*100,1)",
                "IFERROR(A1/0,0)",
                "PRODUCT(A2,B2)",
                "COUNT(A1:D2)",
                "ROUNDUP(2.1,0)",
                "ROUNDDOWN(-2.9,0)",
                "ROUND(2.675,2)",
            ]),
            [
                Some(21.0),
                Some(21.0),
                Some(2.5),
                Some(10.0),
                Some(2.0),
                Some(83.3),
                Some(0.0),
                Some(20.0),
                Some(6.0),
                Some(3.0),
                Some(-2.0),
                Some(2.68)
            ]
        );
    }

    /// An expression of whole numbers, as a tree: what a formula written from it must
    /// work out to.
    #[derive(Debug, Clone)]
    enum Expr {
        Number(u8),
        Cell(u8),
        Negative(Box<Expr>),
        Binary(Box<Expr>, char, Box<Expr>),
    }

    impl Expr {
        /// Its value, with A1:C2 as [`results`] fills them; `None` on division by 0.
        fn value(&self) -> Option<f64> {
            Some(match self {
                Expr::Number(n) => f64::from(*n),
                Expr::Cell(i) => f64::from(i % 6 + 1),
                Expr::Negative(e) => -e.value()?,
                Expr::Binary(a, op, b) => {
                    let (a, b) = (a.value()?, b.value()?);
                    match op {
                        '+' => a + b,
                        '-' => a - b,
                        '*' => a * b,
                        _ if b == 0.0 => return None,
                        _ => a / b,
                    }
                }
            })
        }

        fn precedence(&self) -> u8 {
            match self {
                Expr::Binary(_, '+' | '-', _) => 1,
                Expr::Binary(..) => 2,
                _ => 3,
            }
        }

        /// Written as an officer would, with brackets only where precedence needs them.
        fn formula(&self) -> String {
            match self {
                Expr::Number(n) => n.to_string(),
                // A1, B1, C1, A2, B2, C2: the numbers 1 to 6.
                Expr::Cell(i) => {
                    let i = i % 6;
                    format!("{}{}", ["A", "B", "C"][usize::from(i % 3)], i / 3 + 1)
                }
                Expr::Negative(e) if e.precedence() < 3 => format!("-({})", e.formula()),
                Expr::Negative(e) => format!("-{}", e.formula()),
                Expr::Binary(a, op, b) => {
                    let own = self.precedence();
                    let left = if a.precedence() < own {
                        format!("({})", a.formula())
                    } else {
                        a.formula()
                    };
                    // Left to right: an equal operator on the right needs its brackets.
                    let right = if b.precedence() <= own {
                        format!("({})", b.formula())
                    } else {
                        b.formula()
                    };
                    format!("{left}{op}{right}")
                }
            }
        }
    }

    fn expression() -> impl proptest::strategy::Strategy<Value = Expr> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            any::<u8>().prop_map(Expr::Number),
            any::<u8>().prop_map(Expr::Cell)
        ];
        leaf.prop_recursive(4, 32, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Negative(Box::new(e))),
                (
                    inner.clone(),
                    prop::sample::select(vec!['+', '-', '*', '/']),
                    inner
                )
                    .prop_map(|(a, op, b)| Expr::Binary(
                        Box::new(a),
                        op,
                        Box::new(b)
                    )),
            ]
        })
    }

    proptest::proptest! {
        /// Any text of a formula's characters is worked out or left, never a panic.
        #[test]
        fn any_formula_text_is_worked_out_or_left(text in "[A-Z$0-9.,:()+*/^%E\"<>= -]{0,40}") {
            let _ = worked(&[&text]);
        }

        #[test]
        fn a_formula_works_out_to_its_expressions_value(expr in expression()) {
            let formula = expr.formula();
            let worked = results(&[&formula])[0];
            match (worked, expr.value()) {
                (Some(got), Some(want)) => proptest::prop_assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{formula}: {got} against {want}"
                ),
                (got, want) => proptest::prop_assert_eq!(got, want, "{}", formula),
            }
        }
    }

    #[test]
    fn ranges_past_the_sheets_budget_are_left_and_single_cells_still_worked_out() {
        // Running totals down 100 rows (=SUM(A$1:A1), =SUM(A$1:A2) …) beside each
        // row's double (=A1*2), with room for 1,000 cells of ranges: the totals to row
        // 44 use 990 of them.
        let mut cells = Vec::new();
        for row in 0..100 {
            cells.push((row, 0, Value::Number(1.0)));
            cells.push((
                row,
                1,
                Value::Uncalculated(format!("SUM(A$1:A{})", row + 1)),
            ));
            cells.push((row, 2, Value::Uncalculated(format!("A{}*2", row + 1))));
        }
        let mut grid = Grid::from_cells("Sheet".into(), true, cells, Vec::new());
        let worked = work_out_within(&mut grid, 1_000);
        let totals: Vec<&Value> = worked
            .iter()
            .filter(|w| w.column == 1)
            .map(|w| &w.value)
            .collect();
        let sums: Vec<Value> = (1..=44).map(|n| Value::Number(f64::from(n))).collect();
        assert_eq!(totals, sums.iter().collect::<Vec<_>>());
        assert_eq!(worked.iter().filter(|w| w.column == 2).count(), 100);
        assert!(matches!(grid.get(44, 1), Value::Uncalculated(_)));
    }

    #[test]
    fn a_formula_on_a_formula_is_worked_out_in_turn() {
        // B4 uses A4, which is itself a formula held without its result.
        assert_eq!(results(&["A1+B1", "A4*10"]), [Some(3.0), Some(30.0)]);
    }

    #[test]
    fn what_cannot_be_worked_out_for_certain_is_left() {
        assert_eq!(
            results(&[
                // Text as a number, and a blank cell alone (Excel shows 0).
                "D1+1",
                "D2",
                // Another sheet, a name, text joined, functions not listed.
                "Sheet2!A1",
                "Rate*A1",
                "\"a\"&A1",
                "SUMIF(A1:C1,\">1\")",
                "VLOOKUP(A1,A1:C2,2,FALSE)",
                // An Excel error, and a cell referring to itself.
                "A1/0",
                "I4+1",
                // Not a formula that reads.
                "A1+",
                "(A1",
                "A1:B2",
            ]),
            [None; 12]
        );
        // Nested past any formula Excel allows: not worked out, and no stack spent.
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let signs = format!("{}1", "-".repeat(100_000));
        assert_eq!(results(&[&deep, &signs]), [None, None]);
        assert_eq!(results(&["((((1))))+-(-2)"]), [Some(3.0)]);
    }
}
