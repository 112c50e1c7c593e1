//! The sample council, Wyvern Vale: three directorates, seven service registers in the
//! layouts councils use, and a few deliberate mistakes so the demo has findings.
//!
//! Five returns are written here (.xlsx and .csv). Two more (.xls and .ods) are these
//! same layouts saved by LibreOffice; `examples/build_samples.rs` converts them and the
//! results are kept in `samples/` and embedded in the binary for `demo`.

use super::layout::{Cell, SheetLayout, d, f, n, t, write_csv, write_xlsx};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The reporting date the samples were completed for.
pub fn reporting_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default()
}

/// Where each sample file goes under the samples folder.
pub mod paths {
    /// Highways: title block, label scores, score formulas.
    pub const HIGHWAYS: &str = "returns/economy-and-environment/highways.xlsx";
    /// Waste: two-row header with inherent, current and target groups; UK text dates.
    pub const WASTE: &str = "returns/economy-and-environment/waste-and-recycling.xlsx";
    /// Planning: CSV export with other header names and ISO dates.
    pub const PLANNING: &str = "returns/economy-and-environment/planning.csv";
    /// Adult social care: risks and opportunities with a type column.
    pub const ADULT_SOCIAL_CARE: &str = "returns/adults-and-communities/adult-social-care.xlsx";
    /// Housing: an .xls saved by LibreOffice.
    pub const HOUSING: &str = "returns/adults-and-communities/housing.xls";
    /// Education: an .ods saved by LibreOffice.
    pub const EDUCATION: &str = "returns/children-and-families/education.ods";
    /// Children's safeguarding: label scores and section headings.
    pub const SAFEGUARDING: &str = "returns/children-and-families/childrens-safeguarding.xlsx";
    /// The officer directory.
    pub const OFFICERS: &str = "officers.csv";
    /// The indicator definitions library, with the corporate plan's priorities.
    pub const DEFINITIONS: &str = "definitions.xlsx";
    /// Highways indicators: long layout with numerators and denominators.
    pub const HIGHWAYS_INDICATORS: &str =
        "returns/economy-and-environment/highways-indicators.xlsx";
    /// Waste indicators: wide layout by quarter.
    pub const WASTE_INDICATORS: &str = "returns/economy-and-environment/waste-indicators.xlsx";
    /// Adult social care indicators: wide layout by month, percentages as fractions.
    pub const ADULT_SOCIAL_CARE_INDICATORS: &str =
        "returns/adults-and-communities/adult-social-care-indicators.xlsx";
    /// Children's indicators: a long CSV export.
    pub const CHILDRENS_INDICATORS: &str = "returns/children-and-families/childrens-indicators.csv";
}

fn row(cells: &[Cell]) -> Vec<Cell> {
    cells.to_vec()
}

fn texts(items: &[&str]) -> Vec<Cell> {
    items.iter().map(|s| t(s)).collect()
}

/// Highways: council title, a labelled block, header on row 6, "3 - Possible" labels,
/// the score as a formula. Mistakes: score G9 stated 12 for 3 x 3; RAG H11 Amber for
/// 12; last review M12 in July.
pub fn highways() -> SheetLayout {
    let score =
        |r: u32, l: u8, i: u8| f(&format!("=VALUE(LEFT(E{r},1))*VALUE(LEFT(F{r},1))"), l * i);
    let mut layout = SheetLayout::new("Risk Register")
        .bold_row(texts(&["Wyvern Vale Council"]))
        .bold_row(texts(&["Service Risk Register 2026/27"]))
        .row(row(&[t("Service:"), t("Highways"), t(""), t("Directorate:"), t("Economy and Environment")]))
        .row(row(&[t("Completed by:"), t("Sam Patel"), t(""), t("Reporting date:"), d(2026, 10, 31)]))
        .row(vec![])
        .bold_row(texts(&[
            "Risk Ref", "Risk Title", "Description", "Risk Owner", "Likelihood", "Impact", "Risk Score", "RAG",
            "Current Controls", "Further Actions", "Action Owner", "Target Date", "Last Reviewed", "Corporate Priority",
            "Risk Category",
        ]))
        .row(row(&[
            t("HW-01"), t("Winter gritting capacity insufficient in a prolonged cold spell"),
            t("Salt stocks and driver numbers may not cover more than ten days of continuous gritting."),
            t("Head of Highways"), t("3 - Possible"), t("4 - Major"), score(7, 3, 4), t("High"),
            t("9,000 tonnes of salt in store; mutual aid agreement with neighbouring councils"),
            t("Procure a further 2,000 tonnes of salt storage"), t("Fleet Manager"), d(2026, 12, 15), d(2026, 10, 10),
            t("A thriving county"), t("Operational"),
        ]))
        .row(row(&[
            t("HW-02"), t("Structural failure of a B-road bridge"), t("Ageing masonry bridges with weight restrictions."),
            t("Head of Highways"), t("2 - Unlikely"), t("5 - Significant"), score(8, 2, 5), t("High"),
            t("Annual general inspections; weight limits enforced"),
            t("Principal inspections of the 12 priority bridges"), t("Structures Engineer"), d(2027, 3, 31), d(2026, 10, 3),
            t("Safe and connected communities"), t("Health and safety"),
        ]))
        .row(row(&[
            t("HW-03"), t("Pothole claims exceed the insurance budget"), t("Wet winter increases defects and claims."),
            t("Highways Asset Manager"), t("3 - Possible"), t("3 - Moderate"), n(12.0), t("High"),
            t("Risk-based inspection regime; claims handled by insurers"),
            t("Targeted patching programme in the worst 40 roads"), t("Highways Asset Manager"), d(2027, 2, 28), d(2026, 10, 14),
            t("Safe and connected communities"), t("Financial"),
        ]))
        .row(row(&[
            t("HW-04"), t("Street lighting energy costs rise"), t("Energy contract renewal in April."),
            t("Street Lighting Engineer"), t("4 - Likely"), t("2 - Minor"), score(10, 4, 2), t("Amber"),
            t("LED conversion 85% complete; part-night lighting"), t(""), t(""), Cell::Blank, d(2026, 10, 1),
            t("A greener county"), t("Financial"),
        ]))
        .row(row(&[
            t("HW-05"), t("Contractor insolvency delays the capital programme"), t("Main term contractor under financial strain."),
            t("Head of Highways"), t("3 - Possible"), t("4 - Major"), score(11, 3, 4), t("Amber"),
            t("Monthly financial checks on the contractor; performance bond"),
            t("Prepare a contingency framework with two reserve contractors"), t("Commercial Lead"), d(2026, 11, 30),
            d(2026, 10, 20), t("A thriving county"), t("Contractual"),
        ]))
        .row(row(&[
            t("HW-06"), t("Flood damage to the highway network"), t("More frequent intense rainfall overwhelms drainage."),
            t("Drainage Engineer"), t("4 - Likely"), t("4 - Major"), score(12, 4, 4), t("Very High"),
            t("Gully cleansing programme; flood response plan"), t("Update the flood response plan with the Environment Agency"),
            t("Drainage Engineer"), d(2027, 1, 31), d(2026, 7, 15), t("A greener county"), t("Environmental"),
        ]));
    layout = layout.merge(0, 0, 0, 14).merge(1, 0, 1, 14);
    layout.freeze_below = Some(5);
    layout
}

/// Waste: a two-row header with merged group labels over L, I and Score, dates typed as
/// UK text. Mistakes: current above inherent on WS-02 (I8); no planned actions for a
/// current score of 16 on WS-03 (N9); a US-order date on WS-04 (P10); WS-05's action
/// was due at the end of September (P11).
pub fn waste() -> SheetLayout {
    let scored = |l1: u8, i1: u8, l2: u8, i2: u8, l3: u8, i3: u8| -> Vec<Cell> {
        vec![
            n(l1.into()),
            n(i1.into()),
            n((l1 * i1).into()),
            n(l2.into()),
            n(i2.into()),
            n((l2 * i2).into()),
            n(l3.into()),
            n(i3.into()),
            n((l3 * i3).into()),
        ]
    };
    let line =
        |id: &str, title: &str, owner: &str, scores: Vec<Cell>, rest: &[&str]| -> Vec<Cell> {
            let mut cells = texts(&[id, title, owner]);
            cells.extend(scores);
            cells.extend(texts(rest));
            cells
        };
    let mut layout = SheetLayout::new("Waste Risks")
        .bold_row(texts(&["Waste and Recycling: Risk Register"]))
        .row(texts(&["Directorate: Economy and Environment"]))
        .row(texts(&["Service: Waste and Recycling"]))
        .row(vec![])
        .bold_row(texts(&[
            "Ref",
            "Risk",
            "Owner",
            "Inherent Risk",
            "",
            "",
            "Current Risk",
            "",
            "",
            "Target Risk",
            "",
            "",
            "Existing Controls",
            "Planned Actions",
            "Action By",
            "Due Date",
            "Date Reviewed",
        ]))
        .bold_row(texts(&[
            "", "", "", "L", "I", "Score", "L", "I", "Score", "L", "I", "Score",
        ]))
        .row(line(
            "WS-01",
            "Recycling contract price increase",
            "Waste Manager",
            scored(4, 4, 3, 4, 2, 3),
            &[
                "Price review clause; budget reserve",
                "Retender with index-linked pricing",
                "Procurement Officer",
                "31/03/2027",
                "14/10/2026",
            ],
        ))
        .row(line(
            "WS-02",
            "Fly-tipping enforcement backlog",
            "Enforcement Lead",
            scored(3, 3, 4, 3, 2, 2),
            &[
                "Two enforcement officers; CCTV at hotspots",
                "Recruit a third officer",
                "Enforcement Lead",
                "28/02/2027",
                "21/10/2026",
            ],
        ))
        .row(line(
            "WS-03",
            "Household waste site closed by fire",
            "Waste Manager",
            scored(4, 5, 4, 4, 2, 4),
            &[
                "Fire detection; daily housekeeping checks",
                "",
                "",
                "",
                "02/10/2026",
            ],
        ))
        .row(line(
            "WS-04",
            "Vehicle breakdowns disrupt collections",
            "Fleet Manager",
            scored(4, 3, 3, 3, 2, 3),
            &[
                "Preventive maintenance; two spare vehicles",
                "Replace the six oldest vehicles",
                "Fleet Manager",
                "10/31/2026",
                "30/09/2026",
            ],
        ))
        .row(line(
            "WS-05",
            "Food waste collection roll-out delayed",
            "Waste Manager",
            scored(3, 4, 3, 3, 2, 2),
            &[
                "Project board; government grant secured",
                "Confirm the depot works programme",
                "Project Manager",
                "30/09/2026",
                "15/10/2026",
            ],
        ));
    for column in [0u16, 1, 2, 12, 13, 14, 15, 16] {
        layout = layout.merge(4, column, 5, column);
    }
    layout = layout
        .merge(4, 3, 4, 5)
        .merge(4, 6, 4, 8)
        .merge(4, 9, 4, 11);
    layout.freeze_below = Some(5);
    layout
}

/// Planning: a CSV export with the header on row 1 and other names for the columns,
/// and a review frequency for each risk (PL-04's quarterly, so its review in August is
/// not overdue). Mistakes: likelihood 6 on PL-02 (D3); no lead officer on PL-03 (C4).
pub fn planning() -> SheetLayout {
    SheetLayout::new("planning")
        .row(texts(&[
            "Risk No",
            "Risk",
            "Lead Officer",
            "Probability",
            "Severity",
            "Total Score",
            "Rating",
            "Mitigation",
            "Mitigating Actions",
            "Action Lead",
            "Completion Date",
            "Date of Last Review",
            "Review Frequency",
        ]))
        .row(texts(&[
            "PL-01",
            "Local Plan found unsound at examination",
            "Head of Planning",
            "3",
            "5",
            "15",
            "Red",
            "Evidence base refreshed; counsel reviews each chapter",
            "Commission an independent soundness review",
            "Planning Policy Manager",
            "2027-01-31",
            "2026-10-05",
            "Monthly",
        ]))
        .row(texts(&[
            "PL-02",
            "Costs awarded against the council at appeal",
            "Development Manager",
            "6",
            "3",
            "18",
            "Very High",
            "Planning committee training; legal advice on refusals",
            "Review of overturned officer recommendations",
            "Development Manager",
            "2026-12-31",
            "2026-10-05",
            "Monthly",
        ]))
        .row(texts(&[
            "PL-03",
            "Loss of planning officers to the private sector",
            "",
            "3",
            "3",
            "9",
            "Red",
            "Market supplement for senior planners",
            "Introduce a career grade scheme",
            "HR Business Partner",
            "2027-03-31",
            "2026-10-12",
            "Monthly",
        ]))
        .row(texts(&[
            "PL-04",
            "Major applications determined late",
            "Development Manager",
            "2",
            "3",
            "6",
            "Amber",
            "Weekly monitoring of the 13-week target",
            "",
            "",
            "",
            "2026-08-20",
            "Quarterly",
        ]))
}

/// Adult social care: risks and opportunities in one register with a Type column, the
/// directorate and service written in one cell each ("Service: Adult Social Care"),
/// and an action plan sheet beside it. Mistakes: "High-ish" likelihood on ASC-04 (F8);
/// a #REF! score on ASC-06 (H10); on the action plan, ASC-02's discharge-to-assess
/// action past its date (E3) and an action for ASC-08, which is not on the register
/// (B5).
pub fn adult_social_care() -> Vec<SheetLayout> {
    let line = |id: &str,
                kind: &str,
                title: &str,
                cause: &str,
                owner: &str,
                l: &str,
                i: &str,
                score: Cell,
                rating: &str,
                rest: &[Cell]| {
        let mut cells = texts(&[id, kind, title, cause, owner, l, i]);
        cells.push(score);
        cells.push(t(rating));
        cells.extend(rest.iter().cloned());
        cells
    };
    let mut register = SheetLayout::new("ASC Register")
        .bold_row(texts(&["Directorate: Adults and Communities"]))
        .row(texts(&["Service: Adult Social Care"]))
        .row(vec![])
        .bold_row(texts(&[
            "Risk ID",
            "Type",
            "Risk/Opportunity",
            "Cause and Effect",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Risk Score",
            "Risk Rating",
            "Current Controls",
            "Further Actions",
            "Action Owner",
            "Action Due",
            "Last Reviewed",
            "Status",
        ]))
        .row(line(
            "ASC-01",
            "Risk",
            "Care market provider failure",
            "Rising costs push small providers out of the market.",
            "Director of Adult Services",
            "Likely",
            "Major",
            n(16.0),
            "Very High",
            &[
                t("Market position statement; provider sustainability fund"),
                t("Develop in-house reablement capacity"),
                t("Commissioning Lead"),
                d(2026, 12, 31),
                d(2026, 10, 16),
                t("Open"),
            ],
        ))
        .row(line(
            "ASC-02",
            "Risk",
            "Delays discharging people from hospital",
            "Shortage of home care packages.",
            "Head of Operations",
            "Possible",
            "Moderate",
            n(9.0),
            "High",
            &[
                t("Daily discharge calls with the hospital trust"),
                t("Trusted assessor pilot"),
                t("Head of Operations"),
                d(2027, 1, 31),
                d(2026, 10, 16),
                t("Open"),
            ],
        ))
        .row(line(
            "ASC-03",
            "Opportunity",
            "Technology-enabled care reduces home care hours",
            "Sensors and telecare allow lighter packages.",
            "Head of Commissioning",
            "Likely",
            "Major",
            n(16.0),
            "Very High",
            &[
                t("Pilot in two localities"),
                t("Extend to all localities"),
                t("Head of Commissioning"),
                d(2027, 3, 31),
                d(2026, 10, 9),
                t("Open"),
            ],
        ))
        .row(line(
            "ASC-04",
            "Risk",
            "Backlog of Deprivation of Liberty assessments",
            "Assessor vacancies and rising referrals.",
            "DoLS Manager",
            "High-ish",
            "Major",
            n(12.0),
            "High",
            &[
                t("Prioritisation tool; agency assessors"),
                t("Recruit two best interest assessors"),
                t("DoLS Manager"),
                d(2027, 1, 31),
                d(2026, 10, 9),
                t("Open"),
            ],
        ))
        .row(line(
            "ASC-05",
            "Opportunity",
            "Expanding the Shared Lives scheme",
            "Lower cost, better outcomes than residential care.",
            "Service Manager",
            "Possible",
            "Moderate",
            n(9.0),
            "High",
            &[
                t("Recruitment campaign for carers"),
                t("Target 20 new carers"),
                t("Service Manager"),
                d(2027, 3, 31),
                d(2026, 10, 9),
                t("Open"),
            ],
        ))
        .row(line(
            "ASC-06",
            "Risk",
            "Shortfall in client income collection",
            "Financial assessments not completed promptly.",
            "Finance Business Partner",
            "Unlikely",
            "Moderate",
            f("=F10*#REF!", "#REF!"),
            "Medium",
            &[
                t("Monthly debt reports"),
                t(""),
                t(""),
                Cell::Blank,
                d(2026, 10, 2),
                t("Open"),
            ],
        ))
        .row(line(
            "ASC-07",
            "Risk",
            "Dispute over a closed care home contract",
            "Settled in March.",
            "Head of Commissioning",
            "Rare",
            "Minor",
            n(2.0),
            "Low",
            &[
                t("Settlement agreed"),
                t(""),
                t(""),
                Cell::Blank,
                d(2026, 3, 1),
                t("Closed"),
            ],
        ));
    register.freeze_below = Some(3);
    // The actions' detail, a row each, keyed by the risk's ID.
    let plan = SheetLayout::new("Action Plan")
        .bold_row(texts(&[
            "Action ID",
            "Risk ID",
            "Action",
            "Action Owner",
            "Target Date",
            "Progress",
        ]))
        .row(vec![
            t("A1"),
            t("ASC-01"),
            t("Cost of care exercise with providers"),
            t("Commissioning Lead"),
            d(2027, 1, 31),
            t("On track"),
        ])
        .row(vec![
            t("A2"),
            t("ASC-02"),
            t("Discharge-to-assess beds in two care homes"),
            t("Head of Operations"),
            d(2026, 9, 30),
            t("Delayed: homes not yet contracted"),
        ])
        .row(vec![
            t("A3"),
            t("ASC-02"),
            t("Retender the home care framework"),
            t("Commissioning Lead"),
            d(2026, 8, 31),
            t("Complete"),
        ])
        .row(vec![
            t("A4"),
            t("ASC-08"),
            t("Winter pressures plan with the hospital trust"),
            t("Head of Operations"),
            d(2026, 11, 30),
            t("Not started"),
        ]);
    let guidance = SheetLayout::new("Guidance")
        .bold_row(texts(&["How to complete this register"]))
        .row(texts(&["Score likelihood and impact from 1 to 5 using the council's criteria; the score is likelihood x impact."]))
        .row(texts(&["Review every risk monthly and record the date in Last Reviewed."]));
    let mut lists = SheetLayout::new("Lists")
        .row(texts(&["Rare", "Insignificant", "Open"]))
        .row(texts(&["Unlikely", "Minor", "Closed"]))
        .row(texts(&["Possible", "Moderate"]))
        .row(texts(&["Likely", "Major"]))
        .row(texts(&["Almost certain", "Significant"]));
    lists.hidden = true;
    vec![register, plan, guidance, lists]
}

/// Housing (saved as .xls): header on row 1, short names (L, I, LxI). Mistakes: HO-02
/// used twice (A4); Risk Level High for a score of 6 (G5).
pub fn housing() -> SheetLayout {
    let line =
        |id: &str, title: &str, owner: &str, l: u8, i: u8, level: &str, r: u32, rest: &[Cell]| {
            let mut cells = texts(&[id, title, owner]);
            cells.extend([
                n(l.into()),
                n(i.into()),
                f(&format!("=D{r}*E{r}"), l * i),
                t(level),
            ]);
            cells.extend(rest.iter().cloned());
            cells
        };
    SheetLayout::new("Housing")
        .bold_row(texts(&[
            "ID",
            "Risk Description",
            "Responsible Officer",
            "L",
            "I",
            "LxI",
            "Risk Level",
            "Existing Controls",
            "Actions",
            "Action Owner",
            "Action Due",
            "Review Date",
            "Status",
        ]))
        .row(line(
            "HO-01",
            "Temporary accommodation costs exceed budget",
            "Head of Housing",
            4,
            4,
            "Very High",
            2,
            &[
                t("Weekly placement panel"),
                t("Buy 20 homes for temporary accommodation"),
                t("Head of Housing"),
                d(2027, 3, 31),
                d(2026, 10, 12),
                t("Open"),
            ],
        ))
        .row(line(
            "HO-02",
            "Disrepair claims from council tenants",
            "Housing Manager",
            3,
            3,
            "High",
            3,
            &[
                t("Damp and mould taskforce"),
                t("Stock condition survey"),
                t("Housing Manager"),
                d(2026, 12, 31),
                d(2026, 10, 12),
                t("Open"),
            ],
        ))
        .row(line(
            "HO-02",
            "Homelessness prevention grant reduced",
            "Head of Housing",
            3,
            4,
            "High",
            4,
            &[
                t("Grant spend monitored monthly"),
                t("Bid to the rough sleeping fund"),
                t("Housing Options Manager"),
                d(2027, 1, 31),
                d(2026, 10, 12),
                t("Open"),
            ],
        ))
        .row(line(
            "HO-04",
            "Void properties not re-let promptly",
            "Lettings Manager",
            2,
            3,
            "High",
            5,
            &[
                t("Void turnaround target of 20 days"),
                t(""),
                t(""),
                Cell::Blank,
                d(2026, 10, 19),
                t("Open"),
            ],
        ))
        .row(line(
            "HO-05",
            "Housing register software unsupported",
            "Housing Systems Lead",
            2,
            2,
            "Medium",
            6,
            &[
                t("Replaced in June"),
                t(""),
                t(""),
                Cell::Blank,
                d(2026, 6, 30),
                t("Closed"),
            ],
        ))
}

/// Education (saved as .ods): a title, the block in label | value pairs, header on
/// row 3 with a Target Score. Mistakes: target 12 above current 9 on ED-02 (H5); last
/// review in December on ED-03 (M6).
pub fn education() -> SheetLayout {
    let line = |id: &str,
                title: &str,
                owner: &str,
                l: u8,
                i: u8,
                rating: &str,
                target: u8,
                rest: &[Cell]| {
        let mut cells = texts(&[id, title, owner]);
        cells.extend([
            n(l.into()),
            n(i.into()),
            n((l * i).into()),
            t(rating),
            n(target.into()),
        ]);
        cells.extend(rest.iter().cloned());
        cells
    };
    SheetLayout::new("Education")
        .bold_row(texts(&["Children and Families: Education Risk Register"]))
        .row(texts(&[
            "Service:",
            "Education",
            "Directorate:",
            "Children and Families",
        ]))
        .bold_row(texts(&[
            "Risk ID",
            "Risk",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Risk Rating",
            "Target Score",
            "Controls",
            "Further Actions",
            "Action Owner",
            "Action Due",
            "Last Reviewed",
        ]))
        .row(line(
            "ED-01",
            "SEND transport costs keep rising",
            "Head of SEND",
            5,
            4,
            "Very High",
            12,
            &[
                t("Route optimisation; independent travel training"),
                t("Retender contracts in clusters"),
                t("Transport Manager"),
                d(2027, 3, 31),
                d(2026, 10, 20),
            ],
        ))
        .row(line(
            "ED-02",
            "Not enough school places in growth areas",
            "School Organisation Manager",
            3,
            3,
            "High",
            12,
            &[
                t("Annual place planning"),
                t("Expand two primary schools"),
                t("School Organisation Manager"),
                d(2027, 8, 31),
                d(2026, 10, 20),
            ],
        ))
        .row(line(
            "ED-03",
            "Local area SEND inspection judged inadequate",
            "Director of Children's Services",
            3,
            5,
            "High",
            10,
            &[
                t("SEND improvement board"),
                t("Deliver the written statement of action"),
                t("Head of SEND"),
                d(2027, 6, 30),
                d(2026, 12, 12),
            ],
        ))
        .row(line(
            "ED-04",
            "School improvement grant ends",
            "Head of Education",
            2,
            2,
            "Medium",
            2,
            &[
                t("Traded service offer to schools"),
                t(""),
                t(""),
                Cell::Blank,
                d(2026, 10, 6),
            ],
        ))
}

/// Children's safeguarding: "Likely (4)" labels, a labelled block, and RISKS /
/// OPPORTUNITIES section rows instead of a type column. Mistake: no owner on CS-04 (C10).
pub fn safeguarding() -> SheetLayout {
    let line = |id: &str,
                title: &str,
                owner: &str,
                l: &str,
                i: &str,
                score: u8,
                rag: &str,
                rest: &[Cell]| {
        let mut cells = texts(&[id, title, owner, l, i]);
        cells.extend([n(score.into()), t(rag)]);
        cells.extend(rest.iter().cloned());
        cells
    };
    let mut layout = SheetLayout::new("Register")
        .bold_row(texts(&["Wyvern Vale Council"]))
        .bold_row(texts(&[
            "Children's Safeguarding: Risk and Opportunity Register",
        ]))
        .row(texts(&["Service:", "Children's Safeguarding"]))
        .row(texts(&["Directorate:", "Children and Families"]))
        .bold_row(texts(&[
            "Ref",
            "Risk Title",
            "Risk Owner",
            "Probability",
            "Consequence",
            "Total Score",
            "RAG Status",
            "Controls in Place",
            "Further Actions Required",
            "Action Lead",
            "Deadline",
            "Date of Last Review",
        ]))
        .bold_row(texts(&["RISKS"]))
        .row(line(
            "CS-01",
            "More children in care than placements available",
            "Head of Safeguarding",
            "Likely (4)",
            "Major (4)",
            16,
            "Very High",
            &[
                t("Placement sufficiency strategy; weekly panel"),
                t("Open two in-house children's homes"),
                t("Head of Safeguarding"),
                d(2027, 3, 31),
                d(2026, 10, 22),
            ],
        ))
        .row(line(
            "CS-02",
            "Social worker vacancies above 20%",
            "Principal Social Worker",
            "Almost certain (5)",
            "Moderate (3)",
            15,
            "Red",
            &[
                t("Recruitment and retention package"),
                t("Grow-your-own social work academy"),
                t("Principal Social Worker"),
                d(2027, 1, 31),
                d(2026, 10, 22),
            ],
        ))
        .row(line(
            "CS-03",
            "Use of unregistered children's homes",
            "Head of Safeguarding",
            "Possible (3)",
            "Major (4)",
            12,
            "Red",
            &[
                t("Director sign-off for every placement"),
                t("Regional commissioning framework"),
                t("Commissioning Lead"),
                d(2027, 2, 28),
                d(2026, 10, 22),
            ],
        ))
        .row(line(
            "CS-04",
            "Child protection conferences held late",
            "",
            "Possible (3)",
            "Moderate (3)",
            9,
            "Red",
            &[
                t("Weekly tracking of conference dates"),
                t("Add a third conference chair"),
                t("Safeguarding Manager"),
                d(2026, 12, 31),
                d(2026, 10, 22),
            ],
        ))
        .bold_row(texts(&["OPPORTUNITIES"]))
        .row(line(
            "CS-05",
            "Family hubs funding extends early help",
            "Early Help Manager",
            "Likely (4)",
            "Moderate (3)",
            12,
            "Red",
            &[
                t("Hubs open in three towns"),
                t("Open hubs in the remaining two towns"),
                t("Early Help Manager"),
                d(2027, 3, 31),
                d(2026, 10, 22),
            ],
        ));
    layout.freeze_below = Some(4);
    layout
}

/// The officer directory: posts that may own risks. "DoLS Manager" is missing on purpose.
pub fn officers() -> SheetLayout {
    let posts = [
        "Head of Highways",
        "Highways Asset Manager",
        "Street Lighting Engineer",
        "Drainage Engineer",
        "Waste Manager",
        "Enforcement Lead",
        "Fleet Manager",
        "Head of Planning",
        "Development Manager",
        "Director of Adult Services",
        "Head of Operations",
        "Head of Commissioning",
        "Service Manager",
        "Finance Business Partner",
        "Head of Housing",
        "Housing Manager",
        "Lettings Manager",
        "Housing Systems Lead",
        "Head of SEND",
        "School Organisation Manager",
        "Director of Children's Services",
        "Head of Education",
        "Head of Safeguarding",
        "Principal Social Worker",
        "Early Help Manager",
    ];
    let mut layout = SheetLayout::new("officers").row(texts(&["Post", "Directorate"]));
    for post in posts {
        layout = layout.row(texts(&[post, ""]));
    }
    layout
}

/// The definitions library, and the corporate plan's priorities on a sheet of their own.
/// Mistake: no data owner for WS-PI-02 (L7).
pub fn definitions() -> Vec<SheetLayout> {
    let mut library = SheetLayout::new("Definitions").bold_row(texts(&[
        "Indicator ID",
        "Indicator Name",
        "Definition",
        "Unit",
        "Polarity",
        "Frequency",
        "Statutory",
        "Numerator",
        "Denominator",
        "Decimal Places",
        "Amber Tolerance",
        "Data Owner",
        "Corporate Priority",
    ]));
    let rows: [[&str; 13]; 10] = [
        [
            "ASC-PI-01",
            "Adults receiving a review in the year",
            "Long-term service users reviewed in the last 12 months as a share of all long-term service users",
            "Percentage",
            "Higher is better",
            "Monthly",
            "Yes",
            "Users reviewed",
            "Long-term users",
            "1",
            "5%",
            "Head of Operations",
            "Supporting people to live well",
        ],
        [
            "ASC-PI-02",
            "Delayed transfers of care (days per 100,000)",
            "Days delayed in hospital attributable to social care per 100,000 adults",
            "Rate",
            "Lower is better",
            "Monthly",
            "Yes",
            "Delayed days",
            "Adult population",
            "1",
            "5%",
            "Head of Operations",
            "Supporting people to live well",
        ],
        [
            "HW-PI-01",
            "Potholes repaired within 28 days",
            "Category 2 potholes repaired within 28 days of being reported",
            "Percentage",
            "Higher is better",
            "Monthly",
            "No",
            "Potholes repaired within 28 days",
            "Potholes reported",
            "1",
            "5%",
            "Highways Asset Manager",
            "Safe and connected communities",
        ],
        [
            "HW-PI-02",
            "Principal roads where maintenance should be considered",
            "Share of the A-road network in red condition (SCANNER survey)",
            "Percentage",
            "Lower is better",
            "Annual",
            "Yes",
            "",
            "",
            "1",
            "5%",
            "Highways Asset Manager",
            "Safe and connected communities",
        ],
        [
            "HW-MS-01",
            "Highway asset management plan approved by Cabinet",
            "The highway asset management plan for 2027 to 2032 approved by Cabinet",
            "Milestone",
            "",
            "Annual",
            "No",
            "",
            "",
            "",
            "",
            "Highways Asset Manager",
            "Safe and connected communities",
        ],
        [
            "WS-PI-01",
            "Household waste recycled",
            "Household waste sent for reuse, recycling or composting",
            "Percentage",
            "Higher is better",
            "Quarterly",
            "Yes",
            "Tonnes recycled",
            "Tonnes collected",
            "1",
            "5%",
            "Waste Manager",
            "A greener county",
        ],
        [
            "WS-PI-02",
            "Missed bins per 100,000 collections",
            "Collections reported missed per 100,000 scheduled",
            "Number",
            "Lower is better",
            "Monthly",
            "No",
            "",
            "",
            "0",
            "10%",
            // Planted: no one named to answer for its figures.
            "",
            "A greener county",
        ],
        [
            "CS-PI-01",
            "Child protection plans reviewed on time",
            "Child protection plans reviewed within timescales",
            "Percentage",
            "Higher is better",
            "Monthly",
            "Yes",
            "Reviews on time",
            "Reviews due",
            "1",
            "5%",
            "Head of Safeguarding",
            "Safe and connected communities",
        ],
        [
            "CS-PI-02",
            "Children in care with three or more placements",
            "Children looked after with three or more placements in the year",
            "Percentage",
            "Lower is better",
            "Quarterly",
            "Yes",
            "",
            "",
            "1",
            "5%",
            "Head of Safeguarding",
            "Safe and connected communities",
        ],
        [
            "ED-PI-01",
            "EHC plans issued within 20 weeks",
            "New education, health and care plans issued within 20 weeks, excluding exceptions",
            "Percentage",
            "Higher is better",
            "Monthly",
            "Yes",
            "Plans issued in 20 weeks",
            "Plans issued",
            "1",
            "5%",
            "Head of SEND",
            "A thriving county",
        ],
    ];
    for row in rows {
        library = library.row(texts(&row));
    }
    library.freeze_below = Some(0);
    let priorities = SheetLayout::new("Priorities")
        .bold_row(texts(&["Corporate Priority"]))
        .row(texts(&["A thriving county"]))
        .row(texts(&["Safe and connected communities"]))
        .row(texts(&["A greener county"]))
        .row(texts(&["Supporting people to live well"]));
    vec![library, priorities]
}

/// Highways indicators, long layout (a row per month) with numerator and denominator.
/// Mistakes: July's 91.0 is not 176 / 200 (F8); August reported Amber when 84 against
/// 90 is Red (H9); September is Red with no commentary (I10), and its direction of
/// travel says "Improving" as it fell from 84 to 80 (J10); the milestone due by
/// 30/09/2026 is not achieved (F12).
pub fn highways_indicators() -> SheetLayout {
    let mut layout = SheetLayout::new("Indicators")
        .bold_row(texts(&["Highways: Performance Indicators 2026/27"]))
        .row(texts(&["Service:", "Highways"]))
        .row(vec![])
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Numerator",
            "Denominator",
            "Actual",
            "Target",
            "RAG",
            "Commentary",
            "Direction of Travel",
            "Corporate Priority",
        ]));
    let months: [(&str, f64, f64, f64, &str, &str, &str); 7] = [
        ("Apr-26", 180.0, 200.0, 90.0, "Green", "", ""),
        ("May-26", 171.0, 190.0, 90.0, "Green", "", "No change"),
        ("Jun-26", 186.0, 200.0, 93.0, "Green", "", "Improving"),
        ("Jul-26", 176.0, 200.0, 91.0, "Green", "", "Worsening"),
        (
            "Aug-26",
            168.0,
            200.0,
            84.0,
            "Amber",
            "Resurfacing crews diverted to flood repairs",
            "Worsening",
        ),
        ("Sep-26", 160.0, 200.0, 80.0, "Red", "", "Improving"),
        ("Oct-26", 182.0, 200.0, 91.0, "Green", "", "Improving"),
    ];
    for (period, numerator, denominator, actual, rag, commentary, direction) in months {
        layout = layout.row(vec![
            t("HW-PI-01"),
            t("Potholes repaired within 28 days"),
            t(period),
            n(numerator),
            n(denominator),
            n(actual),
            n(90.0),
            t(rag),
            t(commentary),
            t(direction),
            t("Safe and connected communities"),
        ]);
    }
    layout.row(vec![
        t("HW-MS-01"),
        t("Highway asset management plan approved by Cabinet"),
        t("Oct-26"),
        Cell::Blank,
        Cell::Blank,
        t("Not achieved"),
        d(2026, 9, 30),
        t("Amber"),
        t("Cabinet report moved to December for the new condition survey"),
        Cell::Blank,
        t("Safe and connected communities"),
    ])
}

/// Waste indicators, wide layout by quarter with one Target column and no RAG column:
/// each quarter's value is coloured in its status instead. Mistakes: WS-PI-01's Q1 52.4
/// against 55 is coloured green but is Amber (F4); no Q2 value for WS-PI-01 (G4);
/// WS-PI-09 is not in the library (A5) and cites "A greener country", not a plan
/// priority (K5).
pub fn waste_indicators() -> SheetLayout {
    SheetLayout::new("KPIs")
        .bold_row(texts(&["Waste and Recycling: quarterly indicators"]))
        .row(texts(&["Service: Waste and Recycling"]))
        .bold_row(texts(&[
            "KPI Code",
            "Measure",
            "Unit",
            "Good Performance Is",
            "Target",
            "Q1",
            "Q2",
            "Q3",
            "Q4",
            "Commentary",
            "Corporate Priority",
        ]))
        .row(vec![
            t("WS-PI-01"),
            t("Household waste recycled"),
            t("%"),
            t("Higher is better"),
            n(55.0),
            n(52.4),
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
            t("Garden waste tonnage down in a dry summer"),
            t("A greener county"),
        ])
        .row(vec![
            t("WS-PI-09"),
            t("Bulky waste collected within 10 days"),
            t("%"),
            t("Higher is better"),
            n(95.0),
            n(96.0),
            n(97.0),
            Cell::Blank,
            Cell::Blank,
            t(""),
            t("A greener country"),
        ])
        .fill(3, 5, "#00B050")
        .fill(4, 5, "#00B050")
        .fill(4, 6, "#00B050")
}

/// Adult social care indicators, wide layout by month with percentages stored as
/// fractions (0.62 shown as 62%). Mistakes: ASC-PI-02's polarity says higher is better
/// where the library says lower (C5); August's 41.0 is far outside its series (I5) and
/// is Red with no commentary (L5).
pub fn adult_social_care_indicators() -> SheetLayout {
    let mut first = vec![
        t("ASC-PI-01"),
        t("Adults receiving a review in the year"),
        t("Higher is better"),
        Cell::Percent(0.75),
    ];
    first.extend([0.62, 0.64, 0.66, 0.69, 0.71, 0.73, 0.76].map(Cell::Percent));
    first.push(t("Review backlog from the pandemic being cleared; on trajectory to reach the target by March"));
    let mut second = vec![
        t("ASC-PI-02"),
        t("Delayed transfers of care (days per 100,000)"),
        t("Higher is better"),
        n(9.0),
    ];
    second.extend([8.1, 7.9, 8.3, 8.0, 41.0, 8.2, 7.7].map(n));
    second.push(t(""));
    SheetLayout::new("Monthly")
        .bold_row(texts(&["Adult Social Care: monthly indicators"]))
        .row(texts(&["Service: Adult Social Care"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Polarity",
            "Target",
            "Apr-26",
            "May-26",
            "Jun-26",
            "Jul-26",
            "Aug-26",
            "Sep-26",
            "Oct-26",
            "Commentary",
        ]))
        .row(first)
        .row(second)
}

/// Children's indicators, a long CSV export with a service column. Mistakes: July's 104%
/// for CS-PI-01 (E5); no target for ED-PI-01 in September (F14).
pub fn childrens_indicators() -> SheetLayout {
    let mut layout = SheetLayout::new("childrens-indicators").row(texts(&[
        "Service",
        "PI Ref",
        "Indicator",
        "Month",
        "Actual",
        "Target",
        "RAG",
        "Comments",
    ]));
    let months = [
        "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026",
    ];
    for (month, actual) in months
        .iter()
        .zip(["96", "98", "97", "104", "95", "97", "99"])
    {
        layout = layout.row(texts(&[
            "Children's Safeguarding",
            "CS-PI-01",
            "Child protection plans reviewed on time",
            month,
            actual,
            "95",
            "Green",
            "",
        ]));
    }
    let send: [(&str, &str, &str, &str); 7] = [
        (
            "48",
            "60",
            "Red",
            "Backlog from educational psychologist vacancies",
        ),
        (
            "52",
            "60",
            "Red",
            "Backlog from educational psychologist vacancies",
        ),
        ("55", "60", "Red", "Two locum psychologists started in June"),
        ("50", "60", "Red", "Summer peak in requests"),
        ("58", "60", "Amber", "Improving as the backlog clears"),
        (
            "61",
            "",
            "",
            "Target to be confirmed after the SEND inspection",
        ),
        ("63", "60", "Green", ""),
    ];
    for (month, (actual, target, rag, comment)) in months.iter().zip(send) {
        layout = layout.row(texts(&[
            "Education",
            "ED-PI-01",
            "EHC plans issued within 20 weeks",
            month,
            actual,
            target,
            rag,
            comment,
        ]));
    }
    layout
}

/// A problem writing the samples.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// Writing an .xlsx failed.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

fn fail(path: &Path, error: impl std::fmt::Display) -> SampleError {
    SampleError::Write {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// Write the samples made here (.xlsx and .csv) under `dir`. With `sources_for_conversion`,
/// also write the housing and education layouts as .xlsx beside where their .xls and .ods go.
pub fn build(dir: &Path, sources_for_conversion: bool) -> Result<Vec<PathBuf>, SampleError> {
    let mut written = Vec::new();
    let mut xlsx = |relative: &str, sheets: &[SheetLayout]| -> Result<(), SampleError> {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        write_xlsx(&path, sheets).map_err(|e| fail(&path, e))?;
        written.push(path);
        Ok(())
    };
    xlsx(paths::HIGHWAYS, &[highways()])?;
    xlsx(paths::WASTE, &[waste()])?;
    xlsx(paths::ADULT_SOCIAL_CARE, &adult_social_care())?;
    xlsx(paths::SAFEGUARDING, &[safeguarding()])?;
    xlsx(paths::DEFINITIONS, &definitions())?;
    xlsx(paths::HIGHWAYS_INDICATORS, &[highways_indicators()])?;
    xlsx(paths::WASTE_INDICATORS, &[waste_indicators()])?;
    xlsx(
        paths::ADULT_SOCIAL_CARE_INDICATORS,
        &[adult_social_care_indicators()],
    )?;
    if sources_for_conversion {
        xlsx(&paths::HOUSING.replace(".xls", ".xlsx"), &[housing()])?;
        xlsx(&paths::EDUCATION.replace(".ods", ".xlsx"), &[education()])?;
    }
    for (relative, layout) in [
        (paths::PLANNING, planning()),
        (paths::OFFICERS, officers()),
        (paths::CHILDRENS_INDICATORS, childrens_indicators()),
    ] {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        write_csv(&path, &layout).map_err(|e| fail(&path, e))?;
        written.push(path);
    }
    Ok(written)
}
