//! Template and framework definitions: TOML files embedded as defaults, overridable
//! per file from a council's own folder with `--schema DIR`.

pub mod framework;
pub mod template;

pub use framework::{
    Band, Framework, Notes, Scale, has_word, in_two_languages, parts_differ, parts_read, squash,
    squash_eq,
};
pub use template::{
    BlockKey, FieldSpec, FieldType, HeaderKeys, Slot, Stage, TemplateSchema, split_brackets,
};

use std::path::{Path, PathBuf};
use thiserror::Error;
use validator::Validate;

const FRAMEWORK_TOML: &str = include_str!("../../schemas/framework.toml");
const RISK_REGISTER_TOML: &str = include_str!("../../schemas/risk-register.toml");
const DEFINITIONS_TOML: &str = include_str!("../../schemas/indicator-definitions.toml");
const RETURN_TOML: &str = include_str!("../../schemas/indicator-return.toml");
const PRIORITIES_TOML: &str = include_str!("../../schemas/priorities.toml");

/// The corporate plan's priorities.
#[derive(Debug, Clone, Default, serde::Deserialize, Validate)]
pub struct Priorities {
    /// Each priority as the plan names it.
    pub priorities: Vec<String>,
}

/// A schema that cannot be used: the command stops, since nothing can be checked without it.
#[derive(Debug, Error)]
pub enum SchemaError {
    /// The schema folder or one of its files could not be read.
    #[error("cannot read schema file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML for its kind.
    #[error("schema file {path} is not valid: {message}")]
    Invalid {
        /// The file, or the embedded default's name.
        path: PathBuf,
        /// What is wrong, as the parser or validator said it.
        message: String,
    },
}

/// Everything the checks need to know about the council's framework and templates.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Scales, bands, escalation, appetite, review cycle, limits.
    pub framework: Framework,
    /// The risk register's fields.
    pub risk_register: TemplateSchema,
    /// The indicator definitions library's fields.
    pub indicator_definitions: TemplateSchema,
    /// An indicator return's fields.
    pub indicator_return: TemplateSchema,
    /// The corporate plan's priorities (empty: `priority.unknown` is off).
    pub priorities: Vec<String>,
}

impl Schema {
    /// The embedded defaults.
    pub fn embedded() -> Result<Schema, SchemaError> {
        Schema::load(None)
    }

    /// Load from `dir` where given: each file present there replaces the embedded default
    /// of the same name; files not there keep the default.
    pub fn load(dir: Option<&Path>) -> Result<Schema, SchemaError> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(SchemaError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            });
        }
        let framework: Framework = parse(dir, "framework.toml", FRAMEWORK_TOML)?;
        let risk_register: TemplateSchema = parse(dir, "risk-register.toml", RISK_REGISTER_TOML)?;
        let indicator_definitions: TemplateSchema =
            parse(dir, "indicator-definitions.toml", DEFINITIONS_TOML)?;
        let indicator_return: TemplateSchema = parse(dir, "indicator-return.toml", RETURN_TOML)?;
        let priorities: Priorities = parse(dir, "priorities.toml", PRIORITIES_TOML)?;
        Ok(Schema {
            framework: framework.index(),
            risk_register: risk_register.index(),
            indicator_definitions: indicator_definitions.index(),
            indicator_return: indicator_return.index(),
            priorities: priorities.priorities,
        })
    }
}

fn parse<T>(dir: Option<&Path>, name: &str, embedded: &str) -> Result<T, SchemaError>
where
    T: serde::de::DeserializeOwned + Validate,
{
    let (path, text) = match dir.map(|dir| dir.join(name)).filter(|path| path.exists()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| SchemaError::Io {
                path: path.clone(),
                source,
            })?;
            (path, text)
        }
        None => (
            PathBuf::from(format!("(built-in) {name}")),
            embedded.to_string(),
        ),
    };
    let value: T = toml::from_str(&text).map_err(|error| SchemaError::Invalid {
        path: path.clone(),
        message: error.to_string(),
    })?;
    value.validate().map_err(|errors| SchemaError::Invalid {
        path,
        message: errors.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::embedded().expect("embedded schema is valid")
    }

    #[test]
    fn a_value_in_two_languages_is_the_part_that_reads() {
        let colour = |part: &str| match part {
            "Red" => Some("red"),
            "Amber" => Some("amber"),
            "A" => Some("amber"),
            _ => None,
        };
        for (text, read) in [
            ("Coch / Red", Some("red")),
            ("Red/Coch", Some("red")),
            ("Coch\nRed", Some("red")),
            ("Red / Red", Some("red")),
            // Between two, neither part read, no two parts, or not two words.
            ("Red/Amber", None),
            ("Coch / Ambr", None),
            ("Red", None),
            ("Coch / Red / Ambr", None),
            ("N/A", None),
            ("Red / A", None),
            (" / Red", None),
        ] {
            assert_eq!(in_two_languages(text, colour), read, "{text}");
        }
    }

    #[test]
    fn four_colours_must_name_one_a_band_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let framework = FRAMEWORK_TOML.replace(
            r#"names = ["Green", "Yellow", "Amber", "Red"]"#,
            r#"names = ["Green", "Yellow", "Red"]"#,
        );
        assert_ne!(framework, FRAMEWORK_TOML);
        std::fs::write(dir.path().join("framework.toml"), &framework).unwrap();
        let error = Schema::load(Some(dir.path())).err().unwrap().to_string();
        assert!(
            error.contains(
                "four_colours must name a colour for each of the 4 bands, or none; it names 3"
            ),
            "{error}"
        );
        let framework = FRAMEWORK_TOML.replace(
            r#"names = ["Green", "Yellow", "Amber", "Red"]"#,
            "names = []",
        );
        std::fs::write(dir.path().join("framework.toml"), &framework).unwrap();
        let plain = Schema::load(Some(dir.path())).unwrap();
        assert!(plain.framework.four_colour_band("Yellow").is_none());
        assert_eq!(
            plain
                .framework
                .four_colour_band("Amber risk")
                .map(|b| b.name.as_str()),
            None
        );
        let embedded = schema().framework;
        assert_eq!(
            embedded.four_colour_band("Amber risk").unwrap().name,
            "High"
        );
        assert_eq!(embedded.four_colour_band("yellow").unwrap().name, "Medium");
    }

    #[test]
    fn squash_eq_agrees_with_squash() {
        let pairs = [
            ("Risk  Owner", "risk-owner"),
            ("Risk", "Risks"),
            ("L x I", "LxI"),
            ("Ärger (Current)", "ärgercurrent"),
            ("", " - "),
            ("Score", "Score 2"),
        ];
        for (a, b) in pairs {
            assert_eq!(squash_eq(a, b), squash(a) == squash(b), "{a} / {b}");
        }
    }

    #[test]
    fn notes_are_told_from_data_by_how_they_begin() {
        let notes = schema().framework.notes;
        for note in [
            "Note: scores agreed at DMT on 12/10/2026",
            "NOTES",
            "  note - target dates are provisional",
            "NB scores exclude the capital programme",
            "N.B.the matrix is 5 x 5",
            "Please note the review dates",
            "Source: finance ledger",
            "key: L = likelihood",
            "* assumes the new contract is let",
            "† statutory measure",
        ] {
            assert!(notes.is_note(note), "{note}");
        }
        for data in [
            "Notebook replacement programme stalls",
            "NBS contract ends",
            "Source water contamination",
            "Keyworker housing shortfall",
            "KEY-01",
            "HW-06",
            "",
        ] {
            assert!(!notes.is_note(data), "{data}");
        }
        // A council's own framework file without the table keeps the built-in markers,
        // the same list as the bundled file's.
        assert_eq!(notes.markers, Notes::default().markers);
    }

    #[test]
    fn embedded_framework_has_reference_defaults() {
        let framework = schema().framework;
        assert_eq!(
            framework.likelihood.level_of_label("Almost certain"),
            Some(5)
        );
        assert_eq!(framework.likelihood.level_of_label("certain"), Some(5));
        assert_eq!(framework.impact.level_of_label("Significant"), Some(5));
        assert_eq!(
            framework.band_of(9.0).map(|b| b.name.as_str()),
            Some("High")
        );
        assert_eq!(
            framework.band_of(16.0).map(|b| b.name.as_str()),
            Some("Very high")
        );
        assert_eq!(framework.band_of(3.0).map(|b| b.name.as_str()), Some("Low"));
        assert_eq!(
            framework.band_named("amber").map(|b| b.name.as_str()),
            Some("Medium")
        );
        assert_eq!(framework.escalation.directorate, 9);
        assert_eq!(framework.escalation.corporate, 16);
    }

    #[test]
    fn headers_match_synonyms_and_stages() {
        let schema = schema().risk_register;
        let name = |text: &str, group| {
            schema
                .match_header(text, group)
                .map(|s| schema.slot_name(s))
        };
        assert_eq!(name("Risk Ref", None).as_deref(), Some("id"));
        assert_eq!(
            name("Probability", None).as_deref(),
            Some("current_likelihood")
        );
        assert_eq!(name("L x I", None).as_deref(), Some("current_score"));
        assert_eq!(
            name("L", Some(Stage::Inherent)).as_deref(),
            Some("inherent_likelihood")
        );
        assert_eq!(
            name("Score", Some(Stage::Target)).as_deref(),
            Some("target_score")
        );
        assert_eq!(
            name("Inherent Likelihood", None).as_deref(),
            Some("inherent_likelihood")
        );
        assert_eq!(
            name("Residual Risk Score", None).as_deref(),
            Some("current_score")
        );
        assert_eq!(
            name("Impact (Inherent)", None).as_deref(),
            Some("inherent_impact")
        );
        assert_eq!(name("Risk Owner\u{a0}", None).as_deref(), Some("owner"));
        assert_eq!(name("Target Date", None).as_deref(), Some("action_due"));
        assert_eq!(
            name("Likelihood (1-5)", None).as_deref(),
            Some("current_likelihood")
        );
        // Plurals and small words aside, as councils vary them.
        for (heading, field) in [
            ("Existing controls /\nmitigations", "controls"),
            ("Further action\nrequired", "further_actions"),
            ("Risk Owners", "owner"),
            ("Action Owners", "action_owner"),
            ("Date of last reviewed", "last_review"),
            ("Target date\nfor completion", "action_due"),
            ("Status", "status"),
            ("Progress", "action_status"),
        ] {
            assert_eq!(name(heading, None).as_deref(), Some(field), "{heading}");
        }
        assert_eq!(name("Something else", None), None);
        assert_eq!(name("Statu", None), None, "not a plural of Status");
        assert_eq!(
            schema.stage_of_label("Before Controls"),
            Some(Stage::Inherent)
        );
        assert_eq!(schema.stage_of_label("Residual Risk"), Some(Stage::Current));
        // In two languages, the second after a slash.
        assert_eq!(
            schema.stage_of_label("Risg Gweddilliol / Residual Risk"),
            Some(Stage::Current)
        );
        assert_eq!(
            schema.block_label("Gwasanaeth / Service:"),
            Some(BlockKey::Service)
        );
        // And in Welsh alone.
        assert_eq!(schema.block_label("Gwasanaeth:"), Some(BlockKey::Service));
    }

    #[test]
    fn a_council_folder_overrides_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let text = RISK_REGISTER_TOML.replace("\"Probability\",", "\"Probability\", \"Chance\",");
        std::fs::write(dir.path().join("risk-register.toml"), text).unwrap();
        let schema = Schema::load(Some(dir.path())).unwrap();
        let slot = schema.risk_register.match_header("Chance", None).unwrap();
        assert_eq!(schema.risk_register.slot_name(slot), "current_likelihood");
        assert_eq!(schema.framework.escalation.corporate, 16);
    }

    #[test]
    fn bands_with_a_gap_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("framework.toml"),
            FRAMEWORK_TOML.replace("min = 4", "min = 5"),
        )
        .unwrap();
        let error = Schema::load(Some(dir.path())).unwrap_err().to_string();
        assert!(error.contains("without gaps"), "{error}");
    }
}
