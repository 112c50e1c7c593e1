//! Plain data: what a register row means once read.

mod risk;

pub use risk::{Assessment, DateSpan, Kind, Rating, Risk, Source};
