//! A workbook's saved formula results: whether they are its formulas' values, and the
//! formula cells whose saved result may not be.

use crate::schema::framework::Limits;
use calamine::{DataRef, Xlsx};
use std::io::{Read, Seek};

/// Whether a workbook's saved formula results are its formulas' values. Excel and
/// LibreOffice save each formula's result; programs that write workbooks without
/// working formulas out (openpyxl, xlsxwriter, rust_xlsxwriter and the like) save
/// nothing or 0 in its place and ask Excel to work them all out on opening
/// (`<calcPr fullCalcOnLoad="1">`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SavedResults {
    /// Saved by a program that calculates: every saved result stands.
    Trusted,
    /// Saved by a program that may not calculate: a formula's saved nothing or 0
    /// may not be its value.
    Unsure,
}

/// Whether the saved formula results stand, and whether the workbook was saved with
/// its calculation set to manual (`<calcPr calcMode="manual">`) while holding
/// formulas. `worksheets` are the archive's indices of the worksheets' parts.
pub(super) fn saved_results<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    worksheets: &[usize],
) -> (SavedResults, bool) {
    let mut workbook = String::new();
    // The entry's size was checked against the limits above.
    let read = archive
        .by_name("xl/workbook.xml")
        .map(|mut entry| entry.read_to_string(&mut workbook));
    if !matches!(read, Ok(Ok(_))) {
        return (SavedResults::Trusted, false);
    }
    let calculation = workbook.find("<calcPr").map_or("", |at| {
        let tag = &workbook[at..];
        &tag[..tag.find('>').unwrap_or(tag.len())]
    });
    let recalculate = calculation.contains("fullCalcOnLoad=\"1\"")
        || calculation.contains("fullCalcOnLoad=\"true\"");
    let manual = calculation.contains("calcMode=\"manual\"");
    if !(recalculate || manual) || !holds_formulas(archive, worksheets) {
        return (SavedResults::Trusted, false);
    }
    let results = if recalculate {
        SavedResults::Unsure
    } else {
        SavedResults::Trusted
    };
    (results, manual)
}

/// Whether any worksheet holds a formula (an `<f>` element): a quick look at the
/// bytes, so that a workbook of values is not parsed a second time.
fn holds_formulas<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, worksheets: &[usize]) -> bool {
    worksheets.iter().any(|&index| {
        archive
            .by_index(index)
            .is_ok_and(|mut entry| has_formula_element(&mut entry))
    })
}

/// Whether XML read from `source` has an element named `f` (with any prefix), read
/// in chunks: a tag whose name a chunk's end cuts is looked at whole in the next,
/// which begins with the chunk's last few bytes.
fn has_formula_element(source: &mut impl Read) -> bool {
    const TAG: usize = 16;
    let mut buffer = vec![0u8; 1 << 16];
    let mut kept = 0;
    loop {
        let read = match source.read(&mut buffer[kept..]) {
            Ok(0) | Err(_) => return false,
            Ok(read) => read,
        };
        let end = kept + read;
        let chunk = &buffer[..end];
        for at in memchr::memchr_iter(b'<', chunk) {
            let rest = &chunk[at + 1..];
            let name_end = rest
                .iter()
                .position(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
            if local == b"f" && name_end < rest.len() {
                return true;
            }
        }
        // Keep the chunk's last few bytes: a tag they begin is read with what follows.
        let keep_from = end.saturating_sub(TAG);
        buffer.copy_within(keep_from..end, 0);
        kept = end - keep_from;
    }
}

/// The formula cells of a sheet whose saved result is nothing, or 0, in a workbook
/// whose saved results are not sure: (row, column, formula without its `=`). Only
/// formulas' saved results are in question; a 0 typed in is a 0.
pub(super) fn uncalculated_formulas<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    sheet: &str,
    limits: &Limits,
) -> Vec<(u32, u32, String)> {
    let mut found = Vec::new();
    let Ok(mut reader) = workbook.worksheet_cells_reader(sheet) else {
        return found;
    };
    while let Ok(Some(cell)) = reader.next_cell_with_formula() {
        let Some(formula) = cell.formula else {
            continue;
        };
        let unsaved = match cell.value {
            DataRef::Empty => true,
            DataRef::String(ref text) => text.is_empty(),
            DataRef::Float(n) => n == 0.0,
            DataRef::Int(n) => n == 0,
            _ => false,
        };
        if unsaved {
            if found.len() as u64 >= limits.max_cells_per_sheet {
                break;
            }
            let formula = formula.strip_prefix('=').unwrap_or(&formula).to_string();
            found.push((cell.pos.0, cell.pos.1, formula));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::has_formula_element;
    use std::io::Read;

    /// Hands its bytes on a few at a time, as a slow stream would.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn formula_elements_are_found_with_any_prefix_and_across_chunks() {
        let cases: [(&str, bool); 6] = [
            (r#"<row r="2"><c r="F2"><f>D2*E2</f><v/></c></row>"#, true),
            (r#"<c r="F3"><f t="shared" si="0"/><v>0</v></c>"#, true),
            (r#"<x:c r="F4"><x:f>D4*E4</x:f></x:c>"#, true),
            (
                r#"<c r="A1" t="s"><v>0</v></c><cols><col min="1"/></cols>"#,
                false,
            ),
            (
                r#"<fill><patternFill/></fill><font/><is><t>f</t></is>"#,
                false,
            ),
            ("", false),
        ];
        for (xml, expected) in cases {
            assert_eq!(has_formula_element(&mut xml.as_bytes()), expected, "{xml}");
            for step in [1, 2, 3, 7] {
                let mut trickle = Trickle(xml.as_bytes(), step);
                assert_eq!(
                    has_formula_element(&mut trickle),
                    expected,
                    "{xml} by {step}"
                );
            }
        }
    }
}
