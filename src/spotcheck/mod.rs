//! Spot-checks before Cabinet: a reproducible, weighted sample of reported indicator
//! values for a checker to verify against evidence, and the verification of the
//! completed workbook.

pub mod sample;
pub mod verify;

pub use sample::{SampleOptions, Sampled, sample};
pub use verify::{Outcome, Verification, missing_rows, verify};
