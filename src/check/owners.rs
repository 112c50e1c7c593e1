//! The officer directory behind `risk.owner-unknown`: every name or post in a CSV or
//! workbook the council keeps (`--owners FILE`).

use crate::read::grid::Value;
use crate::read::open;
use crate::schema::{Schema, squash};
use std::collections::HashSet;
use std::path::Path;

/// Names and posts that may own a risk.
#[derive(Debug, Clone)]
pub struct OwnerDirectory {
    /// The file it came from, for messages.
    pub source: String,
    names: HashSet<String>,
}

impl OwnerDirectory {
    /// Every non-blank text cell of every sheet is a known name or post.
    pub fn load(path: &Path, schema: &Schema) -> Result<OwnerDirectory, String> {
        let opened = open::open(path, &schema.framework.limits, &|_| false).map_err(|e| e.0)?;
        let names = opened
            .sheets
            .iter()
            .flat_map(|grid| grid.rows.iter())
            .flat_map(|row| row.cells.iter())
            .filter_map(|(_, value)| match value {
                Value::Text(text) => Some(squash(text)),
                _ => None,
            })
            .filter(|name| !name.is_empty())
            .collect();
        Ok(OwnerDirectory {
            source: path.display().to_string(),
            names,
        })
    }

    /// A directory from a list of names.
    pub fn from_names<'a>(
        source: &str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> OwnerDirectory {
        OwnerDirectory {
            source: source.to_string(),
            names: names.into_iter().map(squash).collect(),
        }
    }

    /// The names in an owner cell ("J Smith / A Jones") that are not in the directory.
    pub fn unknown_names(&self, owner: &str) -> Vec<String> {
        if self.names.contains(&squash(owner)) {
            return Vec::new();
        }
        owner
            .split(['/', '&', ',', ';', '\n'])
            .flat_map(|part| part.split(" and "))
            .map(str::trim)
            .filter(|part| !part.is_empty() && !self.knows(part))
            .map(str::to_string)
            .collect()
    }

    /// Whether one owner is known: as written, or by the post or the name written
    /// beside it ("Head of Highways (Jane Smith)", "Jane Smith - Head of Highways").
    fn knows(&self, owner: &str) -> bool {
        self.names.contains(&squash(owner))
            || owner
                .split(['(', ')', '[', ']', '\u{2013}', '\u{2014}'])
                .flat_map(|piece| piece.split(" - "))
                .map(squash)
                .any(|piece| !piece.is_empty() && self.names.contains(&piece))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joint_owners_are_each_looked_up() {
        let directory =
            OwnerDirectory::from_names("officers.csv", ["Jane Smith", "Head of Highways"]);
        assert!(directory.unknown_names("jane smith").is_empty());
        assert!(
            directory
                .unknown_names("Jane Smith / Head of Highways")
                .is_empty()
        );
        assert_eq!(
            directory.unknown_names("Jane Smith and Tom Brown"),
            vec!["Tom Brown"]
        );
        for beside in [
            "Head of Highways (Tom Brown)",
            "Tom Brown - Head of Highways",
            "Tom Brown \u{2013} Head of Highways",
            "Head of Finance (Jane Smith)",
        ] {
            assert!(directory.unknown_names(beside).is_empty(), "{beside}");
        }
        assert_eq!(
            directory.unknown_names("Head of Finance (Tom Brown)"),
            vec!["Head of Finance (Tom Brown)"]
        );
    }
}
