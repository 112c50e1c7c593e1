//! golden-thread: read council risk registers and performance returns kept in Excel,
//! check them cell by cell against the council's framework, and report every problem
//! by its file, sheet and cell.

pub mod check;
pub mod finding;
pub mod merge;
pub mod model;
pub mod read;
pub mod report;
pub mod schema;
pub mod spotcheck;
pub mod write;
