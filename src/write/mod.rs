//! The only module that touches rust_xlsxwriter: every workbook golden-thread writes.

pub mod annotate;
pub mod atomic;
pub mod consolidated;
pub mod csv_export;
pub mod formats;
pub mod layout;
pub mod report;
pub mod samples;
pub mod spotcheck;
pub mod template;
