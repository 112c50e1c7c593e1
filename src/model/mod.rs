//! Plain data: what a register or return row means once read.

mod indicator;
mod plan;
mod review;
mod risk;

pub use indicator::{
    Comparator, Definition, Frequency, IndicatorValue, Period, PeriodPart, Polarity, Rag, Text,
    Unit, cell_of,
};
pub use plan::{Citation, PriorityPlan};
pub use review::ReviewCycle;
pub use risk::{
    Assessment, DateSpan, DomainImpact, Kind, PlannedAction, Rating, Risk, Source, SourceLink,
    Term, id_key, on_scale,
};
