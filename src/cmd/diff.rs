//! `golden-thread diff OLD NEW`: what changed between two periods' registers.

use super::consolidate::merged;
use super::{CommandError, Outcome, say, setup};
use crate::cli::{DiffArgs, LevelArg, OutputFormat};
use golden_thread::check::CheckOptions;
use golden_thread::merge::Level;
use golden_thread::merge::changes::{
    Category, compare, counts, services_without_indicators, services_without_return,
};
use golden_thread::read::grid::format_number;

/// Run `diff`.
pub fn run(args: &DiffArgs) -> Result<Outcome, CommandError> {
    let (schema, as_of) = setup(&args.common, None)?;
    let level = match args.level {
        LevelArg::Directorate => Level::Directorate,
        LevelArg::Corporate => Level::Corporate,
    };
    let options = CheckOptions {
        as_of,
        year: None,
        owners: None,
    };
    let old = merged(std::slice::from_ref(&args.old), level, &schema, &options)?;
    let new = merged(std::slice::from_ref(&args.new), level, &schema, &options)?;
    let changes = compare(&old.risks, &new.risks, level);
    let tally = counts(&changes);
    // The services with a register or indicator return last period and none now.
    let mut no_return = services_without_return(&changes);
    no_return.extend(services_without_indicators(
        &old.indicators,
        &new.indicators,
        as_of,
    ));
    let text = match args.format {
        OutputFormat::Json => {
            let summary: serde_json::Map<String, serde_json::Value> = tally
                .iter()
                .map(|(c, n)| (c.label().to_lowercase().replace(' ', "-"), (*n).into()))
                .collect();
            let document = serde_json::json!({
                "changes": changes,
                "summary": summary,
                "no_return": no_return,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            )
        }
        OutputFormat::Human => {
            let score = |s: Option<f64>| s.map(format_number).unwrap_or_else(|| "-".into());
            let mut text = String::new();
            let cut = |text: &str, most: usize| text.chars().take(most).collect::<String>();
            for change in changes.iter().filter(|c| c.categories != [Category::Same]) {
                // The service as well as the ID: registers are often numbered alike.
                text.push_str(&format!(
                    "{:<10} {:<20} {:<40} {:>3} -> {:<3} {}\n",
                    change.id,
                    cut(&change.service, 20),
                    cut(&change.title, 40),
                    score(change.previous_score),
                    score(change.current_score),
                    change.summary()
                ));
            }
            if !args.common.quiet {
                let parts: Vec<String> = tally
                    .iter()
                    .map(|(c, n)| format!("{n} {}", c.label().to_lowercase()))
                    .collect();
                text.push_str(&format!(
                    "\n{} risks compared: {}.\n",
                    changes.len(),
                    parts.join(", ")
                ));
            }
            for group in &no_return {
                text.push_str(&format!(
                    "No return from {} this period (last period: {}).\n",
                    group.service, group.file
                ));
            }
            text
        }
    };
    say(&text);
    Ok(Outcome::Clean)
}
