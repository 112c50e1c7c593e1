//! Formats shared by every workbook golden-thread writes, in one place.

use crate::schema::{Band, Framework};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// The formats of a report workbook.
pub struct Formats {
    /// Bold header on a grey fill, wrapped.
    pub header: Format,
    /// The same, right-aligned over a column of numbers (on the Summary, whose headings
    /// have no filter button to make room for).
    pub header_number: Format,
    /// A sheet's title.
    pub title: Format,
    /// Plain text, wrapped, top-aligned.
    pub text: Format,
    /// A whole number.
    pub number: Format,
    /// A number as it is (General), top-aligned.
    pub decimal: Format,
    /// A date, dd/mm/yyyy.
    pub date: Format,
    /// A label in the first column of a summary.
    pub label: Format,
    /// Error severity.
    pub error: Format,
    /// Warning severity.
    pub warning: Format,
    /// Info severity.
    pub info: Format,
    /// A link to a file's cell.
    pub link: Format,
    /// A red RAG.
    pub rag_red: Format,
    /// An amber RAG.
    pub rag_amber: Format,
    /// A green RAG.
    pub rag_green: Format,
    /// Each band's fill for risks and for opportunities, built once.
    bands: Vec<(String, Format, Format)>,
}

impl Formats {
    /// The shared formats, with fills for the framework's bands.
    pub fn new(framework: &Framework) -> Formats {
        let bands = framework
            .bands
            .iter()
            .map(|band| {
                (
                    band.name.clone(),
                    band_fill(&band.colour),
                    band_fill(&band.opportunity_colour),
                )
            })
            .collect();
        Formats::new_with_bands(bands)
    }

    fn new_with_bands(bands: Vec<(String, Format, Format)>) -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            bands,
            link: Format::new().set_hyperlink().set_align(FormatAlign::Top),
            rag_red: band_fill("#FF0000"),
            rag_amber: band_fill("#FFC000"),
            rag_green: band_fill("#00B050"),
            header: header.clone(),
            header_number: header.set_align(FormatAlign::Right),
            title: Format::new().set_bold().set_font_size(14),
            text: top.clone().set_text_wrap(),
            number: top.clone().set_num_format("0"),
            decimal: top.clone(),
            date: top.clone().set_num_format("dd/mm/yyyy"),
            label: Format::new().set_bold(),
            error: top
                .clone()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning: top
                .clone()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            info: top.set_background_color(Color::RGB(0xDDEBF7)),
        }
    }

    /// The fill for a band: its colour, white text where the fill is dark.
    pub fn band(&self, band: &Band, opportunity: bool) -> &Format {
        match self.bands.iter().find(|(name, _, _)| *name == band.name) {
            Some((_, risk_fill, opportunity_fill)) => {
                if opportunity {
                    opportunity_fill
                } else {
                    risk_fill
                }
            }
            None => &self.text,
        }
    }

    /// The shared formats, without band fills.
    pub fn plain() -> Formats {
        Formats::new_with_bands(Vec::new())
    }

    /// Every format here, for registering them with a workbook before any parallel use.
    pub fn all(&self) -> Vec<&Format> {
        let mut all = vec![
            &self.header,
            &self.header_number,
            &self.title,
            &self.text,
            &self.number,
            &self.decimal,
            &self.date,
            &self.label,
            &self.error,
            &self.warning,
            &self.info,
            &self.link,
            &self.rag_red,
            &self.rag_amber,
            &self.rag_green,
        ];
        for (_, risk, opportunity) in &self.bands {
            all.push(risk);
            all.push(opportunity);
        }
        all
    }

    /// A band's fill for a score, where the score has a band.
    pub fn for_score(
        &self,
        framework: &Framework,
        score: Option<f64>,
        opportunity: bool,
    ) -> Option<&Format> {
        score
            .and_then(|s| framework.band_of(s))
            .map(|band| self.band(band, opportunity))
    }
}

fn band_fill(colour: &str) -> Format {
    let rgb = parse_colour(colour);
    let fill = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(rgb));
    if is_dark(rgb) {
        fill.set_font_color(Color::White)
    } else {
        fill
    }
}

fn parse_colour(text: &str) -> u32 {
    u32::from_str_radix(text.trim_start_matches('#'), 16).unwrap_or(0xFFFFFF)
}

fn is_dark(rgb: u32) -> bool {
    let (r, g, b) = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    (r * 299 + g * 587 + b * 114) / 1000 < 128
}

/// A link to a cell of a local file (`file:///path#'Sheet'!C5`), where the file exists.
pub fn cell_link(file: &str, sheet: &str, cell: &str) -> Option<rust_xlsxwriter::Url> {
    let path = std::path::Path::new(file).canonicalize().ok()?;
    // "file:///" then the absolute path: "/home/..." on Unix (stored as "/home/..."),
    // "C:\..." on Windows.
    Some(rust_xlsxwriter::Url::new(format!(
        "file:///{}#'{}'!{cell}",
        path.display(),
        sheet.replace('\'', "''")
    )))
}

/// A date as Excel stores it.
///
/// # Errors
/// A date outside Excel's range.
pub fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

/// A number field of an indicator value as its return gave it: the figure (in
/// `figure_format`, else the column's), else the words written in its place ("<5",
/// "Achieved", "By March 2027"), wrapped; else nothing.
pub fn write_figure_or_words(
    sheet: &mut Worksheet,
    (row, column): (u32, u16),
    figure: Option<f64>,
    words: Option<&str>,
    figure_format: Option<&Format>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match (figure, words, figure_format) {
        (Some(figure), _, Some(format)) => {
            sheet.write_number_with_format(row, column, figure, format)?;
        }
        (Some(figure), _, None) => {
            sheet.write_number(row, column, figure)?;
        }
        (None, Some(words), _) => {
            sheet.write_string_with_format(row, column, words, &formats.text)?;
        }
        (None, None, _) => {}
    }
    Ok(())
}
