//! Turning the paths on the command line into the list of files to read.

use super::register::Placement;
use std::path::PathBuf;

/// Extensions read when walking a folder.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// One file to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Where it is.
    pub path: PathBuf,
    /// How findings name it: the path as given or found.
    pub display: String,
    /// What its folder and name say of its directorate and service.
    pub placement: Placement,
}

/// Paths that could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A path on the command line does not exist.
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    /// A folder could not be listed.
    #[error("cannot list {path}: {message}")]
    Walk {
        /// The folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

fn hidden_or_lock(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// Files named directly are taken as they are; folders are walked for workbooks,
/// skipping Office lock files (`~$x.xlsx`) and hidden files and folders.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, DiscoverError> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_file() {
            inputs.push(input(path.clone()));
        } else if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| {
                    entry.depth() == 0 || !hidden_or_lock(&entry.file_name().to_string_lossy())
                });
            for entry in walker {
                let entry = entry.map_err(|e| DiscoverError::Walk {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                let extension = entry
                    .path()
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase());
                // An .xml file is one when it is Excel's XML spreadsheet, not other XML.
                if entry.file_type().is_file()
                    && extension.is_some_and(|e| {
                        WORKBOOK_EXTENSIONS.contains(&e.as_str())
                            || e == "xml"
                                && super::spreadsheetml::is_spreadsheetml_file(entry.path())
                    })
                {
                    inputs.push(input(entry.path().to_path_buf()));
                }
            }
        } else {
            return Err(DiscoverError::NotFound(path.clone()));
        }
    }
    Ok(inputs)
}

/// The folder a file is in names its directorate (`returns/<directorate>/<service>.xlsx`,
/// or a run over one directorate's folder); a hidden or temporary folder names nothing.
/// A file whose name names no service ("Risk register.xlsx") in a service's folder
/// under a directorate's (`returns/<directorate>/<service>/Risk register.xlsx`) is that
/// service's.
fn input(path: PathBuf) -> Input {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folder = |up: usize| {
        path.ancestors()
            .nth(up)
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .and_then(|n| super::names::folder_words(&n).map(|words| tidy_name(&words.join(" "))))
            .filter(|n| !n.is_empty())
    };
    let by_folders = stem
        .as_deref()
        .is_some_and(super::names::names_no_service)
        .then(|| Some((folder(1)?, folder(2)?)))
        .flatten();
    let (service, directorate) = match by_folders {
        Some((service, directorate)) => (Some(service), Some(directorate)),
        None => (
            stem.map(|s| tidy_name(&super::names::service_words(&s).join(" "))),
            folder(1),
        ),
    };
    Input {
        display: path.display().to_string(),
        placement: Placement {
            directorate,
            service,
        },
        path,
    }
}

/// A folder or file name as an officer would write it: "adults-and-communities" is
/// "Adults and Communities".
pub fn tidy_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && ["and", "of", "the", "for", "in", "to"].contains(&lower.as_str()) {
                lower
            } else {
                super::capitalise(word)
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_a_file_is_in_names_its_directorate() {
        let named = input(PathBuf::from("returns/adults-and-communities/housing.xls"));
        assert_eq!(
            named.placement.directorate.as_deref(),
            Some("Adults and Communities")
        );
        assert_eq!(named.placement.service.as_deref(), Some("Housing"));
        assert_eq!(
            input(PathBuf::from("/tmp/.tmpA1b2/housing.xls"))
                .placement
                .directorate,
            None
        );
        assert_eq!(
            input(PathBuf::from("housing.xls")).placement.directorate,
            None
        );
    }

    #[test]
    fn a_files_name_names_its_service_less_its_period_and_document_words() {
        for (file, service) in [
            ("housing.xlsx", "Housing"),
            ("Housing Risk Register Oct 2026.xlsx", "Housing"),
            ("housing-september-2026.csv", "Housing"),
            ("KPI_Return_Q2_2026-27_Highways.xlsx", "Highways"),
            ("Planning - performance return - Sept 26.xlsx", "Planning"),
            ("ASC risk register v3 FINAL.xlsx", "ASC"),
            (
                "Risk and Insurance risk register.xlsx",
                "Risk and Insurance",
            ),
            ("Back to Work Service.csv", "Back to Work"),
            (
                "Corporate Services risk register.xlsx",
                "Corporate Services",
            ),
            ("Highways Month 6 2026-27.xlsx", "Highways"),
            ("Risk register.xlsx", "Risk Register"),
            ("2026-27.xlsx", "2026 27"),
            ("housing (2).xlsx", "Housing"),
            ("01 - Highways.xlsx", "Highways"),
        ] {
            assert_eq!(
                input(PathBuf::from(file)).placement.service.as_deref(),
                Some(service),
                "{file}"
            );
        }
    }

    #[test]
    fn a_folder_names_its_directorate_less_its_period_and_none_with_nothing_else() {
        let directorate = |path: &str| input(PathBuf::from(path)).placement.directorate;
        assert_eq!(
            directorate("Adults and Communities - October 2026 returns/housing.xlsx").as_deref(),
            Some("Adults and Communities")
        );
        assert_eq!(directorate("returns/housing.xlsx"), None);
        assert_eq!(directorate("October 2026 returns/housing.xlsx"), None);
        assert_eq!(directorate("2026-10/housing.xlsx"), None);
        assert_eq!(
            directorate("economy/housing.xlsx").as_deref(),
            Some("Economy")
        );
        assert_eq!(
            directorate("returns/corporate-services/ict.xlsx").as_deref(),
            Some("Corporate Services")
        );
    }

    #[test]
    fn a_file_naming_no_service_in_a_services_folder_is_that_services() {
        let placed = |path: &str| {
            let placement = input(PathBuf::from(path)).placement;
            (placement.directorate, placement.service)
        };
        let place_highways = (Some("Place".to_string()), Some("Highways".to_string()));
        assert_eq!(
            placed("returns/place/highways/Risk register.xlsx"),
            place_highways
        );
        assert_eq!(
            placed("returns/place/highways/KPI return Q2 2026-27.xlsx"),
            place_highways
        );
        assert_eq!(
            placed("returns/place/highways/2026-27.xlsx"),
            place_highways
        );
        // A service's own name is the service's, whatever the folders.
        assert_eq!(
            placed("returns/place/highways/Street Lighting risk register.xlsx"),
            (
                Some("Highways".to_string()),
                Some("Street Lighting".to_string())
            )
        );
        // With no directorate's folder above it, the folder is the directorate, as ever.
        assert_eq!(
            placed("returns/place/Risk register.xlsx"),
            (Some("Place".to_string()), Some("Risk Register".to_string()))
        );
    }

    #[test]
    fn names_are_tidied() {
        assert_eq!(
            tidy_name("adults-and-communities"),
            "Adults and Communities"
        );
        assert_eq!(tidy_name("highways"), "Highways");
        assert_eq!(tidy_name("Adult_Social_Care"), "Adult Social Care");
    }

    #[test]
    fn folders_are_walked_without_lock_or_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let economy = dir.path().join("economy");
        std::fs::create_dir_all(&economy).unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        for name in [
            "highways.xlsx",
            "~$highways.xlsx",
            ".hidden.xlsx",
            "notes.docx",
        ] {
            std::fs::write(economy.join(name), b"x").unwrap();
        }
        std::fs::write(dir.path().join(".git").join("x.csv"), b"x").unwrap();
        let inputs = discover(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(inputs.len(), 1);
        assert!(inputs[0].display.ends_with("highways.xlsx"));
        assert_eq!(inputs[0].placement.directorate.as_deref(), Some("Economy"));
        assert_eq!(inputs[0].placement.service.as_deref(), Some("Highways"));
    }
}
