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
    /// Each name of two words or more as its first initial and last word ("Jane Smith"
    /// is "jsmith"), for owners written "J Smith"; and the same of names the directory
    /// itself writes with an initial, for owners written in full.
    initialled: Initialled,
}

#[derive(Debug, Clone, Default)]
struct Initialled {
    in_full: HashSet<String>,
    with_initial: HashSet<String>,
}

impl Initialled {
    fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Initialled {
        let mut initialled = Initialled::default();
        for name in names {
            if let Some((key, initial)) = initial_and_surname(name) {
                if initial {
                    initialled.with_initial.insert(key);
                } else {
                    initialled.in_full.insert(key);
                }
            }
        }
        initialled
    }

    /// Whether `name` is the same person as a directory name, one of them written with
    /// an initial ("J Smith", "J. Smith" and "Jane Smith"); two names in full must match
    /// as written.
    fn knows(&self, name: &str) -> bool {
        match initial_and_surname(name) {
            Some((key, true)) => self.in_full.contains(&key) || self.with_initial.contains(&key),
            Some((key, false)) => self.with_initial.contains(&key),
            None => false,
        }
    }
}

/// A person's name as its first initial and last word, squashed, and whether it was
/// written with the initial alone: "J. Smith" is ("jsmith", true), "Jane Smith" is
/// ("jsmith", false). Words that are not a name's ("Head of Highways": a post, or "Tom
/// Brown 2") give none, as does a name of one word.
fn initial_and_surname(name: &str) -> Option<(String, bool)> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let [first, .., last] = words.as_slice() else {
        return None;
    };
    let is_name = |word: &&str| {
        word.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && word.chars().next().is_some_and(char::is_uppercase)
    };
    if !words.iter().all(is_name) {
        return None;
    }
    let initial = first.chars().next()?;
    let key = squash(&format!("{initial}{last}"));
    Some((key, first.chars().count() == 1))
}

/// An owner written as an e-mail address ("jane.smith@council.gov.uk") as the name it
/// spells ("Jane Smith").
fn name_of_address(owner: &str) -> Option<String> {
    let (local, domain) = owner.trim().split_once('@')?;
    if !domain.contains('.') || local.is_empty() {
        return None;
    }
    let words: Vec<String> = local
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| crate::read::capitalise(&w.to_lowercase()))
        .collect();
    (words.len() > 1).then(|| words.join(" "))
}

impl OwnerDirectory {
    /// Every non-blank text cell of every sheet is a known name or post.
    pub fn load(path: &Path, schema: &Schema) -> Result<OwnerDirectory, String> {
        let opened = open::open(path, &schema.framework.limits, &|_| false).map_err(|e| e.0)?;
        let texts: Vec<&str> = opened
            .sheets
            .iter()
            .flat_map(|grid| grid.rows.iter())
            .flat_map(|row| row.cells.iter())
            .filter_map(|(_, value)| match value {
                Value::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        Ok(OwnerDirectory::from_names(
            &path.display().to_string(),
            texts,
        ))
    }

    /// A directory from a list of names.
    pub fn from_names<'a>(
        source: &str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> OwnerDirectory {
        let names: Vec<&str> = names
            .into_iter()
            .filter(|name| !squash(name).is_empty())
            .collect();
        OwnerDirectory {
            source: source.to_string(),
            initialled: Initialled::new(names.iter().copied()),
            names: names.into_iter().map(squash).collect(),
        }
    }

    /// The names in an owner cell ("J Smith / A Jones") that are not in the directory.
    pub fn unknown_names(&self, owner: &str) -> Vec<String> {
        if self.names.contains(&squash(owner)) || self.knows_reversed(owner) {
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

    /// Whether one owner is known: as written, with an initial for the first name or
    /// the name in full ("J Smith", "Jane Smith"), as an e-mail address, or by the post
    /// or the name written beside it ("Head of Highways (Jane Smith)", "Jane Smith -
    /// Head of Highways").
    fn knows(&self, owner: &str) -> bool {
        let one = |name: &str| {
            let name = name_of_address(name).unwrap_or_else(|| name.to_string());
            self.names.contains(&squash(&name)) || self.initialled.knows(&name)
        };
        one(owner)
            || owner
                .split(['(', ')', '[', ']', '\u{2013}', '\u{2014}'])
                .flat_map(|piece| piece.split(" - "))
                .filter(|piece| !squash(piece).is_empty())
                .any(one)
    }

    /// Whether an owner written surname first ("Smith, Jane", "Smith, J", or "Smith J"
    /// with the initial alone after it, as payroll lists names) is known.
    fn knows_reversed(&self, owner: &str) -> bool {
        let words: Vec<&str> = owner.split_whitespace().collect();
        if let [surname, initial] = words[..]
            && initial.trim_end_matches('.').chars().count() == 1
            && !surname.ends_with(',')
        {
            return self.knows(&format!("{initial} {surname}"));
        }
        let Some((surname, forename)) = owner.split_once(',') else {
            return false;
        };
        let (surname, forename) = (surname.trim(), forename.trim());
        surname.split_whitespace().count() == 1
            && !forename.is_empty()
            && !forename.contains([',', '/', '&', ';'])
            && self.knows(&format!("{forename} {surname}"))
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

    #[test]
    fn an_owner_is_known_by_initial_surname_first_or_e_mail_address() {
        let directory = OwnerDirectory::from_names(
            "officers.csv",
            [
                "Jane Smith",
                "T Brown",
                "Head of Highways",
                "Mary-Ann O'Neill",
            ],
        );
        for known in [
            "J Smith",
            "J. Smith",
            "Smith, Jane",
            "Smith, J",
            "Smith J",
            "Smith J.",
            "jane.smith@council.gov.uk",
            "Tom Brown",
            "T. Brown / J Smith",
            "Head of Highways (J Smith)",
            "M O'Neill",
            "Mary-Ann O'Neill",
        ] {
            assert!(directory.unknown_names(known).is_empty(), "{known}");
        }
        // Two names in full are two people; an initial is not a surname's match with
        // another initial; a post is not a name.
        for (unknown, names) in [
            ("John Smith", vec!["John Smith"]),
            ("A Smith", vec!["A Smith"]),
            ("Smith A", vec!["Smith A"]),
            ("H Highways", vec!["H Highways"]),
            ("Smith, John", vec!["Smith", "John"]),
            (
                "john.smith@council.gov.uk",
                vec!["john.smith@council.gov.uk"],
            ),
        ] {
            assert_eq!(directory.unknown_names(unknown), names, "{unknown}");
        }
    }
}
