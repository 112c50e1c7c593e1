//! What a cell's style says beyond its value. Many councils show a RAG status, or a
//! risk's rating, by colouring the cell and typing nothing in it, and strike a closed
//! risk through rather than delete it. Read from .xlsx and .xlsm files by calamine, from
//! .xls and .ods files' own records, and from XML spreadsheets' and web pages' styles;
//! colours set by conditional formatting are not in a cell's style.

use std::collections::HashMap;

/// A cell's fill read as a status colour, and whether its text is struck through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    /// The status colour it is filled with.
    pub shade: Option<Shade>,
    /// Whether its text has a line through it.
    pub struck: bool,
}

impl Mark {
    /// Whether the mark says anything.
    pub fn is_some(&self) -> bool {
        self.shade.is_some() || self.struck
    }
}

/// Most cells of one sheet whose marks are kept, where a format's records are read for
/// them (.xls, .ods): more is formatting, not statuses, and is passed over, so that no
/// file can make the reader hold marks without end.
pub const MOST_MARKS_PER_SHEET: usize = 1_000_000;

/// A cell fill read as a status colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    /// Green, light green or Excel's "Good" fill.
    Green,
    /// Amber, orange, gold or Excel's "Neutral" fill.
    Amber,
    /// Bright yellow: amber on a register of three colours, the band below amber on
    /// one of four (green, yellow, amber, red).
    Yellow,
    /// Red, light red or Excel's "Bad" fill.
    Red,
    /// Dark red (the framework's Very high band).
    DarkRed,
}

impl Shade {
    /// The shade of an RGB colour, if it reads as one: saturated enough to be a colour
    /// rather than a grey, and of a red, amber or green hue. Blues and purples are not a
    /// status; pale yellow, the usual mark of an input cell, is not amber.
    pub fn of_rgb(red: u8, green: u8, blue: u8) -> Option<Shade> {
        let [r, g, b] = [red, green, blue].map(|c| f64::from(c) / 255.0);
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let lightness = (max + min) / 2.0;
        let chroma = max - min;
        if chroma == 0.0 {
            return None;
        }
        let saturation = chroma / (1.0 - (2.0 * lightness - 1.0).abs());
        if saturation < 0.35 || !(0.12..=0.93).contains(&lightness) {
            return None;
        }
        let hue = if max == r {
            60.0 * ((g - b) / chroma).rem_euclid(6.0)
        } else if max == g {
            60.0 * ((b - r) / chroma + 2.0)
        } else {
            60.0 * ((r - g) / chroma + 4.0)
        };
        // The palest tints (Office's "Lighter 80%") decorate headings and input cells;
        // Excel's Good, Neutral and Bad fills, a shade darker, are statuses.
        match hue {
            h if !(15.0..345.0).contains(&h) => Some(if lightness < 0.42 {
                Shade::DarkRed
            } else {
                Shade::Red
            }),
            h if h < 53.0 => (lightness <= 0.85).then_some(Shade::Amber),
            // Bright yellow is amber in many registers; pale yellow marks input cells.
            h if h <= 66.0 => (lightness <= 0.6).then_some(Shade::Yellow),
            h if (75.0..=170.0).contains(&h) => (lightness <= 0.87).then_some(Shade::Green),
            _ => None,
        }
    }

    /// The status a colour reads as, written as a style sheet or a file's XML writes it:
    /// `#FF0000`, `#F00`, `rgb(255, 0, 0)` or a colour's name; `transparent` and other
    /// words are none.
    pub fn of_colour(colour: &str) -> Option<Shade> {
        let colour = colour
            .trim()
            .trim_end_matches("!important")
            .trim()
            .to_ascii_lowercase();
        let rgb = if let Some(hex) = colour.strip_prefix('#') {
            let channel = |digits: &str| u8::from_str_radix(digits, 16).ok();
            match hex.len() {
                6 if hex.is_ascii() => [
                    channel(&hex[0..2])?,
                    channel(&hex[2..4])?,
                    channel(&hex[4..6])?,
                ],
                3 if hex.is_ascii() => {
                    let [r, g, b] = [0, 1, 2].map(|i| channel(&hex[i..=i]));
                    [r? * 17, g? * 17, b? * 17]
                }
                _ => return None,
            }
        } else if let Some(inside) = colour
            .strip_prefix("rgb(")
            .or_else(|| colour.strip_prefix("rgba("))
            .and_then(|rest| rest.strip_suffix(')'))
        {
            let mut channels = inside.split(',').map(|c| c.trim().parse::<u8>().ok());
            [channels.next()??, channels.next()??, channels.next()??]
        } else {
            match colour.as_str() {
                "red" => [255, 0, 0],
                "darkred" | "maroon" => [139, 0, 0],
                "firebrick" | "crimson" => [178, 34, 34],
                "orange" | "amber" => [255, 165, 0],
                "darkorange" => [255, 140, 0],
                "gold" => [255, 215, 0],
                "yellow" => [255, 255, 0],
                "green" => [0, 128, 0],
                "lime" | "limegreen" => [50, 205, 50],
                "darkgreen" => [0, 100, 0],
                _ => return None,
            }
        };
        Shade::of_rgb(rgb[0], rgb[1], rgb[2])
    }

    /// The word a cell would hold for this colour ("Red"), as a rating or RAG column
    /// writes it.
    pub fn word(self) -> &'static str {
        match self {
            Shade::Green => "Green",
            Shade::Amber => "Amber",
            Shade::Yellow => "Yellow",
            Shade::Red => "Red",
            Shade::DarkRed => "Dark Red",
        }
    }

    /// The colour in a sentence ("red").
    pub fn colour(self) -> &'static str {
        match self {
            Shade::Green => "green",
            Shade::Amber => "amber",
            Shade::Yellow => "yellow",
            Shade::Red => "red",
            Shade::DarkRed => "dark red",
        }
    }
}

/// Most styles a style's fill and line through are looked for through: office suites
/// make chains of one or two.
const MOST_PARENTS: usize = 8;

/// A cell style as its tags give it: its own fill and line through, and the style it
/// takes the rest from.
#[derive(Debug, Default, Clone)]
pub(super) struct CellStyle {
    pub parent: Option<String>,
    pub fill: Option<Option<Shade>>,
    pub struck: Option<bool>,
}

/// A style's mark, its own fill and line through, else its parents'.
pub(super) fn mark_of(name: &str, styles: &HashMap<String, CellStyle>) -> Mark {
    let (mut fill, mut struck) = (None, None);
    let mut next = Some(name);
    // A chain of parents a few styles long at most (a loop, or a hostile chain, ends).
    for _ in 0..MOST_PARENTS {
        let Some(style) = next.and_then(|name| styles.get(name)) else {
            break;
        };
        fill = fill.or(style.fill);
        struck = struck.or(style.struck);
        next = style.parent.as_deref();
    }
    Mark {
        shade: fill.flatten(),
        struck: struck.unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shade(hex: u32) -> Option<Shade> {
        Shade::of_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
    }

    #[test]
    fn status_colours_councils_use_read_as_their_shade() {
        // Excel's standard colours, its Good / Neutral / Bad cell styles, the Office
        // theme's green and orange, and web colours.
        for (hex, expected) in [
            (0xFF0000, Shade::Red),
            (0xFF6666, Shade::Red),
            (0xFFC7CE, Shade::Red),
            (0xC00000, Shade::DarkRed),
            (0x9C0006, Shade::DarkRed),
            (0xFFC000, Shade::Amber),
            (0xFFBF00, Shade::Amber),
            (0xFFA500, Shade::Amber),
            (0xED7D31, Shade::Amber),
            (0xFFEB9C, Shade::Amber),
            (0xFFFF00, Shade::Yellow),
            (0x00B050, Shade::Green),
            (0x92D050, Shade::Green),
            (0xC6EFCE, Shade::Green),
            (0x70AD47, Shade::Green),
            (0x008000, Shade::Green),
            (0x00FF00, Shade::Green),
        ] {
            assert_eq!(shade(hex), Some(expected), "{hex:06X}");
        }
    }

    #[test]
    fn greys_blues_and_input_cell_yellow_are_no_status() {
        for hex in [
            0xFFFFFF, 0x000000, 0xD9D9D9, 0x808080, 0xF2F2F2, 0xFFFF99, 0xFFFFCC, 0xFFF2CC,
            0xE2EFDA, 0xFCE4D6, 0x0070C0, 0x00B0F0, 0xDDEBF7, 0x7030A0, 0x1F4E78,
        ] {
            assert_eq!(shade(hex), None, "{hex:06X}");
        }
    }
}
