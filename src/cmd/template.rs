//! `golden-thread template risk-register|indicator-return|definitions --out FILE.xlsx`.

use super::{CommandError, Outcome, say, setup};
use crate::cli::{TemplateArgs, TemplateName};
use golden_thread::write::atomic;
use golden_thread::write::template::{Block, TemplateKind, template_workbook};

/// Run `template`.
pub fn run(args: &TemplateArgs) -> Result<Outcome, CommandError> {
    let (schema, _) = setup(&args.common, None)?;
    let kind = match args.name {
        TemplateName::RiskRegister => TemplateKind::RiskRegister,
        TemplateName::IndicatorReturn => TemplateKind::IndicatorReturn,
        TemplateName::Definitions => TemplateKind::Definitions,
    };
    let mut workbook =
        template_workbook(kind, &schema, &Block::default(), &Vec::new()).map_err(|e| {
            CommandError::Write {
                path: args.out.clone(),
                source: std::io::Error::other(e.to_string()),
            }
        })?;
    atomic::write_with(&args.out, |path| workbook.save(path)).map_err(|source| {
        CommandError::Write {
            path: args.out.clone(),
            source,
        }
    })?;
    if !args.common.quiet {
        say(&format!("Template written to {}\n", args.out.display()));
    }
    Ok(Outcome::Clean)
}
