//! The only module that touches rust_xlsxwriter: every workbook golden-thread writes.

pub mod atomic;
pub mod layout;
pub mod samples;
