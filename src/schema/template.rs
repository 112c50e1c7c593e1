//! A template's fields and the header names councils use for them, and the matching
//! of a sheet's header cells to those fields.

use super::framework::{loose_key, squash};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use validator::Validate;

/// Longest text, in bytes, that is looked up as a heading.
const MAX_HEADER_LEN: usize = 80;

/// Which of a risk's three assessments a column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Before controls.
    Inherent,
    /// Now, with current controls (residual).
    Current,
    /// Where the owner aims to get it.
    Target,
}

impl Stage {
    /// All three, in the order a register shows them.
    pub const ALL: [Stage; 3] = [Stage::Inherent, Stage::Current, Stage::Target];

    /// "inherent", "current", "target".
    pub fn name(self) -> &'static str {
        match self {
            Stage::Inherent => "inherent",
            Stage::Current => "current",
            Stage::Target => "target",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Free text.
    Text,
    /// 1-5 on the likelihood scale, as a number or label.
    Likelihood,
    /// 1-5 on the impact scale, as a number or label.
    Impact,
    /// A number, likelihood x impact.
    Score,
    /// A likelihood and an impact in one cell ("4 / 3", "Likely / Major").
    Pair,
    /// A band name or colour; a number here is a score.
    Rating,
    /// A date.
    Date,
    /// Risk or opportunity.
    Kind,
    /// Open or closed.
    Status,
}

/// One field of a template.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct FieldSpec {
    /// The field's name in findings and code: `owner`, `likelihood`.
    #[validate(length(min = 1))]
    pub name: String,
    /// The column heading the tool writes.
    pub label: String,
    /// How cells are read.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Whether a register without this column is in error (for staged fields: the current variant).
    #[serde(default)]
    pub required: bool,
    /// Whether the field has inherent, current and target variants.
    #[serde(default)]
    pub staged: bool,
    /// Header names that mean this field.
    #[validate(length(min = 1))]
    pub synonyms: Vec<String>,
    /// Header names that mean this field only where no column is named by one of its
    /// synonyms: a system's "Latest Note Date" is the last review, unless a "Last
    /// Review Date" column is beside it.
    #[serde(default)]
    pub fallback_synonyms: Vec<String>,
}

/// A field, or one stage of a staged field: what one column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    /// Index into the template's fields.
    pub field: usize,
    /// The stage, for staged fields.
    pub stage: Option<Stage>,
}

/// The template's identity and how a sheet is recognised as one.
#[derive(Debug, Clone, Deserialize)]
pub struct TemplateInfo {
    /// "risk-register".
    pub name: String,
    /// "Risk register".
    pub title: String,
    /// Fewest fields a header row must name.
    pub min_fields: usize,
    /// At least one of these must be named.
    pub key_fields: Vec<String>,
}

/// Group labels and stage words.
#[derive(Debug, Clone, Deserialize)]
pub struct StageWords {
    /// "Inherent Risk", "Before Controls" ...
    pub inherent: Vec<String>,
    /// "Current Risk", "Residual Risk", "After Controls" ...
    pub current: Vec<String>,
    /// "Target Risk" ...
    pub target: Vec<String>,
}

/// Labels of the block above the header row.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct BlockLabels {
    /// "Service", "Service Area" ...
    #[serde(default)]
    pub service: Vec<String>,
    /// "Directorate", "Department" ...
    #[serde(default)]
    pub directorate: Vec<String>,
    /// "Completed by" ...
    #[serde(default)]
    pub completed_by: Vec<String>,
    /// "Reporting date" ...
    #[serde(default)]
    pub reporting_date: Vec<String>,
}

/// A label of the block above the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKey {
    /// The service the sheet belongs to.
    Service,
    /// The directorate the sheet belongs to.
    Directorate,
    /// Who completed it.
    CompletedBy,
    /// The reporting date it was completed for.
    ReportingDate,
}

/// Section heading words inside a register.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct SectionWords {
    /// Rows after "Risks" are risks.
    #[serde(default)]
    pub risk: Vec<String>,
    /// Rows after "Opportunities" are opportunities.
    #[serde(default)]
    pub opportunity: Vec<String>,
}

/// A template schema file such as `risk-register.toml`.
#[derive(Debug, Clone, Deserialize, Validate)]
pub struct TemplateSchema {
    /// Identity and recognition.
    pub template: TemplateInfo,
    /// Stage words, for staged fields.
    #[serde(default = "no_stages")]
    pub stages: StageWords,
    /// Labels of the block above the header.
    #[serde(default)]
    pub block: BlockLabels,
    /// Section heading words.
    #[serde(default)]
    pub sections: SectionWords,
    /// The fields.
    #[serde(rename = "field")]
    #[validate(nested)]
    pub fields: Vec<FieldSpec>,
    #[serde(skip)]
    index: HeaderIndex,
}

fn no_stages() -> StageWords {
    StageWords {
        inherent: Vec::new(),
        current: Vec::new(),
        target: Vec::new(),
    }
}

/// Squashed synonyms, built once when the schema is loaded.
#[derive(Debug, Clone, Default)]
struct HeaderIndex {
    fields: HashMap<String, usize>,
    /// Later fields that share a synonym with the field in `fields` ("Risk
    /// Description" is the title where it is the only text column, the description
    /// beside a "Risk Title").
    also: HashMap<String, Vec<usize>>,
    /// Synonyms by their loose keys (see [`loose_key`]); `None` where two fields'
    /// synonyms share one, so that it names neither.
    loose: HashMap<String, Option<usize>>,
    /// Each field's fallback synonyms, squashed.
    fallbacks: HashSet<(usize, String)>,
    stages: Vec<(String, Stage)>,
    stage_words: HashMap<String, Stage>,
    blocks: HashMap<String, BlockKey>,
    sections: HashMap<String, bool>,
}

/// The squashed forms of a heading: whole, without its bracketed part, and the
/// bracketed part. Made once per cell and looked up in every template.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderKeys {
    whole: String,
    bare: String,
    bracketed: String,
    /// The loose keys of the whole heading and of its bare part.
    loose: [String; 2],
    /// The squashed and loose keys of a heading's first part where it joins two
    /// ("Risk title & description", "Actions / next steps"); empty otherwise.
    first: [String; 2],
    /// The keys of its last part after a slash, where a heading is given in two
    /// languages ("Perchennog y Risg / Risk Owner").
    last: Option<Box<HeaderKeys>>,
}

impl HeaderKeys {
    /// The keys of a heading; none for text too long to be one or with no letters
    /// or digits.
    pub fn of(text: &str) -> Option<HeaderKeys> {
        if text.len() > MAX_HEADER_LEN {
            return None;
        }
        let keys = header_keys(text);
        (!keys.whole.is_empty()).then_some(keys)
    }
}

/// A text's parts outside brackets and inside them: "Likelihood (1-5)" is
/// ("Likelihood ", "1-5").
pub fn split_brackets(text: &str) -> (String, String) {
    let mut bare = String::new();
    let mut bracketed = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => bracketed.push(c),
            _ => bare.push(c),
        }
    }
    (bare, bracketed)
}

fn header_keys(text: &str) -> HeaderKeys {
    // A footnote's superscript figure ("Likelihood¹") is no part of the heading.
    let superscript =
        |c: char| matches!(c, '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}'..='\u{2079}');
    let unmarked: String;
    let text = if text.contains(superscript) {
        unmarked = text.chars().filter(|c| !superscript(*c)).collect();
        unmarked.as_str()
    } else {
        text
    };
    let (bare, bracketed) = split_brackets(text);
    let first = [" & ", " and ", "/", " or ", " + "]
        .iter()
        .filter_map(|joiner| bare.split_once(joiner).map(|(first, _)| first))
        .min_by_key(|first| first.len())
        .filter(|first| first.contains(char::is_alphabetic))
        .map_or_else(Default::default, |first| [squash(first), loose_key(first)]);
    let last = second_language(&bare).map(|last| Box::new(header_keys(last)));
    HeaderKeys {
        whole: squash(text),
        bare: squash(&bare),
        bracketed: squash(&bracketed),
        loose: [loose_key(text), loose_key(&bare)],
        first,
        last,
    }
}

/// The part of a heading or label after its last slash between spaces, where it is given
/// in two languages ("Perchennog y Risg / Risk Owner" gives "Risk Owner").
fn second_language(text: &str) -> Option<&str> {
    text.rsplit_once(" / ")
        .map(|(_, last)| last)
        .filter(|last| last.contains(char::is_alphabetic))
}

impl TemplateSchema {
    /// Build the lookup tables; called once after parsing.
    pub(crate) fn index(mut self) -> TemplateSchema {
        let mut index = HeaderIndex::default();
        for (i, field) in self.fields.iter().enumerate() {
            for synonym in &field.fallback_synonyms {
                index.fallbacks.insert((i, squash(synonym)));
            }
            for synonym in field.synonyms.iter().chain(&field.fallback_synonyms) {
                index
                    .loose
                    .entry(loose_key(synonym))
                    .and_modify(|named| {
                        if *named != Some(i) {
                            *named = None;
                        }
                    })
                    .or_insert(Some(i));
                let key = squash(synonym);
                match index.fields.get(&key) {
                    None => {
                        index.fields.insert(key, i);
                    }
                    Some(&first) if first != i => index.also.entry(key).or_default().push(i),
                    Some(_) => {}
                }
            }
        }
        for (words, stage) in [
            (&self.stages.inherent, Stage::Inherent),
            (&self.stages.current, Stage::Current),
            (&self.stages.target, Stage::Target),
        ] {
            for word in words {
                index.stages.push((squash(word), stage));
            }
        }
        index.stage_words = index.stages.iter().cloned().collect();
        // Longest first, so "inherentrisk" is tried before "inherent".
        index
            .stages
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        for (words, key) in [
            (&self.block.service, BlockKey::Service),
            (&self.block.directorate, BlockKey::Directorate),
            (&self.block.completed_by, BlockKey::CompletedBy),
            (&self.block.reporting_date, BlockKey::ReportingDate),
        ] {
            for word in words {
                index.blocks.insert(squash(word), key);
            }
        }
        for word in &self.sections.risk {
            index.sections.insert(squash(word), false);
        }
        for word in &self.sections.opportunity {
            index.sections.insert(squash(word), true);
        }
        self.index = index;
        self
    }

    /// The field with this name.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|field| field.name == name)
    }

    /// The slot of a field by name; staged fields give their current variant.
    pub fn slot(&self, name: &str) -> Option<Slot> {
        let field = self.field_index(name)?;
        let stage = self.fields[field].staged.then_some(Stage::Current);
        Some(Slot { field, stage })
    }

    /// The slot of a staged field at a stage.
    pub fn staged_slot(&self, name: &str, stage: Stage) -> Option<Slot> {
        let field = self.field_index(name)?;
        Some(Slot {
            field,
            stage: self.fields[field].staged.then_some(stage),
        })
    }

    /// A slot's name in findings: `owner`, `current_likelihood`.
    pub fn slot_name(&self, slot: Slot) -> String {
        let name = &self.fields[slot.field].name;
        match slot.stage {
            Some(stage) => format!("{stage}_{name}"),
            None => name.clone(),
        }
    }

    /// A slot's heading for people: "Owner", "Inherent likelihood".
    pub fn slot_label(&self, slot: Slot) -> String {
        let label = &self.fields[slot.field].label;
        match slot.stage {
            Some(Stage::Current) | None => label.clone(),
            Some(stage) => {
                let stage = stage.name();
                let mut chars = stage.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or(' ');
                format!("{first}{} {}", chars.as_str(), label.to_lowercase())
            }
        }
    }

    /// The slots a register must have a column for.
    pub fn required_slots(&self) -> Vec<Slot> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, field)| field.required)
            .map(|(i, field)| Slot {
                field: i,
                stage: field.staged.then_some(Stage::Current),
            })
            .collect()
    }

    /// The stage a group label names ("Inherent Risk", "After Controls").
    pub fn stage_of_label(&self, text: &str) -> Option<Stage> {
        if text.len() > MAX_HEADER_LEN {
            return None;
        }
        let key = squash(text);
        if key.is_empty() {
            return None;
        }
        self.index
            .stage_words
            .get(&key)
            .or_else(|| self.index.stage_words.get(&squash(second_language(text)?)))
            .copied()
    }

    /// The stage a group label names, from its keys.
    pub fn stage_of_keys(&self, keys: &HeaderKeys) -> Option<Stage> {
        self.index
            .stage_words
            .get(&keys.whole)
            .copied()
            .or_else(|| {
                keys.last
                    .as_deref()
                    .and_then(|last| self.stage_of_keys(last))
            })
    }

    /// The slot a header names, given the group label above it, if any.
    pub fn match_header(&self, text: &str, group: Option<Stage>) -> Option<Slot> {
        // No heading is this long: a data row's long text is passed over without work.
        HeaderKeys::of(text).and_then(|keys| self.slot_of_keys(&keys, group))
    }

    /// The slot a header names, from its keys, given the group label above it.
    pub fn slot_of_keys(&self, keys: &HeaderKeys, group: Option<Stage>) -> Option<Slot> {
        let direct = self
            .index
            .fields
            .get(&keys.whole)
            .or_else(|| self.index.fields.get(&keys.bare))
            .copied()
            .or_else(|| {
                keys.loose
                    .iter()
                    .find_map(|key| self.index.loose.get(key).copied().flatten())
            });
        if let Some(field) = direct {
            let stage = if self.fields[field].staged {
                let bracketed = (!keys.bracketed.is_empty())
                    .then(|| self.index.stage_words.get(&keys.bracketed).copied())
                    .flatten();
                Some(group.or(bracketed).unwrap_or(Stage::Current))
            } else {
                None
            };
            return Some(Slot { field, stage });
        }
        // "Inherent Likelihood", "Residual Risk Score", "Likelihood Residual".
        for key in [&keys.whole, &keys.bare] {
            for (word, stage) in &self.index.stages {
                let rest = key
                    .strip_prefix(word.as_str())
                    .or_else(|| key.strip_suffix(word.as_str()));
                if let Some(rest) = rest.filter(|rest| !rest.is_empty())
                    && let Some(&field) = self.index.fields.get(rest)
                    && self.fields[field].staged
                {
                    return Some(Slot {
                        field,
                        stage: Some(*stage),
                    });
                }
            }
        }
        // Two things in one heading, the first a field's ("Risk title & description",
        // "Actions / next steps"): that field's column, the rest with it. Else a
        // heading in two languages, the last a field's ("Perchennog y Risg / Risk
        // Owner").
        let [first, loose] = &keys.first;
        let Some(field) = (!first.is_empty())
            .then(|| {
                self.index
                    .fields
                    .get(first)
                    .copied()
                    .or_else(|| self.index.loose.get(loose).copied().flatten())
            })
            .flatten()
        else {
            return self.slot_of_keys(keys.last.as_deref()?, group);
        };
        let stage = self.fields[field]
            .staged
            .then(|| group.unwrap_or(Stage::Current));
        Some(Slot { field, stage })
    }

    /// The block label a cell holds ("Service:", "Directorate").
    pub fn block_label(&self, text: &str) -> Option<BlockKey> {
        if text.len() > MAX_HEADER_LEN {
            return None;
        }
        self.index
            .blocks
            .get(&squash(text))
            .or_else(|| self.index.blocks.get(&squash(second_language(text)?)))
            .copied()
    }

    /// Whether a lone cell is a section heading: `Some(true)` for opportunities.
    pub fn section_heading(&self, text: &str) -> Option<bool> {
        if text.len() > MAX_HEADER_LEN {
            return None;
        }
        self.index.sections.get(&squash(text)).copied()
    }

    /// The next field a heading names when the one it names first is taken already in
    /// the header (`taken`): "Risk Description" beside "Risk Title" is the description.
    pub fn other_slot(&self, keys: &HeaderKeys, taken: impl Fn(Slot) -> bool) -> Option<Slot> {
        [&keys.whole, &keys.bare]
            .into_iter()
            .filter_map(|key| self.index.also.get(key))
            .flatten()
            .map(|&field| Slot {
                field,
                stage: self.fields[field].staged.then_some(Stage::Current),
            })
            .find(|slot| !taken(*slot))
    }

    /// Whether a lone cell ends as a section heading does ("Closed risks", "Project
    /// Opportunities", "Strategic Risk Register"): `Some(true)` for opportunities. Four
    /// words at most; the longest section word that ends it decides.
    pub fn section_heading_by_ending(&self, text: &str) -> Option<bool> {
        if text.len() > MAX_HEADER_LEN || text.split_whitespace().count() > 4 {
            return None;
        }
        let key = squash(text);
        self.index
            .sections
            .iter()
            .filter(|(word, _)| key.ends_with(word.as_str()))
            .max_by_key(|(word, _)| word.len())
            .map(|(_, opportunity)| *opportunity)
    }

    /// Whether a heading names a field by one of its fallback synonyms only.
    pub fn is_fallback(&self, heading: &str, field: usize) -> bool {
        HeaderKeys::of(heading).is_some_and(|keys| {
            [&keys.whole, &keys.bare]
                .iter()
                .any(|key| self.index.fallbacks.contains(&(field, (*key).clone())))
        })
    }

    /// The synonym nearest to any of the found headers, for a missing column's message.
    pub fn nearest_header<'a>(&self, slot: Slot, found: &'a [String]) -> Option<&'a str> {
        let synonyms = &self.fields[slot.field].synonyms;
        found
            .iter()
            .filter_map(|header| {
                let key = squash(header);
                synonyms
                    .iter()
                    .map(|synonym| strsim::jaro_winkler(&squash(synonym), &key))
                    .fold(None, |best: Option<f64>, score| {
                        Some(best.map_or(score, |b| b.max(score)))
                    })
                    .map(|score| (score, header.as_str()))
            })
            .filter(|(score, _)| *score >= 0.75)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, header)| header)
    }
}
