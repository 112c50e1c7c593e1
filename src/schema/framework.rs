//! The council's scoring framework: scales, bands, escalation, appetite, review cycle.

use serde::Deserialize;
use validator::{Validate, ValidationError};

/// One level of a 1-5 scale with the words registers use for it.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct ScaleLevel {
    /// The number, 1 to 5.
    #[validate(range(min = 1, max = 5))]
    pub value: u8,
    /// Words for this level; the first is the label shown.
    #[validate(length(min = 1))]
    pub labels: Vec<String>,
    /// What the level means for a risk (the reference criteria).
    #[serde(default)]
    pub risk: String,
    /// What the level means for an opportunity.
    #[serde(default)]
    pub opportunity: String,
}

/// A 1-5 scale (likelihood or impact).
#[derive(Debug, Clone, Deserialize, Validate)]
#[validate(schema(function = "validate_scale"))]
pub struct Scale {
    /// "Likelihood" or "Impact".
    pub name: String,
    /// The five levels, 1 to 5.
    #[validate(nested)]
    pub levels: Vec<ScaleLevel>,
    /// Squashed label to level, built once at load.
    #[serde(skip)]
    by_label: std::collections::HashMap<String, u8>,
}

fn validate_scale(scale: &Scale) -> Result<(), ValidationError> {
    let values: Vec<u8> = scale.levels.iter().map(|level| level.value).collect();
    if values != [1, 2, 3, 4, 5] {
        return Err(ValidationError::new("scale_levels").with_message(
            format!("{} must list levels 1, 2, 3, 4, 5 in order", scale.name).into(),
        ));
    }
    Ok(())
}

impl Scale {
    /// The level a label names ("Likely" is 4), ignoring case and spaces.
    pub fn level_of_label(&self, text: &str) -> Option<u8> {
        self.by_label.get(&squash(text)).copied()
    }

    fn index(&mut self) {
        self.by_label = self
            .levels
            .iter()
            .flat_map(|level| {
                level
                    .labels
                    .iter()
                    .map(move |label| (squash(label), level.value))
            })
            .collect();
    }

    /// The label shown for a level: "4 - Likely".
    pub fn label(&self, value: u8) -> String {
        self.levels
            .iter()
            .find(|level| level.value == value)
            .and_then(|level| level.labels.first())
            .map(|label| format!("{value} - {label}"))
            .unwrap_or_else(|| value.to_string())
    }
}

/// What each impact level means in one domain (finance, reputation ...).
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct ImpactDomain {
    /// The domain.
    pub name: String,
    /// Levels 1 to 5.
    #[validate(length(min = 5, max = 5))]
    pub levels: Vec<String>,
}

/// A rating band over the score.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct Band {
    /// "Low", "Medium", "High", "Very high".
    #[validate(length(min = 1))]
    pub name: String,
    /// Lowest score in the band.
    #[validate(range(min = 1, max = 25))]
    pub min: u8,
    /// Highest score in the band.
    #[validate(range(min = 1, max = 25))]
    pub max: u8,
    /// Fill colour for risks, "#RRGGBB".
    pub colour: String,
    /// Fill colour for opportunities, "#RRGGBB".
    pub opportunity_colour: String,
    /// Words a rating or RAG cell may hold for this band: its name and colour.
    #[serde(default)]
    pub names: Vec<String>,
    /// Calendar months allowed between reviews of a risk in this band, where the
    /// framework reviews bands on cycles of their own (none: the review cycle's).
    #[serde(default)]
    #[validate(range(
        min = 1,
        max = 24,
        message = "a band's review_months is a number of months from 1 to 24"
    ))]
    pub review_months: Option<u32>,
}

/// Score at which a risk reaches each register level.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct Escalation {
    /// Directorate register tolerance (default 9).
    #[validate(range(min = 1, max = 25))]
    pub directorate: u8,
    /// Corporate register tolerance (default 16).
    #[validate(range(min = 1, max = 25))]
    pub corporate: u8,
}

/// The council's risk appetite.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct Appetite {
    /// A current score at or above this needs further actions with owner and due date.
    #[validate(range(min = 1, max = 26))]
    pub actions_required_from: u8,
    /// An appetite of its own for each category of risk that has one ("Financial": 6),
    /// where the council sets appetite category by category.
    #[serde(default)]
    #[validate(nested)]
    pub category: Vec<CategoryAppetite>,
}

/// The appetite for one category of risk.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct CategoryAppetite {
    /// The category as registers name it ("Financial"), matched ignoring case, spaces
    /// and punctuation.
    #[validate(length(min = 1, message = "an appetite category needs a name"))]
    pub name: String,
    /// A current score at or above this needs further actions, for risks of this category.
    #[validate(range(
        min = 1,
        max = 26,
        message = "a category's actions_required_from is a score from 1 to 26"
    ))]
    pub actions_required_from: u8,
}

impl Appetite {
    /// The score from which a risk of `category` needs further actions, and the
    /// category's name where it has an appetite of its own.
    pub fn threshold_for(&self, category: Option<&str>) -> (u8, Option<&str>) {
        let own = category
            .and_then(|category| self.category.iter().find(|c| squash_eq(&c.name, category)));
        match own {
            Some(own) => (own.actions_required_from, Some(own.name.as_str())),
            None => (self.actions_required_from, None),
        }
    }
}

/// How often registers are reviewed.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct Review {
    /// Calendar months allowed between reviews.
    #[validate(range(
        min = 1,
        max = 24,
        message = "cycle_months is a number of months from 1 to 24"
    ))]
    pub cycle_months: u32,
}

/// Limits past which a workbook is refused rather than read.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct Limits {
    /// Largest file on disk.
    #[validate(range(min = 1))]
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip-based workbook's parts.
    #[validate(range(min = 1))]
    pub max_uncompressed_bytes: u64,
    /// Most non-empty cells read from one sheet.
    #[validate(range(min = 1))]
    pub max_cells_per_sheet: u64,
    /// How many rows from the top are searched for a header row.
    #[validate(range(min = 1, max = 1000))]
    pub max_header_search_rows: u32,
    /// Most files read in one run; those beyond are reported as unreadable.
    #[serde(default = "default_max_files")]
    #[validate(range(min = 1))]
    pub max_files_per_run: usize,
}

fn default_max_files() -> usize {
    5000
}

/// The colours of registers that rate in one colour a band, lowest first ("Green",
/// "Yellow", "Amber", "Red"), where the bands' own names give three colours and a dark
/// red. A register is read on them where one of its ratings says a colour only they name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FourColours {
    /// A colour a band, in the bands' order; none to read no register so.
    #[serde(default)]
    pub names: Vec<String>,
}

/// How a note under or inside a table begins: a row whose only filled cell starts
/// with one of these is a note (a footnote, a key, a source line), not data.
#[derive(Debug, Clone, Deserialize)]
pub struct Notes {
    /// The beginnings, matched without regard to case; one ending in a letter or digit
    /// must be followed by something else ("Note:", "NB ", but not "Notebook").
    pub markers: Vec<String>,
}

impl Default for Notes {
    fn default() -> Notes {
        Notes {
            markers: [
                "Note",
                "Notes",
                "NB",
                "N.B.",
                "Please note",
                "Source:",
                "Key:",
                "*",
                "†",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl Notes {
    /// Whether a cell's text begins as a note does.
    pub fn is_note(&self, text: &str) -> bool {
        let text = text.trim_start();
        self.markers.iter().any(|marker| {
            let marker = marker.trim();
            let Some(start) = text.get(..marker.len()) else {
                return false;
            };
            if marker.is_empty() || !start.eq_ignore_ascii_case(marker) {
                return false;
            }
            let word = marker.chars().last().is_some_and(char::is_alphanumeric);
            let next = text[marker.len()..].chars().next();
            !word || next.is_none_or(|c| !c.is_alphanumeric())
        })
    }
}

/// The whole framework file.
#[derive(Debug, Clone, Deserialize, Validate)]
#[validate(schema(function = "validate_bands"))]
pub struct Framework {
    /// The likelihood scale.
    #[validate(nested)]
    pub likelihood: Scale,
    /// The impact scale.
    #[validate(nested)]
    pub impact: Scale,
    /// Impact criteria by domain, for guidance.
    #[serde(default, rename = "impact_domain")]
    #[validate(nested)]
    pub impact_domains: Vec<ImpactDomain>,
    /// Rating bands, lowest first, covering 1 to 25 without gaps.
    #[serde(rename = "band")]
    #[validate(nested)]
    pub bands: Vec<Band>,
    /// Register tolerances.
    #[validate(nested)]
    pub escalation: Escalation,
    /// Risk appetite.
    #[validate(nested)]
    pub appetite: Appetite,
    /// Review cycle.
    #[validate(nested)]
    pub review: Review,
    /// Input limits.
    #[validate(nested)]
    pub limits: Limits,
    /// How notes in a sheet begin.
    #[serde(default)]
    pub notes: Notes,
    /// The colours of a register rated in as many colours as there are bands.
    #[serde(default)]
    pub four_colours: FourColours,
    /// Squashed band name or colour to band index, built once at load.
    #[serde(skip)]
    band_by_name: std::collections::HashMap<String, usize>,
}

fn validate_bands(framework: &Framework) -> Result<(), ValidationError> {
    let colours = framework.four_colours.names.len();
    if colours != 0 && colours != framework.bands.len() {
        return Err(ValidationError::new("four_colours").with_message(
            format!(
                "four_colours must name a colour for each of the {} bands, or none; it names {colours}",
                framework.bands.len()
            )
            .into(),
        ));
    }
    let mut next = 1u8;
    for band in &framework.bands {
        if band.min != next || band.max < band.min {
            return Err(ValidationError::new("bands").with_message(
                format!(
                    "bands must cover scores 1 to 25 in order without gaps; band {} starts at {} where {} was expected",
                    band.name, band.min, next
                )
                .into(),
            ));
        }
        next = band.max + 1;
    }
    if next != 26 {
        return Err(ValidationError::new("bands").with_message("bands must end at score 25".into()));
    }
    Ok(())
}

impl Framework {
    /// The band a score falls in; scores are rounded to the nearest whole number.
    pub fn band_of(&self, score: f64) -> Option<&Band> {
        let score = score.round();
        self.bands
            .iter()
            .find(|band| score >= f64::from(band.min) && score <= f64::from(band.max))
    }

    /// The band a rating word names ("Amber", "High", "High Risk"), ignoring case and
    /// spaces.
    pub fn band_named(&self, text: &str) -> Option<&Band> {
        self.band_by_name
            .get(&band_key(text))
            .map(|&i| &self.bands[i])
    }

    /// The band a colour names on a register rated in one colour a band ("Amber" is
    /// High there, in the default framework).
    pub fn four_colour_band(&self, text: &str) -> Option<&Band> {
        let name = band_key(text);
        let at = self
            .four_colours
            .names
            .iter()
            .position(|colour| squash(colour) == name)?;
        self.bands.get(at)
    }

    /// Build the lookup tables; called once after parsing.
    pub(crate) fn index(mut self) -> Framework {
        self.likelihood.index();
        self.impact.index();
        let mut by_name = std::collections::HashMap::new();
        for (i, band) in self.bands.iter().enumerate() {
            for name in std::iter::once(&band.name).chain(&band.names) {
                by_name.entry(squash(name)).or_insert(i);
            }
        }
        self.band_by_name = by_name;
        self
    }
}

/// A rating's words as a band's name or colour is looked up: squashed, less a "risk"
/// after it ("High Risk", "Amber risk").
fn band_key(text: &str) -> String {
    let name = squash(text);
    match name.strip_suffix("risk") {
        Some(band) if !band.is_empty() => band.to_string(),
        _ => name,
    }
}

/// Whether a whole word of `text` (a run of letters and digits) is one of `words`, in
/// any case: "Apr RAG" has "rag", "Average" does not.
pub fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| words.iter().any(|w| word.eq_ignore_ascii_case(w)))
}

/// Lower case with everything but letters and digits removed: how labels are compared.
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A value written in two languages, one after the other ("Uchel / High", "Coch/Red",
/// or a line each), as `read` reads it: the part that reads, or the two parts where
/// they read alike. `None` for text that is not two parts of a word or more each ("N/A"
/// is no two words, "4 / 3" no two languages), where neither reads, or where they read
/// differently ("Red/Amber", between the two).
pub fn in_two_languages<T: PartialEq>(text: &str, read: impl Fn(&str) -> Option<T>) -> Option<T> {
    match parts_read(text, read)? {
        (Some(one), Some(other)) => (one == other).then_some(one),
        (one, other) => one.or(other),
    }
}

/// Whether `text` is two parts, as [`in_two_languages`] splits it, that `read` reads
/// differently: a drop-down's choices left in the cell ("Improving/Worsening",
/// "Monthly / Quarterly") or two languages that disagree, which say neither, however
/// the first part begins.
pub fn parts_differ<T: PartialEq>(text: &str, read: impl Fn(&str) -> Option<T>) -> bool {
    matches!(parts_read(text, read), Some((Some(one), Some(other))) if one != other)
}

/// How `read` reads each of `text`'s two parts, as [`in_two_languages`] splits it;
/// `None` for text that is not two parts.
pub fn parts_read<T>(
    text: &str,
    read: impl Fn(&str) -> Option<T>,
) -> Option<(Option<T>, Option<T>)> {
    let (first, second) = two_parts(text)?;
    Some((read(first), read(second)))
}

/// A text's two parts, after a slash or on a line each, where each has a word of two
/// letters or more and the second is not split again.
fn two_parts(text: &str) -> Option<(&str, &str)> {
    let (first, second) = text
        .split_once('/')
        .or_else(|| text.trim().split_once('\n'))?;
    let (first, second) = (first.trim(), second.trim());
    let a_word = |part: &str| part.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    (a_word(first) && a_word(second) && !second.contains(['/', '\n'])).then_some((first, second))
}

/// A heading's key less the differences that do not change what it names: plurals
/// ("Existing controls / mitigations" for "Existing Controls / Mitigation") and the
/// small words between ("Date of last review", "Date last review"). Compared only
/// where the exact key matches nothing.
pub fn loose_key(text: &str) -> String {
    const SMALL: [&str; 10] = ["of", "the", "for", "to", "a", "an", "and", "or", "in", "on"];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| !SMALL.contains(&word.as_str()))
        .map(|word| {
            // "controls", "actions", "timescales"; not "status", "progress", "analysis".
            match word.strip_suffix('s') {
                Some(stem) if stem.len() >= 3 && !stem.ends_with(['s', 'u', 'i']) => {
                    stem.to_string()
                }
                _ => word,
            }
        })
        .collect()
}

/// Whether two texts squash to the same key, without making either key: for
/// comparing many cells.
pub fn squash_eq(a: &str, b: &str) -> bool {
    fn kept(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    kept(a).eq(kept(b))
}
