//! Security incidents and the notices the law requires after one: from the facts of an incident
//! (when it was discovered, under which laws its subjects fall, how many, whether the risk to them
//! is high), every notification duty that applies, each with its recipient, period, calendar,
//! language and article.
//!
//! The rule table follows `../shared/legal/deadlines.md`, "Breach / incident notification". Where
//! a law says "immediately" or "without undue delay" and sets no period, Tutela starts a clock of a
//! default period and says so in the duty's label (`default_for`), so the clock is honest about
//! being the operator's target rather than the law's.
//!
//! A duty that runs from another notice (California's Attorney General gets a sample within 15
//! days of the residents being told) names it in `follows`: its clock starts when that notice is
//! recorded as sent.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::clock::{Clock, ClockSpec, DueSoonPermille};
use crate::deadline::Roll;
use crate::request::Jurisdiction;

/// Most subjects an incident may be estimated to touch (a bound on input, not on reality).
pub const MAX_ESTIMATED_SUBJECTS: u64 = 10_000_000_000;
/// How far in the future a discovery instant may lie before it is refused, for clocks that
/// disagree by a little.
pub const MAX_CLOCK_SKEW_S: i64 = 300;
/// The clock kind prefix of incident notices: `incident.<jurisdiction>.<duty>`.
pub const INCIDENT_CLOCK_KIND_PREFIX: &str = "incident";
/// California's Attorney General gets a sample notice when more residents than this are told
/// (Civ. Code §1798.82(f)).
const US_CA_AG_THRESHOLD: u64 = 500;

/// Who a notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// A supervisory authority (Roskomnadzor, the CPDP, the CAC, the Data Protection Board, ANPD).
    Regulator,
    /// The subjects whose data was affected.
    Subjects,
    /// California's Attorney General.
    AttorneyGeneral,
}

impl Recipient {
    /// `regulator`, `subjects` or `attorney_general`.
    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Regulator => "regulator",
            Recipient::Subjects => "subjects",
            Recipient::AttorneyGeneral => "attorney_general",
        }
    }
}

/// The facts of an incident that decide which notices are due (stored with the incident, so the
/// duties can be derived again).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IncidentFacts {
    /// When the operator became aware of it: every clock runs from here.
    pub discovered_at: Timestamp,
    /// The laws its subjects fall under (from the data map).
    pub jurisdictions: Vec<Jurisdiction>,
    /// How many subjects it may touch.
    pub estimated_subjects: u64,
    /// Whether it is likely to result in a high risk to the subjects (GDPR art. 34(1)); when not,
    /// the GDPR and PIPL notices to subjects are not required.
    pub high_risk: bool,
    /// China's CAC measures: an incident of "relatively large" scale or above (4 h to the provincial
    /// CAC).
    pub cn_large_scale: bool,
    /// China's CAC measures: it touches critical information infrastructure (1 h).
    pub critical_infrastructure: bool,
    /// The operator's country (ISO 3166-1 alpha-2), which decides the GDPR's lead authority and
    /// the language of its notice.
    pub operator_country: String,
    /// The operator's own promise to tell subjects within this many days (seed 000: 30), if any.
    pub promise_days: Option<u32>,
}

/// Why incident facts were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidIncident {
    /// Discovered after now (beyond [`MAX_CLOCK_SKEW_S`]).
    #[error("discovered_at {0} is in the future: an incident is registered once it has been discovered")]
    DiscoveredInFuture(Timestamp),
    /// No jurisdiction: no notice could be derived.
    #[error("no jurisdiction: name at least one law whose subjects the incident touches")]
    NoJurisdiction,
    /// More subjects than [`MAX_ESTIMATED_SUBJECTS`].
    #[error("estimated_subjects {0} is more than {MAX_ESTIMATED_SUBJECTS}")]
    TooManySubjects(u64),
    /// A promise of no days, or of more than a year.
    #[error("promise_days {0} is out of range 1..=365")]
    Promise(u32),
    /// A clock could not be started (a period the calendar cannot count).
    #[error("cannot start the clock of {key}: {reason}")]
    Clock {
        /// The duty.
        key: String,
        /// Why.
        reason: String,
    },
}

/// One notice the law (or the operator's promise) requires after an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDuty {
    /// Unique within an incident: `<jurisdiction>.<what>`, e.g. `ru_152fz.first_notice`.
    pub key: String,
    /// The law, or `None` for the operator's own promise.
    pub jurisdiction: Option<Jurisdiction>,
    /// Who is told.
    pub recipient: Recipient,
    /// The authority by name, for regulator notices.
    pub authority: &'static str,
    /// The period, as `DurationSpec` text (`24 hours`, `3 working days`).
    pub period: String,
    /// The calendar the period counts on.
    pub calendar: &'static str,
    /// The language the notice is drafted in (a Tutela locale).
    pub language: &'static str,
    /// The article that requires it.
    pub article: &'static str,
    /// What is due, as a clock's label says it.
    pub what: &'static str,
    /// The law's own words when it sets no period (`without undue delay`): the period is Tutela's
    /// default for it.
    pub default_for: Option<&'static str>,
    /// The duty whose notice starts this one's clock, if it does not run from discovery.
    pub follows: Option<String>,
}

impl NoticeDuty {
    /// The clock of this duty, started at `from` (discovery, or when the notice it follows was
    /// sent); the database sets its subject reference to the incident's.
    pub fn clock(&self, from: Timestamp) -> Result<ClockSpec, InvalidIncident> {
        let fail = |reason: String| InvalidIncident::Clock { key: self.key.clone(), reason };
        let calendar = crate::calendar::builtin(self.calendar).ok_or_else(|| fail("no such calendar".into()))?;
        let duration = self.period.parse().map_err(|e: crate::deadline::DurationError| fail(e.to_string()))?;
        let clock = Clock::start(from, duration, calendar, Roll::Off, DueSoonPermille::default())
            .map_err(|e| fail(e.to_string()))?;
        let default = self.default_for.map_or(String::new(), |words| format!("\"{words}\": Tutela's default; "));
        let label = format!("{} within {} ({default}{})", self.what, self.period, self.article);
        Ok(ClockSpec { kind: format!("{INCIDENT_CLOCK_KIND_PREFIX}.{}", self.key), label, subject_ref: None, clock })
    }
}

impl fmt::Display for NoticeDuty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} within {} ({})", self.key, self.what, self.period, self.article)
    }
}

/// Checks the facts: discovered by `now`, at least one law, bounded numbers.
pub fn check(facts: &IncidentFacts, now: Timestamp) -> Result<(), InvalidIncident> {
    if facts.discovered_at > now + SignedDuration::from_secs(MAX_CLOCK_SKEW_S) {
        return Err(InvalidIncident::DiscoveredInFuture(facts.discovered_at));
    }
    if facts.jurisdictions.is_empty() {
        return Err(InvalidIncident::NoJurisdiction);
    }
    if facts.estimated_subjects > MAX_ESTIMATED_SUBJECTS {
        return Err(InvalidIncident::TooManySubjects(facts.estimated_subjects));
    }
    if let Some(days) = facts.promise_days.filter(|days| !(1..=365).contains(days)) {
        return Err(InvalidIncident::Promise(days));
    }
    Ok(())
}

/// Every notice due after an incident with `facts`, in the order of the jurisdictions given, then
/// the operator's promise.
pub fn duties(facts: &IncidentFacts) -> Vec<NoticeDuty> {
    let mut duties = Vec::new();
    let mut seen = Vec::new();
    for &jurisdiction in &facts.jurisdictions {
        if seen.contains(&jurisdiction) {
            continue;
        }
        seen.push(jurisdiction);
        duties.extend(duties_under(jurisdiction, facts));
    }
    if let Some(days) = facts.promise_days {
        duties.push(NoticeDuty {
            key: "operator.subjects".into(),
            jurisdiction: None,
            recipient: Recipient::Subjects,
            authority: "",
            period: format!("{days} days"),
            calendar: "24x7",
            language: "en",
            article: "the operator's own privacy policy",
            what: "Tell the affected subjects, as the privacy policy promises,",
            default_for: None,
            follows: None,
        });
    }
    duties
}

/// One row of the rule table, its fields in the order a reader checks them against the law.
#[allow(clippy::too_many_arguments)]
fn duty(
    jurisdiction: Jurisdiction,
    what_key: &str,
    recipient: Recipient,
    authority: &'static str,
    period: &str,
    language: &'static str,
    article: &'static str,
    what: &'static str,
) -> NoticeDuty {
    NoticeDuty {
        key: format!("{}.{what_key}", jurisdiction.as_str()),
        jurisdiction: Some(jurisdiction),
        recipient,
        authority,
        period: period.to_owned(),
        calendar: "24x7",
        language,
        article,
        what,
        default_for: None,
        follows: None,
    }
}

fn duties_under(jurisdiction: Jurisdiction, facts: &IncidentFacts) -> Vec<NoticeDuty> {
    use Recipient::{AttorneyGeneral, Regulator, Subjects};
    match jurisdiction {
        Jurisdiction::EuGdpr => {
            // The lead supervisory authority is the one of the operator's main establishment; the
            // Bulgarian CPDP takes notices in Bulgarian.
            let (authority, language) = match facts.operator_country.to_ascii_uppercase().as_str() {
                "BG" => ("Commission for Personal Data Protection (CPDP)", "bg"),
                _ => ("the lead supervisory authority", "en"),
            };
            let mut list = vec![duty(
                jurisdiction,
                "regulator",
                Regulator,
                authority,
                "72 hours",
                language,
                "GDPR art. 33(1)",
                "Notify the supervisory authority of the personal data breach",
            )];
            if facts.high_risk {
                let mut subjects = duty(
                    jurisdiction,
                    "subjects",
                    Subjects,
                    "",
                    "72 hours",
                    language,
                    "GDPR art. 34(1)",
                    "Tell the affected subjects of the personal data breach",
                );
                subjects.default_for = Some("without undue delay");
                list.push(subjects);
            }
            list
        }
        Jurisdiction::Ru152fz => vec![
            duty(
                jurisdiction,
                "first_notice",
                Regulator,
                "Roskomnadzor",
                "24 hours",
                "ru",
                "152-FZ art. 21(3.1)(1)",
                "Send Roskomnadzor the first notice of the incident",
            ),
            duty(
                jurisdiction,
                "investigation",
                Regulator,
                "Roskomnadzor",
                "72 hours",
                "ru",
                "152-FZ art. 21(3.1)(2)",
                "Send Roskomnadzor the results of the internal investigation",
            ),
        ],
        Jurisdiction::CnPipl => {
            let authority = "the provincial Cyberspace Administration (CAC)";
            let (period, default_for, article) = if facts.critical_infrastructure {
                ("1 hours", None, "CAC incident-reporting measures (from 1 Nov 2025), critical infrastructure")
            } else if facts.cn_large_scale {
                ("4 hours", None, "CAC incident-reporting measures (from 1 Nov 2025), relatively large scale")
            } else {
                ("24 hours", Some("immediately"), "PIPL art. 57")
            };
            let mut first = duty(
                jurisdiction,
                "regulator",
                Regulator,
                authority,
                period,
                "zh-CN",
                article,
                "Report the incident to the authority",
            );
            first.default_for = default_for;
            let mut list = vec![first];
            if facts.cn_large_scale || facts.critical_infrastructure {
                list.push(duty(
                    jurisdiction,
                    "summary",
                    Regulator,
                    authority,
                    "30 days",
                    "zh-CN",
                    "CAC incident-reporting measures (from 1 Nov 2025)",
                    "Send the authority the incident's summary report",
                ));
            }
            if facts.high_risk {
                let mut subjects = duty(
                    jurisdiction,
                    "subjects",
                    Subjects,
                    "",
                    "24 hours",
                    "zh-CN",
                    "PIPL art. 57",
                    "Tell the affected individuals",
                );
                subjects.default_for = Some("immediately");
                list.push(subjects);
            }
            list
        }
        Jurisdiction::InDpdp => {
            let board = "the Data Protection Board of India";
            let mut first = duty(
                jurisdiction,
                "board",
                Regulator,
                board,
                "24 hours",
                "en",
                "DPDP Rules 2025, rule 7(2)(a)",
                "Inform the Board of the breach",
            );
            first.default_for = Some("without delay");
            let mut subjects = duty(
                jurisdiction,
                "subjects",
                Subjects,
                "",
                "72 hours",
                "en",
                "DPDP Rules 2025, rule 7(1)",
                "Tell every affected Data Principal",
            );
            subjects.default_for = Some("without delay");
            let report = duty(
                jurisdiction,
                "report",
                Regulator,
                board,
                "72 hours",
                "en",
                "DPDP Rules 2025, rule 7(2)(b)",
                "Send the Board the detailed report",
            );
            vec![first, report, subjects]
        }
        Jurisdiction::UsCaCcpa => {
            let residents = duty(
                jurisdiction,
                "subjects",
                Subjects,
                "",
                "30 days",
                "en",
                "Cal. Civ. Code §1798.82(a) (from 1 Jan 2026)",
                "Notify the affected California residents",
            );
            let mut list = vec![residents];
            if facts.estimated_subjects > US_CA_AG_THRESHOLD {
                let mut ag = duty(
                    jurisdiction,
                    "attorney_general",
                    AttorneyGeneral,
                    "the California Attorney General",
                    "15 days",
                    "en",
                    "Cal. Civ. Code §1798.82(f) (from 1 Jan 2026)",
                    "Submit a sample of the residents' notice to the Attorney General",
                );
                ag.follows = Some(format!("{}.subjects", jurisdiction.as_str()));
                list.push(ag);
            }
            list
        }
        Jurisdiction::BrLgpd => {
            // Business days; Tutela has no Brazilian calendar yet, so they count on the EU's
            // weekdays (holidays of Brazil not excluded: the clock errs early, never late).
            let mut anpd = duty(
                jurisdiction,
                "regulator",
                Regulator,
                "ANPD",
                "3 working days",
                "en",
                "ANPD Resolution 15/2024 art. 6",
                "Notify ANPD of the security incident",
            );
            anpd.calendar = "eu";
            let mut subjects = duty(
                jurisdiction,
                "subjects",
                Subjects,
                "",
                "3 working days",
                "en",
                "ANPD Resolution 15/2024 art. 9",
                "Tell the affected data subjects",
            );
            subjects.calendar = "eu";
            vec![anpd, subjects]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(jurisdictions: &[Jurisdiction]) -> IncidentFacts {
        IncidentFacts {
            discovered_at: "2026-12-04T09:00:00Z".parse().unwrap(),
            jurisdictions: jurisdictions.to_vec(),
            estimated_subjects: 1200,
            high_risk: true,
            cn_large_scale: false,
            critical_infrastructure: false,
            operator_country: "BG".into(),
            promise_days: None,
        }
    }

    fn keys(duties: &[NoticeDuty]) -> Vec<&str> {
        duties.iter().map(|d| d.key.as_str()).collect()
    }

    #[test]
    fn russian_and_eu_subjects_start_the_24_h_72_h_and_gdpr_clocks() {
        let duties = duties(&facts(&[Jurisdiction::Ru152fz, Jurisdiction::EuGdpr]));
        assert_eq!(
            keys(&duties),
            ["ru_152fz.first_notice", "ru_152fz.investigation", "eu_gdpr.regulator", "eu_gdpr.subjects"]
        );
        let due = |key: &str| {
            let duty = duties.iter().find(|d| d.key == key).unwrap();
            duty.clock(facts(&[]).discovered_at).unwrap().clock.due().to_string()
        };
        assert_eq!(due("ru_152fz.first_notice"), "2026-12-05T09:00:00Z");
        assert_eq!(due("ru_152fz.investigation"), "2026-12-07T09:00:00Z");
        assert_eq!(due("eu_gdpr.regulator"), "2026-12-07T09:00:00Z");
        let gdpr = &duties[2];
        assert_eq!((gdpr.language, gdpr.authority), ("bg", "Commission for Personal Data Protection (CPDP)"));
        assert_eq!(duties[0].language, "ru");
        let label = duties[3].clock(facts(&[]).discovered_at).unwrap().label;
        assert!(
            label.contains("\"without undue delay\": Tutela's default") && label.contains("GDPR art. 34(1)"),
            "{label}"
        );
    }

    #[test]
    fn low_risk_needs_no_notice_to_subjects_and_other_countries_write_in_english() {
        let mut low = facts(&[Jurisdiction::EuGdpr, Jurisdiction::CnPipl]);
        low.high_risk = false;
        low.operator_country = "DE".into();
        let duties = duties(&low);
        assert_eq!(keys(&duties), ["eu_gdpr.regulator", "cn_pipl.regulator"]);
        assert_eq!(duties[0].language, "en");
        assert_eq!((duties[1].period.as_str(), duties[1].default_for), ("24 hours", Some("immediately")));
    }

    #[test]
    fn china_s_scale_sets_the_hours_and_adds_the_summary() {
        let mut large = facts(&[Jurisdiction::CnPipl]);
        large.cn_large_scale = true;
        let duties = duties(&large);
        assert_eq!(keys(&duties), ["cn_pipl.regulator", "cn_pipl.summary", "cn_pipl.subjects"]);
        assert_eq!(duties[0].period, "4 hours");
        large.critical_infrastructure = true;
        assert_eq!(super::duties(&large)[0].period, "1 hours");
    }

    #[test]
    fn california_s_attorney_general_follows_the_residents_notice_above_500() {
        let duties = duties(&facts(&[Jurisdiction::UsCaCcpa]));
        assert_eq!(keys(&duties), ["us_ca_ccpa.subjects", "us_ca_ccpa.attorney_general"]);
        assert_eq!(duties[1].follows.as_deref(), Some("us_ca_ccpa.subjects"));
        let mut few = facts(&[Jurisdiction::UsCaCcpa]);
        few.estimated_subjects = 500;
        assert_eq!(keys(&super::duties(&few)), ["us_ca_ccpa.subjects"]);
    }

    #[test]
    fn india_brazil_and_the_operator_s_promise() {
        let mut all = facts(&[Jurisdiction::InDpdp, Jurisdiction::BrLgpd, Jurisdiction::InDpdp]);
        all.promise_days = Some(30);
        let duties = duties(&all);
        assert_eq!(
            keys(&duties),
            [
                "in_dpdp.board",
                "in_dpdp.report",
                "in_dpdp.subjects",
                "br_lgpd.regulator",
                "br_lgpd.subjects",
                "operator.subjects"
            ]
        );
        let from = all.discovered_at;
        // Friday 4 Dec 2026 + 3 working days = the end of Wednesday 9 Dec, Brussels time.
        let anpd = duties[3].clock(from).unwrap();
        assert_eq!(anpd.clock.due().to_string(), "2026-12-09T22:59:59Z");
        assert_eq!(duties[5].period, "30 days");
        for duty in &duties {
            duty.clock(from).unwrap_or_else(|e| panic!("{duty}: {e}"));
        }
    }

    #[test]
    fn bad_facts_are_refused_with_what_was_wrong() {
        let now: Timestamp = "2026-12-04T10:00:00Z".parse().unwrap();
        let mut future = facts(&[Jurisdiction::EuGdpr]);
        future.discovered_at = "2026-12-05T10:00:00Z".parse().unwrap();
        assert!(check(&future, now).unwrap_err().to_string().contains("in the future"));
        assert_eq!(check(&facts(&[]), now), Err(InvalidIncident::NoJurisdiction));
        let mut promise = facts(&[Jurisdiction::EuGdpr]);
        promise.promise_days = Some(0);
        assert_eq!(check(&promise, now), Err(InvalidIncident::Promise(0)));
        assert_eq!(check(&facts(&[Jurisdiction::EuGdpr]), now), Ok(()));
    }
}
