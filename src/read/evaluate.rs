//! Working out the formulas a workbook holds without their results (saved by a program
//! that writes formulas but does not calculate them: openpyxl, xlsxwriter, a system's
//! export), as Excel would on opening it: arithmetic on numbers and on the sheet's own
//! cells, and the functions returns use most (`SUM`, `AVERAGE`, `ROUND`, `IFERROR` …).
//!
//! Only what can be worked out for certain is: a formula naming another sheet, a
//! name, text, a comparison or a function not listed here, or a cell that is blank or
//! holds text where a number is wanted, is left as it is, and reported as before
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
    /// Its result.
    pub value: f64,
}

/// Work out every formula of `grid` held without its result that can be: each is
/// replaced by its result, and listed, in row and column order.
pub fn work_out(grid: &mut Grid) -> Vec<WorkedOut> {
    work_out_within(grid, MAX_CELLS_USED)
}

/// As [`work_out`], the sheet's ranges holding at most `budget` cells between them.
fn work_out_within(grid: &mut Grid, budget: u64) -> Vec<WorkedOut> {
    let formulas: Vec<(u32, u32)> = grid
        .rows
        .iter()
        .flat_map(|row| {
            row.cells
                .iter()
                .filter(|(_, value)| matches!(value, Value::Uncalculated(_)))
                .map(move |(column, _)| (row.index, *column))
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
        .filter_map(|(row, column)| {
            let value = evaluator.cell(row, column).ok()?;
            let Value::Uncalculated(formula) = evaluator.grid.get(row, column) else {
                return None;
            };
            Some(WorkedOut {
                row,
                column,
                formula: formula.clone(),
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
            grid.rows[r].cells[i].1 = Value::Number(found.value);
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
    /// Excel would show an error (`#DIV/0!`).
    Excel,
}

type Num = Result<f64, Fail>;

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
    results: HashMap<(u32, u32), Num>,
    depth: usize,
    /// Cells the sheet's ranges may still hold before the rest are left.
    budget: u64,
}

impl Evaluator<'_> {
    /// A cell's number, as a formula uses it.
    fn cell(&mut self, row: u32, column: u32) -> Num {
        self.value(self.grid.get(row, column), row, column)
    }

    /// The number of a cell's value, at (row, column).
    fn value(&mut self, value: &Value, row: u32, column: u32) -> Num {
        match value {
            Value::Number(n) => Ok(*n),
            Value::Error(_) => Err(Fail::Excel),
            Value::Uncalculated(formula) => {
                if let Some(result) = self.results.get(&(row, column)) {
                    return *result;
                }
                if self.depth >= MAX_DEPTH {
                    return Err(Fail::Unknown);
                }
                self.results.insert((row, column), Err(Fail::Unknown));
                self.depth += 1;
                let result = self.formula(&formula.clone());
                self.depth -= 1;
                self.results.insert((row, column), result);
                result
            }
            // A blank cell Excel reads as 0, text as an error: neither is worked out.
            _ => Err(Fail::Unknown),
        }
    }

    /// A formula's result.
    fn formula(&mut self, text: &str) -> Num {
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
        result.and_then(|n| {
            if n.is_finite() {
                Ok(n)
            } else {
                Err(Fail::Excel)
            }
        })
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
                    numbers.push(self.value(value, row.index, *column)?);
                }
            }
        }
        Ok(numbers)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    /// A cell: (0-based row, 0-based column).
    Cell(u32, u32),
    /// A function's name, upper case, before its bracket.
    Function(String),
    Op(char),
}

/// A formula's tokens; none where it holds anything not worked out here (text, a
/// sheet or a name, a comparison).
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
            } else {
                let (row, column) = cell_reference(&word)?;
                out.push(Token::Cell(row, column));
            }
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

/// An argument of a function: a number, or the numbers of a range.
enum Argument {
    One(Num),
    Many(Result<Vec<f64>, Fail>),
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

    /// Sums and differences.
    fn expression(&mut self) -> Option<Num> {
        let mut value = self.term()?;
        loop {
            if self.eat('+') {
                let right = self.term()?;
                value = both(value, right).map(|(a, b)| a + b);
            } else if self.eat('-') {
                let right = self.term()?;
                value = both(value, right).map(|(a, b)| a - b);
            } else {
                return Some(value);
            }
        }
    }

    /// Products and quotients.
    fn term(&mut self) -> Option<Num> {
        let mut value = self.power()?;
        loop {
            if self.eat('*') {
                let right = self.power()?;
                value = both(value, right).map(|(a, b)| a * b);
            } else if self.eat('/') {
                let right = self.power()?;
                value = both(value, right).and_then(|(a, b)| {
                    if b == 0.0 {
                        Err(Fail::Excel)
                    } else {
                        Ok(a / b)
                    }
                });
            } else {
                return Some(value);
            }
        }
    }

    /// Powers, worked left to right as Excel does (`2^3^2` is 64).
    fn power(&mut self) -> Option<Num> {
        let mut value = self.unary()?;
        while self.eat('^') {
            let right = self.unary()?;
            value = both(value, right).map(|(a, b)| a.powf(b));
        }
        Some(value)
    }

    /// A sign before a value binds before a power, as in Excel (`-2^2` is 4).
    fn unary(&mut self) -> Option<Num> {
        if self.nesting >= MAX_NESTING {
            return None;
        }
        self.nesting += 1;
        let value = self.signed();
        self.nesting -= 1;
        value
    }

    fn signed(&mut self) -> Option<Num> {
        if self.eat('-') {
            return Some(self.unary()?.map(|n| -n));
        }
        if self.eat('+') {
            return self.unary();
        }
        let mut value = self.primary()?;
        while self.eat('%') {
            value = value.map(|n| n / 100.0);
        }
        Some(value)
    }

    fn primary(&mut self) -> Option<Num> {
        match self.peek()?.clone() {
            Token::Number(n) => {
                self.at += 1;
                Some(Ok(n))
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
            Token::Op(_) => None,
        }
    }

    /// A function's argument: a cell or range (its numbers), or a value.
    fn argument(&mut self) -> Option<Argument> {
        if let (Some(Token::Cell(row, column)), next) =
            (self.peek().cloned(), self.tokens.get(self.at + 1))
        {
            let (row, column) = (row, column);
            match next {
                Some(Token::Op(':')) => {
                    let Some(Token::Cell(to_row, to_column)) =
                        self.tokens.get(self.at + 2).cloned()
                    else {
                        return None;
                    };
                    if matches!(self.tokens.get(self.at + 3), Some(Token::Op(',' | ')'))) {
                        self.at += 3;
                        return Some(Argument::Many(
                            self.evaluator.range((row, column), (to_row, to_column)),
                        ));
                    }
                    return None;
                }
                Some(Token::Op(',' | ')')) => {
                    // A lone cell, as SUM reads it: a blank or text is passed over.
                    self.at += 1;
                    return Some(Argument::Many(
                        self.evaluator.range((row, column), (row, column)),
                    ));
                }
                _ => {}
            }
        }
        Some(Argument::One(self.expression()?))
    }
}

/// Two values, or the first failure: an Excel error before a value not worked out.
fn both(a: Num, b: Num) -> Result<(f64, f64), Fail> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(Fail::Excel), _) | (_, Err(Fail::Excel)) => Err(Fail::Excel),
        _ => Err(Fail::Unknown),
    }
}

/// A function's result; `None` for a function not worked out here.
fn function(name: &str, arguments: Vec<Argument>) -> Option<Num> {
    let name = name.strip_prefix("_XLFN.").unwrap_or(name);
    // The arguments' numbers, all of them, for the functions of many.
    let numbers = |arguments: Vec<Argument>| -> Result<Vec<f64>, Fail> {
        let mut all = Vec::new();
        for argument in arguments {
            match argument {
                Argument::One(value) => all.push(value?),
                Argument::Many(values) => all.extend(values?),
            }
        }
        Ok(all)
    };
    // The one value of a function of one or two.
    let single = |argument: Argument| -> Num {
        match argument {
            Argument::One(value) => value,
            Argument::Many(values) => match values?.as_slice() {
                [one] => Ok(*one),
                _ => Err(Fail::Unknown),
            },
        }
    };
    Some(match name {
        "SUM" => numbers(arguments).map(|n| n.iter().sum()),
        "PRODUCT" => numbers(arguments).map(|n| n.iter().product()),
        "COUNT" => numbers(arguments).map(|n| n.len() as f64),
        "AVERAGE" => numbers(arguments).and_then(|n| {
            if n.is_empty() {
                Err(Fail::Excel)
            } else {
                Ok(n.iter().sum::<f64>() / n.len() as f64)
            }
        }),
        "MIN" | "MAX" => numbers(arguments).map(|n| {
            let fold = if name == "MIN" { f64::min } else { f64::max };
            n.into_iter().reduce(fold).unwrap_or(0.0)
        }),
        "ABS" => {
            let [x] = <[Argument; 1]>::try_from(arguments).ok()?;
            single(x).map(f64::abs)
        }
        "ROUND" | "ROUNDUP" | "ROUNDDOWN" => {
            let [x, places] = <[Argument; 2]>::try_from(arguments).ok()?;
            both(single(x), single(places)).map(|(x, places)| round(name, x, places))
        }
        "IFERROR" => {
            let [x, otherwise] = <[Argument; 2]>::try_from(arguments).ok()?;
            match single(x) {
                Err(Fail::Excel) => single(otherwise),
                result => result,
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
    fn results(formulas: &[&str]) -> Vec<Option<f64>> {
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
                    .map(|w| w.value);
                // What was worked out is in the grid too.
                assert_eq!(
                    found.map(Value::Number),
                    match grid.get(3, i as u32) {
                        Value::Number(n) => Some(Value::Number(*n)),
                        _ => None,
                    }
                );
                found
            })
            .collect()
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
            ]),
            [
                Some(7.0),
                Some(9.0),
                Some(80.0),
                Some(4.0),
                Some(64.0),
                Some(0.5),
                Some(-7.0),
                Some(100.5)
            ]
        );
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
        fn any_formula_text_is_worked_out_or_left(text in "[A-Z$0-9.,:()+*/^%E -]{0,40}") {
            let _ = results(&[&text]);
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
        let totals: Vec<f64> = worked
            .iter()
            .filter(|w| w.column == 1)
            .map(|w| w.value)
            .collect();
        assert_eq!(totals, (1..=44).map(f64::from).collect::<Vec<_>>());
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
                // A blank cell and text, as numbers.
                "D2*2",
                "D1+1",
                // Another sheet, a name, text, a comparison, a function not listed.
                "Sheet2!A1",
                "Rate*A1",
                "\"a\"&A1",
                "IF(A1>0,1,2)",
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
