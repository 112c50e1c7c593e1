//! Opening any workbook safely: sniff the format from the first bytes, refuse what is
//! over the limits before calamine sees it, and stream xlsx/xlsb cells so that a sheet
//! claiming a huge used range cannot make the process allocate it.

use super::formulas::{SavedResults, saved_results, uncalculated_formulas};
use super::grid::{Grid, Merge, Value};
use super::shade::{Mark, Shade};
use crate::schema::framework::Limits;
use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// The formats golden-thread reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel 2007+ (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary (.xlsb).
    Xlsb,
    /// Excel 97-2003 (.xls).
    Xls,
    /// OpenDocument (.ods).
    Ods,
    /// Comma, semicolon or tab separated text.
    Csv,
    /// A web page's tables, saved under an .xls name.
    Html,
    /// An Excel 2003 XML spreadsheet, saved under an .xls or .xml name.
    SpreadsheetMl,
}

/// Why a whole file could not be read, in words for the officer.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable(pub String);

/// A sheet that was left unread, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRefused {
    /// The sheet.
    pub sheet: String,
    /// Why, in words for the officer.
    pub reason: String,
}

/// What opening a file gives: its sheets, and any sheets refused on the way.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The format found.
    pub format: Format,
    /// Every sheet read, in workbook order.
    pub sheets: Vec<Grid>,
    /// Sheets over a limit or damaged, left out.
    pub refused: Vec<SheetRefused>,
    /// Saved with its calculation set to manual, holding formulas: their saved
    /// results may be out of date.
    pub manual_calculation: bool,
    /// The rows and columns each .xlsx, .xls or .ods sheet hides, by sheet name.
    pub hidden: std::collections::HashMap<String, super::hidden::Hidden>,
}

impl Opened {
    /// A one-sheet format's sheet (CSV, a web page), with no formulas and nothing
    /// hidden until the reader says.
    fn one_sheet(format: Format, grid: Grid) -> Opened {
        Opened {
            format,
            sheets: vec![grid],
            refused: vec![],
            manual_calculation: false,
            hidden: Default::default(),
        }
    }
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Open any supported file and read all its sheets. `wants_merges` says, from a
/// sheet's cells, whether its merged regions are worth reading (an extra pass for xlsx).
pub fn open(
    path: &Path,
    limits: &Limits,
    wants_merges: &dyn Fn(&Grid) -> bool,
) -> Result<Opened, Unreadable> {
    // calamine can panic on a malformed file (a slice out of range in its compound-file
    // reader, found by fuzzing): that is a damaged file, not the end of the run.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        open_unguarded(path, limits, wants_merges)
    }))
    .unwrap_or_else(|_| {
        Err(Unreadable(
            "the workbook is damaged: its structure could not be followed".into(),
        ))
    })
}

/// Whether a panic came from inside calamine (or the `cfb` crate, which reads an .xls
/// file's streams), where `open` turns it into a finding: the panic hook stays quiet
/// about those.
pub fn is_reader_panic(location: Option<&std::panic::Location<'_>>) -> bool {
    location.is_some_and(|l| {
        ["/calamine-", "\\calamine-", "/cfb-", "\\cfb-"]
            .iter()
            .any(|crate_path| l.file().contains(crate_path))
    })
}

fn open_unguarded(
    path: &Path,
    limits: &Limits,
    wants_merges: &dyn Fn(&Grid) -> bool,
) -> Result<Opened, Unreadable> {
    let size = std::fs::metadata(path)
        .map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))?
        .len();
    if size == 0 {
        return Err(Unreadable("the file is empty (0 bytes)".into()));
    }
    if size > limits.max_file_bytes {
        return Err(Unreadable(format!(
            "the file is {} MB, over the limit of {} MB (limits.max_file_bytes in framework.toml)",
            size / 1_048_576,
            limits.max_file_bytes / 1_048_576
        )));
    }
    let opening =
        opening_of(path).map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))?;
    let opening = opening.as_slice();
    let head = &opening[..opening.len().min(8)];
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"PK") {
        open_zip(path, limits, wants_merges)
    } else if head == CFB_MAGIC {
        open_compound(path, limits)
    } else if super::spreadsheetml::is_spreadsheetml(opening) {
        super::spreadsheetml::open_spreadsheetml(path, limits)
    } else if super::html::is_html(opening) {
        super::html::open_html(path, limits).map(|(grid, hidden)| {
            let mut opened = Opened::one_sheet(Format::Html, grid);
            if !hidden.rows.is_empty() {
                opened.hidden.insert(opened.sheets[0].name.clone(), hidden);
            }
            opened
        })
    } else if matches!(extension.as_str(), "csv" | "tsv" | "txt")
        || extension == "xls" && is_delimited_text(opening)
    {
        super::csv::open_csv(path).map(|grid| Opened::one_sheet(Format::Csv, grid))
    } else {
        Err(Unreadable(format!(
            "this is not a workbook: it is neither an Excel or OpenDocument file, a web page's table, an XML spreadsheet nor CSV (it starts with {:?})",
            String::from_utf8_lossy(head)
        )))
    }
}

/// A file's first bytes, that tell its format: enough for a web page's first tag past
/// a comment or two.
pub(super) fn opening_of(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut opening = vec![0u8; 1024];
    let read = File::open(path)?.read(&mut opening)?;
    opening.truncate(read);
    Ok(opening)
}

/// Whether a file's opening is text in columns, as many systems' "Export to Excel"
/// saves under an .xls name (tab or comma separated), and Excel opens it: Unicode text
/// with its byte-order mark, or separators and no byte a text never has.
fn is_delimited_text(opening: &[u8]) -> bool {
    if opening.starts_with(b"\xFF\xFE") || opening.starts_with(b"\xFE\xFF") {
        return true;
    }
    // Markup (XML, a web page) is not text in columns, whatever its commas.
    let markup = opening
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(opening)
        .trim_ascii_start()
        .starts_with(b"<");
    !markup
        && opening
            .iter()
            .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\r' | b'\n'))
        && opening.iter().any(|b| matches!(b, b'\t' | b',' | b';'))
}

fn open_zip(
    path: &Path,
    limits: &Limits,
    wants_merges: &dyn Fn(&Grid) -> bool,
) -> Result<Opened, Unreadable> {
    let file =
        File::open(path).map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        Unreadable(format!(
            "the workbook is damaged or truncated and cannot be opened ({e})"
        ))
    })?;
    let mut total: u64 = 0;
    let (mut xlsx, mut xlsb, mut ods) = (false, false, false);
    let mut worksheets = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| {
            Unreadable(format!(
                "the workbook is damaged and cannot be opened ({e})"
            ))
        })?;
        total = total.saturating_add(entry.size());
        match entry.name().unwrap_or_default().as_ref() {
            "xl/workbook.xml" => xlsx = true,
            "xl/workbook.bin" => xlsb = true,
            "content.xml" => ods = true,
            name if name.starts_with("xl/worksheets/") && name.ends_with(".xml") => {
                worksheets.push(i);
            }
            _ => {}
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(Unreadable(format!(
            "the workbook unpacks to {} MB, over the limit of {} MB (limits.max_uncompressed_bytes in framework.toml)",
            total / 1_048_576,
            limits.max_uncompressed_bytes / 1_048_576
        )));
    }
    let (results, manual_calculation) = if xlsx {
        saved_results(&mut archive, &worksheets)
    } else {
        (SavedResults::Trusted, false)
    };
    let mut ods_layout = super::ods::OdsLayout::default();
    let hidden = if xlsx {
        super::hidden::hidden_by_sheet(&mut archive)
    } else if ods {
        ods_layout = super::ods::ods_layout(&mut archive);
        std::mem::take(&mut ods_layout.hidden)
    } else {
        Default::default()
    };
    drop(archive);
    let reader = || {
        File::open(path)
            .map(BufReader::new)
            .map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))
    };
    if xlsx {
        let workbook = Xlsx::new(reader()?).map_err(|e| damaged(&e))?;
        Ok(Opened {
            manual_calculation,
            hidden,
            ..stream_xlsx(workbook, results, limits, wants_merges)
        })
    } else if xlsb {
        let workbook = Xlsb::new(reader()?).map_err(|e| damaged(&e))?;
        Ok(stream_xlsb(workbook, limits))
    } else if ods {
        let workbook = Ods::new(reader()?).map_err(|e| damaged(&e))?;
        Ok(Opened {
            hidden,
            ..load_ranges(workbook, Format::Ods, limits, |_, name| {
                (
                    ods_layout.merges.get(name).cloned().unwrap_or_default(),
                    ods_layout.marks.get(name).cloned().unwrap_or_default(),
                )
            })
        })
    } else {
        Err(Unreadable(
            "this is a zip archive, not a workbook (it has no workbook part)".into(),
        ))
    }
}

fn open_compound(path: &Path, limits: &Limits) -> Result<Opened, Unreadable> {
    // Read whole (the file is within limits.max_file_bytes), to be looked at first.
    let bytes =
        std::fs::read(path).map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))?;
    // An encrypted xlsx is a compound file holding an "EncryptedPackage" stream;
    // calamine would only say it cannot detect the format.
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let head = &bytes[..bytes.len().min(1 << 20)];
    if head.windows(marker.len()).any(|w| w == marker.as_slice()) {
        return Err(password_protected());
    }
    // A chain of sectors in a circle, which calamine would follow for ever.
    if let Some(reason) = super::compound::circular_chain(&bytes) {
        return Err(Unreadable(format!(
            "the workbook is damaged and cannot be read: {reason}"
        )));
    }
    // What calamine does not give: the hidden rows, the fills and lines through.
    let mut layout = super::biff::xls_layout(&bytes);
    let workbook = Xls::new(std::io::Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => password_protected(),
        other => damaged(&other),
    })?;
    Ok(Opened {
        hidden: std::mem::take(&mut layout.hidden),
        ..load_ranges(workbook, Format::Xls, limits, |wb: &mut Xls<_>, name| {
            let merges = wb
                .merge_cells_by_sheet_name(name)
                .unwrap_or_default()
                .iter()
                .map(to_merge)
                .collect();
            (merges, layout.marks.get(name).cloned().unwrap_or_default())
        })
    })
}

fn password_protected() -> Unreadable {
    Unreadable(
        "the workbook is password-protected (encrypted); save an unprotected copy and check that"
            .into(),
    )
}

fn damaged(error: &dyn std::fmt::Display) -> Unreadable {
    let text = error.to_string();
    if text.to_lowercase().contains("password") {
        return password_protected();
    }
    Unreadable(format!(
        "the workbook is damaged and cannot be read ({text})"
    ))
}

fn to_merge(d: &Dimensions) -> Merge {
    Merge {
        start: d.start,
        end: d.end,
    }
}

fn visible(state: SheetVisible) -> bool {
    matches!(state, SheetVisible::Visible)
}

pub(super) fn over_limit(sheet: &str, limits: &Limits) -> SheetRefused {
    SheetRefused {
        sheet: sheet.to_string(),
        reason: format!(
            "the sheet has more than {} cells in use, over the limit (limits.max_cells_per_sheet in framework.toml); it was not read",
            limits.max_cells_per_sheet
        ),
    }
}

fn from_data_ref(value: DataRef<'_>) -> Value {
    match value {
        DataRef::Int(i) => Value::Number(i as f64),
        DataRef::Float(f) => Value::Number(f),
        DataRef::String(s) => Value::from_text(s),
        DataRef::SharedString(s) => Value::from_text(s.to_string()),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(dt) if dt_is_date(&dt) => Value::DateTime(dt),
            _ => Value::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) => iso(s),
        DataRef::DurationIso(s) => Value::Text(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(value: &Data) -> Value {
    match value {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::from_text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() && dt_is_date(&d) => Value::DateTime(d),
            _ => Value::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => iso(s.clone()),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn dt_is_date(dt: &chrono::NaiveDateTime) -> bool {
    // A time-only cell (0.5 as 12:00) has the 1899/1900 epoch date.
    dt.date() > chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default()
}

fn iso(text: String) -> Value {
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Value::DateTime(dt);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        return Value::DateTime(d.and_time(chrono::NaiveTime::MIN));
    }
    Value::Text(text)
}

/// Collect a sheet's non-empty cells, and the cells marked by their style (a status
/// colour, a line through), from a streaming reader, stopping at the limit: `Ok(None)`
/// means the sheet is over `limits.max_cells_per_sheet`.
type StreamedCells = Result<Option<SheetCells>, String>;

/// A streamed sheet's non-empty cells and its cells marked by their style.
type SheetCells = (Vec<(u32, u32, Value)>, Vec<(u32, u32, Mark)>);

fn collect_cells<'a, E: std::fmt::Display>(
    mut next: impl FnMut() -> Result<Option<(calamine::Cell<DataRef<'a>>, Mark)>, E>,
    limits: &Limits,
) -> StreamedCells {
    let mut cells = Vec::new();
    let mut marks = Vec::new();
    while let Some((cell, mark)) = next().map_err(|e| e.to_string())? {
        let (row, column) = cell.get_position();
        if mark.is_some() {
            if marks.len() as u64 >= limits.max_cells_per_sheet {
                return Ok(None);
            }
            marks.push((row, column, mark));
        }
        let value = from_data_ref(cell.get_value().clone());
        if value != Value::Empty {
            if cells.len() as u64 >= limits.max_cells_per_sheet {
                return Ok(None);
            }
            cells.push((row, column, value));
        }
    }
    Ok(Some((cells, marks)))
}

/// What each style of a workbook marks its cells with, by style id: a status colour
/// (a solid fill), a line through the text.
fn marks_by_style(styles: &[calamine::Style]) -> Vec<Mark> {
    styles
        .iter()
        .map(|style| Mark {
            shade: style
                .fill
                .as_ref()
                .filter(|fill| fill.pattern == calamine::FillPattern::Solid)
                .and_then(|fill| fill.foreground_color.or(fill.background_color))
                .and_then(|colour| Shade::of_rgb(colour.red, colour.green, colour.blue)),
            struck: style.font.as_ref().is_some_and(|font| font.strikethrough),
        })
        .collect()
}

/// File a streamed sheet: a grid, or the reason it was refused.
fn file_sheet(
    sheet: &calamine::Sheet,
    outcome: StreamedCells,
    limits: &Limits,
    opened: &mut Opened,
) {
    match outcome {
        Ok(Some((cells, mut marks))) => {
            let mut grid = Grid::from_cells(
                sheet.name.clone(),
                visible(sheet.visible),
                cells,
                Vec::new(),
            );
            marks.sort_by_key(|(row, column, _)| (*row, *column));
            marks.dedup_by_key(|(row, column, _)| (*row, *column));
            grid.marks = marks;
            opened.sheets.push(grid);
        }
        Ok(None) => opened.refused.push(over_limit(&sheet.name, limits)),
        Err(e) => opened.refused.push(SheetRefused {
            sheet: sheet.name.clone(),
            reason: format!("the sheet is damaged and cannot be read ({e})"),
        }),
    }
}

fn stream_xlsx<RS: Read + Seek>(
    mut workbook: Xlsx<RS>,
    results: SavedResults,
    limits: &Limits,
    wants_merges: &dyn Fn(&Grid) -> bool,
) -> Opened {
    let mut opened = Opened {
        format: Format::Xlsx,
        sheets: Vec::new(),
        refused: Vec::new(),
        manual_calculation: false,
        hidden: Default::default(),
    };
    for sheet in workbook.sheets_metadata().to_vec() {
        if !matches!(sheet.typ, calamine::SheetType::WorkSheet) {
            continue;
        }
        let outcome = match workbook.worksheet_cells_reader(&sheet.name) {
            Ok(mut reader) => {
                let marks = marks_by_style(reader.styles());
                collect_cells(
                    || {
                        reader.next_cell_with_style_id().map(|cell| {
                            cell.map(|(cell, style)| {
                                (cell, marks.get(style).copied().unwrap_or_default())
                            })
                        })
                    },
                    limits,
                )
            }
            Err(e) => Err(e.to_string()),
        };
        let before = opened.sheets.len();
        file_sheet(&sheet, outcome, limits, &mut opened);
        // A formula's result takes a second pass over the sheet's XML: only for
        // workbooks saved by a program that may not have worked them out.
        if results == SavedResults::Unsure
            && let Some(grid) = opened.sheets.get_mut(before)
        {
            grid.mark_uncalculated(uncalculated_formulas(&mut workbook, &sheet.name, limits));
        }
        // Merged regions take a second pass over the sheet's XML: only for sheets
        // that may need them (group labels over short names, or the gaps a region
        // merged down a column leaves).
        if let Some(grid) = opened.sheets.get_mut(before)
            && wants_merges(grid)
        {
            grid.merges = workbook
                .merge_cells_by_sheet_name(&sheet.name)
                .map(|m| m.iter().map(to_merge).collect())
                .unwrap_or_default();
        }
    }
    opened
}

fn stream_xlsb<RS: Read + Seek>(mut workbook: Xlsb<RS>, limits: &Limits) -> Opened {
    let mut opened = Opened {
        format: Format::Xlsb,
        sheets: Vec::new(),
        refused: Vec::new(),
        manual_calculation: false,
        hidden: Default::default(),
    };
    for sheet in workbook.sheets_metadata().to_vec() {
        if !matches!(sheet.typ, calamine::SheetType::WorkSheet) {
            continue;
        }
        let outcome = match workbook.worksheet_cells_reader(&sheet.name) {
            Ok(mut reader) => collect_cells(
                || {
                    reader
                        .next_cell()
                        .map(|cell| cell.map(|cell| (cell, Mark::default())))
                },
                limits,
            ),
            Err(e) => Err(e.to_string()),
        };
        file_sheet(&sheet, outcome, limits, &mut opened);
    }
    opened
}

/// Formats that load every sheet at open (xls, ods): their ranges are already in memory,
/// bounded by the format (xls: 65,536 x 256; ods: calamine's own cap). `layout_of`
/// gives a sheet's merged regions and its cells' marks, where the format is read for
/// them.
fn load_ranges<RS, R, F>(mut workbook: R, format: Format, limits: &Limits, layout_of: F) -> Opened
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    F: Fn(&mut R, &str) -> (Vec<Merge>, Vec<(u32, u32, Mark)>),
{
    let metadata = workbook.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut refused = Vec::new();
    for sheet in metadata {
        if !matches!(sheet.typ, calamine::SheetType::WorkSheet) {
            continue;
        }
        let (merges, mut marks) = layout_of(&mut workbook, &sheet.name);
        match workbook.worksheet_range(&sheet.name) {
            Ok(range) => {
                let (top, left) = range.start().unwrap_or((0, 0));
                let mut cells = Vec::new();
                let mut over = false;
                for (row, column, data) in range.used_cells() {
                    let value = from_data(data);
                    if value == Value::Empty {
                        continue;
                    }
                    if cells.len() as u64 >= limits.max_cells_per_sheet {
                        over = true;
                        break;
                    }
                    cells.push((top + row as u32, left + column as u32, value));
                }
                if over {
                    refused.push(over_limit(&sheet.name, limits));
                } else {
                    let mut grid =
                        Grid::from_cells(sheet.name.clone(), visible(sheet.visible), cells, merges);
                    marks.sort_by_key(|(row, column, _)| (*row, *column));
                    marks.dedup_by_key(|(row, column, _)| (*row, *column));
                    grid.marks = marks;
                    sheets.push(grid);
                }
            }
            Err(e) => refused.push(SheetRefused {
                sheet: sheet.name.clone(),
                reason: format!("the sheet is damaged and cannot be read ({e})"),
            }),
        }
    }
    Opened {
        format,
        sheets,
        refused,
        manual_calculation: false,
        hidden: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_delimited_text;

    #[test]
    fn text_in_columns_is_told_from_a_damaged_workbook() {
        for text in [
            &b"Risk ID\tRisk\tOwner\r\nHR-01\tPayroll\tHead of HR\r\n"[..],
            b"Planning risks\nRisk ID,Risk,Owner\n",
            b"\xFF\xFER\x00i\x00s\x00k\x00",
            // Windows-1252: a pound sign is one byte.
            b"Risk;Cost\nBudget;\xA34m",
        ] {
            assert!(is_delimited_text(text), "{text:?}");
        }
        for other in [
            &b"This is not a spreadsheet"[..],
            b"\x00\x01\x02\x03,\t",
            b"Risk ID\tRisk\x1a",
            b"\xEF\xBB\xBF <?xml version=\"1.0\"?>\n<config a=\"1,2\"/>",
        ] {
            assert!(!is_delimited_text(other), "{other:?}");
        }
    }
}
