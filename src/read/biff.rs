//! What an .xls file's workbook stream says of its sheets that calamine does not give:
//! the rows and columns each hides, and the cells filled in a status colour or struck
//! through. The BIFF8 records are read for it, no cell's value: the fonts (their line
//! through), the cell formats (their solid fill's colour and font), the palette, the
//! sheets' names and places, and each sheet's row and column records and its cells'
//! format numbers. A stream that cannot be followed gives nothing: calamine reads the
//! cells, and says if the file is damaged.

use super::hidden::Hidden;
use super::shade::{MOST_MARKS_PER_SHEET, Mark, Shade};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// What an .xls file's sheets hide and mark, by sheet name.
#[derive(Debug, Default)]
pub struct XlsLayout {
    /// Rows and columns hidden, by a filter or by hand.
    pub hidden: HashMap<String, Hidden>,
    /// Cells whose format fills them in a status colour or strikes their text through,
    /// (row, column, mark), in stream order.
    pub marks: HashMap<String, Vec<(u32, u32, Mark)>>,
}

/// The workbook stream's records, each (type, data), as long as they can be followed.
struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let head = self.stream.get(self.at..self.at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let length = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let start = self.at + 4;
        let data = self.stream.get(start..start.checked_add(length)?)?;
        self.at = start + length;
        Some((kind, data))
    }
}

fn records_from(stream: &[u8], at: usize) -> Records<'_> {
    Records { stream, at }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

const EOF: u16 = 0x000A;
const FONT: u16 = 0x0031;
const XF: u16 = 0x00E0;
const PALETTE: u16 = 0x0092;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
const MULBLANK: u16 = 0x00BE;
const MULRK: u16 = 0x00BD;
/// Records of one cell: (row, column, format) first.
const CELLS: [u16; 8] = [
    0x0201, // BLANK
    0x0203, // NUMBER
    0x0204, // LABEL
    0x0205, // BOOLERR
    0x00FD, // LABELSST
    0x027E, // RK
    0x0006, // FORMULA
    0x00D6, // RSTRING
];

/// The colours of indices 0 to 7, which no palette replaces.
const FIXED_COLOURS: [u32; 8] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
];

/// The colours of Excel's default palette, indices 8 to 63, where no PALETTE record
/// replaces them.
const DEFAULT_PALETTE: [u32; 56] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000,
    0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366,
    0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00,
    0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99,
    0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900,
    0xFF6600, 0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366,
    0x333399, 0x333333,
];

/// Read an .xls file's layout from its bytes (a compound file); an empty one where its
/// workbook stream cannot be found or followed.
pub fn xls_layout(bytes: &[u8]) -> XlsLayout {
    let Ok(mut file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return XlsLayout::default();
    };
    let mut stream = Vec::new();
    let read = file
        .open_stream("/Workbook")
        .and_then(|mut s| s.read_to_end(&mut stream));
    if read.is_err() {
        return XlsLayout::default();
    }
    layout_of_stream(&stream)
}

/// A BIFF8 workbook stream's layout.
fn layout_of_stream(stream: &[u8]) -> XlsLayout {
    let mut struck_fonts: Vec<bool> = Vec::new();
    // Each cell format's (font, fill pattern, fill colour index).
    let mut formats: Vec<(u16, u32, u16)> = Vec::new();
    let mut palette: Vec<u32> = DEFAULT_PALETTE.to_vec();
    // Each worksheet's name and the place its records begin.
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (kind, data) in records_from(stream, 0) {
        match kind {
            EOF => break,
            FONT => struck_fonts.push(u16_at(data, 2).is_some_and(|flags| flags & 0x0008 != 0)),
            XF => {
                if let (Some(font), Some(fill), Some(colours)) =
                    (u16_at(data, 0), u32_at(data, 14), u16_at(data, 18))
                {
                    formats.push((font, fill >> 26, colours & 0x7F));
                }
            }
            PALETTE => {
                let count = usize::from(u16_at(data, 0).unwrap_or(0));
                let colours = data.get(2..).unwrap_or_default();
                for (i, colour) in colours.chunks_exact(4).take(count).enumerate() {
                    if let Some(slot) = palette.get_mut(i) {
                        *slot = u32::from(colour[0]) << 16
                            | u32::from(colour[1]) << 8
                            | u32::from(colour[2]);
                    }
                }
            }
            BOUNDSHEET => {
                // A worksheet (type 0): where its records begin, and its name.
                if data.get(5) == Some(&0)
                    && let (Some(at), Some(name)) = (u32_at(data, 0), sheet_name(data))
                {
                    sheets.push((name, at as usize));
                }
            }
            _ => {}
        }
    }
    // Each format's mark. The fonts are numbered with 4 left out.
    let marks_of: Vec<Mark> = formats
        .iter()
        .map(|&(font, pattern, colour)| {
            let font = usize::from(if font >= 4 { font - 1 } else { font });
            Mark {
                shade: (pattern == 1)
                    .then(|| match usize::from(colour) {
                        fixed @ 0..8 => Some(FIXED_COLOURS[fixed]),
                        index => palette.get(index - 8).copied(),
                    })
                    .flatten()
                    .and_then(|rgb| Shade::of_rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)),
                struck: struck_fonts.get(font).copied().unwrap_or(false),
            }
        })
        .collect();
    let mark_of = |format: Option<u16>| {
        format
            .and_then(|f| marks_of.get(usize::from(f)))
            .copied()
            .filter(Mark::is_some)
    };
    let mut layout = XlsLayout::default();
    // Each sheet's records run to its EOF, and never past where the next sheet's begin:
    // however many sheets a damaged file claims, the stream is read once.
    let mut starts: Vec<usize> = sheets.iter().map(|(_, at)| *at).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut read_from: HashSet<usize> = HashSet::new();
    for (name, at) in sheets {
        if !read_from.insert(at) {
            continue;
        }
        let next = starts.partition_point(|&start| start <= at);
        let end = starts
            .get(next)
            .copied()
            .unwrap_or(stream.len())
            .min(stream.len());
        let mut hidden = Hidden::default();
        let mut marks: Vec<(u32, u32, Mark)> = Vec::new();
        let mut hidden_rows: Vec<u32> = Vec::new();
        for (kind, data) in records_from(&stream[..end], at) {
            let row = u16_at(data, 0).map(u32::from);
            let column = u16_at(data, 2).map(u32::from);
            if marks.len() >= MOST_MARKS_PER_SHEET && kind != ROW && kind != COLINFO && kind != EOF
            {
                continue;
            }
            match kind {
                EOF => break,
                ROW => {
                    if let (Some(row), Some(flags)) = (row, u16_at(data, 12))
                        && flags & 0x0020 != 0
                    {
                        hidden_rows.push(row);
                    }
                }
                COLINFO => {
                    if let (Some(first), Some(last), Some(flags)) = (row, column, u16_at(data, 8))
                        && flags & 0x0001 != 0
                    {
                        hidden.columns.push((first, last.max(first)));
                    }
                }
                MULBLANK | MULRK => {
                    // Row, first column, then a format (and a number) per cell.
                    let (Some(row), Some(first)) = (row, column) else {
                        continue;
                    };
                    let step = if kind == MULBLANK { 2 } else { 6 };
                    let cells = data.get(4..data.len().saturating_sub(2)).unwrap_or(&[]);
                    for (i, cell) in cells.chunks_exact(step).enumerate() {
                        if let Some(mark) = mark_of(u16_at(cell, 0)) {
                            marks.push((row, first + i as u32, mark));
                        }
                    }
                }
                kind if CELLS.contains(&kind) => {
                    if let (Some(row), Some(column), Some(mark)) =
                        (row, column, mark_of(u16_at(data, 4)))
                    {
                        marks.push((row, column, mark));
                    }
                }
                _ => {}
            }
        }
        hidden_rows.sort_unstable();
        hidden_rows.dedup();
        for row in hidden_rows {
            hidden.hide_rows(row, row);
        }
        if !hidden.rows.is_empty() || !hidden.columns.is_empty() {
            layout.hidden.insert(name.clone(), hidden);
        }
        if !marks.is_empty() {
            layout.marks.insert(name, marks);
        }
    }
    layout
}

/// A BOUNDSHEET8 record's sheet name: its length, whether its characters are two
/// bytes each, then the characters.
fn sheet_name(data: &[u8]) -> Option<String> {
    let length = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 0x01 != 0;
    if wide {
        let bytes = data.get(8..8 + length * 2)?;
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        // Latin-1: each byte its character.
        Some(
            data.get(8..8 + length)?
                .iter()
                .map(|&b| char::from(b))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record: its type, length and data.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = kind.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }

    /// An XF record of a font and a fill (pattern, colour index).
    fn format(font: u16, pattern: u32, colour: u16) -> Vec<u8> {
        let mut data = vec![0u8; 20];
        data[0..2].copy_from_slice(&font.to_le_bytes());
        data[14..18].copy_from_slice(&(pattern << 26).to_le_bytes());
        data[18..20].copy_from_slice(&colour.to_le_bytes());
        record(XF, &data)
    }

    #[test]
    fn cells_formatted_in_a_status_colour_or_struck_and_rows_hidden_are_found() {
        // Fonts 0 to 3 and 5 (4 is never written): font 5 is struck through.
        let mut globals = Vec::new();
        for struck in [false, false, false, false, true] {
            let mut data = vec![0u8; 16];
            if struck {
                data[2] = 0x08;
            }
            globals.extend(record(FONT, &data));
        }
        // Formats: 0 plain, 1 solid red (index 10), 2 solid in palette colour 51
        // (amber, FFCC00), 3 struck through (font 5), 4 solid grey (22).
        globals.extend(format(0, 0, 64));
        globals.extend(format(0, 1, 10));
        globals.extend(format(0, 1, 51));
        globals.extend(format(5, 0, 64));
        globals.extend(format(0, 1, 22));
        // 5: solid in fixed colour 2 (red), below the palette's indices.
        globals.extend(format(0, 1, 2));
        let sheet_record = |at: u32| {
            let mut data = at.to_le_bytes().to_vec();
            data.extend([0, 0, 8, 0]);
            data.extend(b"Register");
            record(BOUNDSHEET, &data)
        };
        let length_of_globals = globals.len() + sheet_record(0).len() + 4;
        globals.extend(sheet_record(length_of_globals as u32));
        globals.extend(record(EOF, &[]));
        let mut sheet = Vec::new();
        // Row 6 (index 5) hidden; columns C to D hidden.
        let mut row = vec![0u8; 16];
        row[0] = 5;
        row[12] = 0x20;
        sheet.extend(record(ROW, &row));
        sheet.extend(record(COLINFO, &[2, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0]));
        // B2 blank and red; C2 a number, amber; D2 text struck; E2 grey.
        sheet.extend(record(0x0201, &[1, 0, 1, 0, 1, 0]));
        sheet.extend(record(0x0203, &[1, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        sheet.extend(record(0x00FD, &[1, 0, 3, 0, 3, 0, 0, 0, 0, 0]));
        sheet.extend(record(0x0201, &[1, 0, 4, 0, 4, 0]));
        // Row 3: A3 to C3 blank in formats 0, 1, 2; F3 in format 5.
        sheet.extend(record(MULBLANK, &[2, 0, 0, 0, 0, 0, 1, 0, 2, 0, 2, 0]));
        sheet.extend(record(0x0201, &[2, 0, 5, 0, 5, 0]));
        sheet.extend(record(EOF, &[]));
        let mut stream = globals;
        stream.extend(sheet);
        let layout = layout_of_stream(&stream);
        let red = Mark {
            shade: Some(Shade::Red),
            struck: false,
        };
        let amber = Mark {
            shade: Some(Shade::Amber),
            struck: false,
        };
        let struck = Mark {
            shade: None,
            struck: true,
        };
        assert_eq!(
            layout.marks["Register"],
            vec![
                (1, 1, red),
                (1, 2, amber),
                (1, 3, struck),
                (2, 1, red),
                (2, 2, amber),
                (2, 5, red)
            ]
        );
        assert_eq!(layout.hidden["Register"].rows, vec![(5, 5)]);
        assert_eq!(layout.hidden["Register"].columns, vec![(2, 3)]);
    }

    #[test]
    fn a_stream_cut_short_or_of_nonsense_gives_what_it_can_and_no_panic() {
        assert!(layout_of_stream(&[]).marks.is_empty());
        assert!(
            layout_of_stream(&[0x85, 0x00, 0xFF, 0xFF, 1, 2])
                .marks
                .is_empty()
        );
        let mut data = u32::MAX.to_le_bytes().to_vec();
        data.extend([0, 0, 200, 1]);
        let stream = record(BOUNDSHEET, &data);
        assert!(layout_of_stream(&stream).hidden.is_empty());
        assert!(xls_layout(b"not a compound file").marks.is_empty());
        // A palette record too short for its count.
        assert!(layout_of_stream(&record(PALETTE, &[1])).marks.is_empty());
        // Many sheets claimed at one place: that place is read once (read for each,
        // the records would be read 50,000 times over).
        let mut data = 0u32.to_le_bytes().to_vec();
        data.extend([0, 0, 1, 0, b'S']);
        let mut stream = Vec::new();
        for _ in 0..50_000 {
            stream.extend(record(BOUNDSHEET, &data));
        }
        let layout = layout_of_stream(&stream);
        assert!(layout.hidden.is_empty() && layout.marks.is_empty());
    }
}
