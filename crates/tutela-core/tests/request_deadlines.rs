//! Every row of the request rule table, with a due date computed by hand from the built-in calendar
//! files (`data/calendars/*.toml`); the reasoning is written beside each case. Working days start the
//! day after receipt; days and months end at 23:59:59 local on their date, moved to the next working
//! day when that is a day off; an extended period is counted from receipt.

use jiff::Timestamp;
use tutela_core::calendar::{Calendar, builtin};
use tutela_core::request::{
    self, ExtensionRefused, Jurisdiction, Milestone, RULES, RequestRuleError, RequestType, RuleKind, closing_rule,
};

use Jurisdiction::{BrLgpd, CnPipl, EuGdpr, InDpdp, Ru152fz, UsCaCcpa};
use Milestone::{Acknowledge, Answer, Block, Destroy, Stop};
use RequestType::{
    Access, AccountClosure, Complaint, Erasure, Objection, Portability, Rectification, Restriction, Withdrawal,
};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn calendar(id: &str) -> &'static Calendar {
    builtin(id).unwrap_or_else(|| panic!("calendar {id} is built in"))
}

/// One hand-computed deadline.
struct Case {
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    milestone: Milestone,
    calendar: &'static str,
    received: &'static str,
    extended: bool,
    due: &'static str,
    rolled: bool,
}

#[allow(clippy::too_many_arguments)]
const fn case(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    milestone: Milestone,
    calendar: &'static str,
    received: &'static str,
    extended: bool,
    due: &'static str,
    rolled: bool,
) -> Case {
    Case { jurisdiction, request_type, milestone, calendar, received, extended, due, rolled }
}

const PLAIN: bool = false;
const EXTENDED: bool = true;
const ROLLED: bool = true;
const KEPT: bool = false;

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ---- EU GDPR on Bulgaria's calendar (Europe/Sofia: +02:00, summer time +03:00 from the last
    // Sunday of March to the last Sunday of October). One month; extended, three months from receipt.

    // Fri 31 Jan 2025 + 1 month = 31 Feb, clamped to Fri 28 Feb, a working day. Extended: 31 Apr,
    // clamped to Wed 30 Apr (Good Friday 18 and Easter Monday 21 Apr are before it; 1 May after).
    case(EuGdpr, Access, Answer, "bg", "2025-01-31T10:00:00+02:00", PLAIN, "2025-02-28T23:59:59+02:00", KEPT),
    case(EuGdpr, Access, Answer, "bg", "2025-01-31T10:00:00+02:00", EXTENDED, "2025-04-30T23:59:59+03:00", KEPT),
    // Wed 31 Jan 2024 (a leap year) + 1 month = Thu 29 Feb. Extended: Tue 30 Apr 2024 (Orthodox Easter
    // is 5 May that year; 1, 3 and 6 May are off, 30 Apr is not).
    case(EuGdpr, Portability, Answer, "bg", "2024-01-31T09:00:00+02:00", PLAIN, "2024-02-29T23:59:59+02:00", KEPT),
    case(EuGdpr, Portability, Answer, "bg", "2024-01-31T09:00:00+02:00", EXTENDED, "2024-04-30T23:59:59+03:00", KEPT),
    // Received Wed 24 Dec 2025 (Christmas Eve, a holiday: receipt still counts from that date) + 1
    // month = Sat 24 Jan 2026 -> Mon 26 Jan. Extended: Tue 24 Mar 2026, before summer time.
    case(EuGdpr, Rectification, Answer, "bg", "2025-12-24T10:00:00+02:00", PLAIN, "2026-01-26T23:59:59+02:00", ROLLED),
    case(EuGdpr, Rectification, Answer, "bg", "2025-12-24T10:00:00+02:00", EXTENDED, "2026-03-24T23:59:59+02:00", KEPT),
    // Tue 10 Mar 2026 + 1 month = Fri 10 Apr, Good Friday; Sat 11, Sun 12, Easter Monday 13 off ->
    // Tue 14 Apr (+03:00). Extended: Wed 10 Jun 2026.
    case(EuGdpr, Restriction, Answer, "bg", "2026-03-10T11:00:00+02:00", PLAIN, "2026-04-14T23:59:59+03:00", ROLLED),
    case(EuGdpr, Restriction, Answer, "bg", "2026-03-10T11:00:00+02:00", EXTENDED, "2026-06-10T23:59:59+03:00", KEPT),
    // Sat 31 Jan 2026 + 1 month = 31 Feb, clamped to Sat 28 Feb; Sun 1 Mar -> Mon 2 Mar (Liberation
    // Day is Tue 3 Mar). Extended: 31 Apr, clamped to Thu 30 Apr 2026, a working day: counted from
    // receipt, not from 2 Mar (which would give Sat 2 May -> Mon 4 May).
    case(EuGdpr, Erasure, Answer, "bg", "2026-01-31T12:00:00+02:00", PLAIN, "2026-03-02T23:59:59+02:00", ROLLED),
    case(EuGdpr, Erasure, Answer, "bg", "2026-01-31T12:00:00+02:00", EXTENDED, "2026-04-30T23:59:59+03:00", KEPT),
    // Fri 7 Aug 2026 + 1 month = Mon 7 Sep, Unification Day (observed) -> Tue 8 Sep. Extended: Sat 7
    // Nov 2026 -> Mon 9 Nov, in winter time (+02:00).
    case(EuGdpr, Objection, Answer, "bg", "2026-08-07T10:00:00+03:00", PLAIN, "2026-09-08T23:59:59+03:00", ROLLED),
    case(EuGdpr, Objection, Answer, "bg", "2026-08-07T10:00:00+03:00", EXTENDED, "2026-11-09T23:59:59+02:00", ROLLED),
    // Sat 28 Nov 2026 + 1 month = Mon 28 Dec, Christmas (observed) -> Tue 29 Dec. No extension.
    case(EuGdpr, Withdrawal, Destroy, "bg", "2026-11-28T10:00:00+02:00", PLAIN, "2026-12-29T23:59:59+02:00", ROLLED),
    // Fri 30 Apr 2027 (Good Friday) + 1 month = Sun 30 May -> Mon 31 May. Extended: Fri 30 Jul 2027.
    case(EuGdpr, AccountClosure, Answer, "bg", "2027-04-30T10:00:00+03:00", PLAIN, "2027-05-31T23:59:59+03:00", ROLLED),
    case(EuGdpr, AccountClosure, Answer, "bg", "2027-04-30T10:00:00+03:00", EXTENDED, "2027-07-30T23:59:59+03:00", KEPT),

    // ---- Russia, 152-FZ, on the production calendar (Europe/Moscow, +03:00). ru.toml covers 2027
    // (decree No. 1187 of 17.09.2026): Thu 31 Dec 2026 is off (transferred from Sun 3 Jan), 1-8 Jan
    // 2027 are the New Year holidays, so the first working day of 2027 is Mon 11 Jan.

    // Wed 30 Dec 2026, 16:00: 31 Dec and 1-10 Jan off; Mon 11 (1), 12 (2), 13 (3), 14 (4), Fri 15 (5),
    // Mon 18 (6), 19 (7), 20 (8), 21 (9), Fri 22 Jan (10). Extended by 5: Mon 25 (11) ... Fri 29 (15).
    case(Ru152fz, Access, Answer, "ru", "2026-12-30T16:00:00+03:00", PLAIN, "2027-01-22T23:59:59+03:00", KEPT),
    case(Ru152fz, Access, Answer, "ru", "2026-12-30T16:00:00+03:00", EXTENDED, "2027-01-29T23:59:59+03:00", KEPT),
    // Tue 29 Dec 2026: Wed 30 Dec (1), then the holidays, Mon 11 (2) ... Fri 15 (6), Mon 18 Jan (7).
    case(Ru152fz, Rectification, Answer, "ru", "2026-12-29T11:00:00+03:00", PLAIN, "2027-01-18T23:59:59+03:00", KEPT),
    // At once: due at receipt, even on Tue 5 Jan 2027, a holiday.
    case(Ru152fz, Restriction, Block, "ru", "2027-01-05T12:00:00+03:00", PLAIN, "2027-01-05T12:00:00+03:00", KEPT),
    // Thu 18 Feb 2027; Sat 20 Feb is worked (for Mon 22), 22 and 23 Feb are off. Stop: Fri 19 (1), Sat
    // 20 (2), Wed 24 (3). Destroy: Thu 25 (4), Fri 26 (5), Mon 1 Mar (6) ... Fri 5 Mar (10); 8 Mar
    // (International Women's Day) is after it.
    case(Ru152fz, Erasure, Stop, "ru", "2027-02-18T10:00:00+03:00", PLAIN, "2027-02-24T23:59:59+03:00", KEPT),
    case(Ru152fz, Erasure, Destroy, "ru", "2027-02-18T10:00:00+03:00", PLAIN, "2027-03-05T23:59:59+03:00", KEPT),
    // Wed 28 Apr 2027: Thu 29 (1), Fri 30 (2, short), Mon 3 May off, Tue 4 (3) ... Fri 7 (6), Mon 10
    // May off, Tue 11 (7) ... Fri 14 May (10). Extended: Mon 17 (11) ... Fri 21 May (15).
    case(Ru152fz, Objection, Stop, "ru", "2027-04-28T15:00:00+03:00", PLAIN, "2027-05-14T23:59:59+03:00", KEPT),
    case(Ru152fz, Objection, Stop, "ru", "2027-04-28T15:00:00+03:00", EXTENDED, "2027-05-21T23:59:59+03:00", KEPT),
    // Wed 2 Dec 2026 + 30 days = Fri 1 Jan 2027, a holiday; 2-10 Jan off -> Mon 11 Jan.
    case(Ru152fz, Withdrawal, Destroy, "ru", "2026-12-02T09:00:00+03:00", PLAIN, "2027-01-11T23:59:59+03:00", ROLLED),
    // Fri 14 May 2027 + 30 days = Sun 13 Jun; Mon 14 Jun is Russia Day (observed) -> Tue 15 Jun.
    case(Ru152fz, AccountClosure, Destroy, "ru", "2027-05-14T10:00:00+03:00", PLAIN, "2027-06-15T23:59:59+03:00", ROLLED),

    // ---- China, PIPL, 15 working days (a configurable default) on the State Council calendar
    // (Asia/Shanghai, +08:00). 2026: National Day 1-7 Oct off (1, 2, 5, 6, 7 holidays, 3-4 the
    // weekend), Sun 20 Sep and Sat 10 Oct worked, Fri 25 Sep (Mid-Autumn) off.

    // Mon 28 Sep 2026: Tue 29 (1), Wed 30 (2), 1-7 Oct off, Thu 8 (3), Fri 9 (4), Sat 10 (5, worked),
    // Mon 12 (6) ... Fri 16 (10), Mon 19 (11) ... Fri 23 Oct (15).
    case(CnPipl, Access, Answer, "cn", "2026-09-28T10:00:00+08:00", PLAIN, "2026-10-23T23:59:59+08:00", KEPT),
    // Sat 19 Sep 2026: Sun 20 (1, worked), Mon 21 (2) ... Thu 24 (5), Fri 25 off, Mon 28 (6), 29 (7),
    // 30 (8), Thu 8 Oct (9), Fri 9 (10), Sat 10 (11), Mon 12 (12) ... Thu 15 Oct (15).
    case(CnPipl, Portability, Answer, "cn", "2026-09-19T15:00:00+08:00", PLAIN, "2026-10-15T23:59:59+08:00", KEPT),
    // 2025: 1-8 Oct off, Sun 28 Sep and Sat 11 Oct worked. Fri 26 Sep: Sun 28 (1), 29 (2), 30 (3),
    // Thu 9 Oct (4), Fri 10 (5), Sat 11 (6), Mon 13 (7) ... Fri 17 (11), Mon 20 (12) ... Thu 23 (15).
    case(CnPipl, Rectification, Answer, "cn", "2025-09-26T10:00:00+08:00", PLAIN, "2025-10-23T23:59:59+08:00", KEPT),
    // Spring Festival 2026: 16-20 and 23 Feb off, Sat 14 and Sat 28 Feb worked. Fri 13 Feb: Sat 14
    // (1), Tue 24 (2) ... Fri 27 (5), Sat 28 (6), Mon 2 Mar (7) ... Fri 6 (11), Mon 9 (12) ... Thu 12 (15).
    case(CnPipl, Restriction, Answer, "cn", "2026-02-13T17:30:00+08:00", PLAIN, "2026-03-12T23:59:59+08:00", KEPT),
    // Labour Day 2026: 1, 4, 5 May off, Sat 9 May worked. Thu 30 Apr: Wed 6 May (1), Thu 7 (2), Fri 8
    // (3), Sat 9 (4), Mon 11 (5) ... Fri 15 (9), Mon 18 (10) ... Fri 22 (14), Mon 25 May (15).
    case(CnPipl, Erasure, Destroy, "cn", "2026-04-30T09:00:00+08:00", PLAIN, "2026-05-25T23:59:59+08:00", KEPT),
    // New Year 2026: 1-2 Jan off, Sun 4 Jan worked. Wed 31 Dec 2025: Sun 4 (1), Mon 5 (2) ... Fri 9
    // (6), Mon 12 (7) ... Fri 16 (11), Mon 19 (12) ... Thu 22 Jan (15).
    case(CnPipl, Objection, Stop, "cn", "2025-12-31T16:00:00+08:00", PLAIN, "2026-01-22T23:59:59+08:00", KEPT),
    // Dragon Boat 2026: Fri 19 Jun off. Wed 10 Jun: Thu 11 (1), Fri 12 (2), Mon 15 (3) ... Thu 18 (6),
    // Mon 22 (7) ... Fri 26 (11), Mon 29 (12), Tue 30 (13), Wed 1 Jul (14), Thu 2 Jul (15).
    case(CnPipl, Withdrawal, Destroy, "cn", "2026-06-10T12:00:00+08:00", PLAIN, "2026-07-02T23:59:59+08:00", KEPT),
    // Fri 9 Oct 2026, 20:00: Sat 10 (1, worked), Mon 12 (2) ... Fri 16 (6), Mon 19 (7) ... Fri 23
    // (11), Mon 26 (12) ... Thu 29 Oct (15).
    case(CnPipl, AccountClosure, Destroy, "cn", "2026-10-09T20:00:00+08:00", PLAIN, "2026-10-29T23:59:59+08:00", KEPT),

    // ---- India, DPDP, 90 days (a configurable default) on the central-government calendar
    // (Asia/Kolkata, +05:30).

    // Sat 4 Jul 2026 + 90 days = Fri 2 Oct, Gandhi Jayanti; Sat 3, Sun 4 -> Mon 5 Oct.
    case(InDpdp, Access, Answer, "in", "2026-07-04T11:00:00+05:30", PLAIN, "2026-10-05T23:59:59+05:30", ROLLED),
    // Thu 28 May 2026 + 90 days = Wed 26 Aug, Milad-un-Nabi -> Thu 27 Aug.
    case(InDpdp, Rectification, Answer, "in", "2026-05-28T10:00:00+05:30", PLAIN, "2026-08-27T23:59:59+05:30", ROLLED),
    // Thu 1 Jan 2026 + 90 days = Wed 1 Apr (Mahavir Jayanti is 31 Mar), a working day.
    case(InDpdp, Erasure, Destroy, "in", "2026-01-01T09:00:00+05:30", PLAIN, "2026-04-01T23:59:59+05:30", KEPT),
    // Sat 26 Sep 2026 + 90 days = Fri 25 Dec, Christmas; Sat 26, Sun 27 -> Mon 28 Dec.
    case(InDpdp, AccountClosure, Destroy, "in", "2026-09-26T14:00:00+05:30", PLAIN, "2026-12-28T23:59:59+05:30", ROLLED),
    // Sun 1 Mar 2026 + 90 days = Sat 30 May; Sun 31 -> Mon 1 Jun.
    case(InDpdp, Complaint, Answer, "in", "2026-03-01T10:00:00+05:30", PLAIN, "2026-06-01T23:59:59+05:30", ROLLED),

    // ---- California, CCPA, on the state's working days (America/Los_Angeles: -08:00, summer time
    // -07:00 from the second Sunday of March to the first Sunday of November). Acknowledge within 10
    // business days; answer within 45 calendar days; extended, 90 calendar days from receipt.

    // Fri 20 Nov 2026. Acknowledge: Mon 23 (1), 24 (2), Wed 25 (3), Thanksgiving 26-27 off, Mon 30 (4),
    // Tue 1 Dec (5) ... Fri 4 (8), Mon 7 (9), Tue 8 Dec (10). Answer: 20 Nov + 45 days = Mon 4 Jan
    // 2027 (1 Jan is off, 4 Jan is not). Extended: + 90 days = Thu 18 Feb 2027 (Presidents' Day is
    // Mon 15 Feb).
    case(UsCaCcpa, Access, Acknowledge, "us-ca", "2026-11-20T10:00:00-08:00", PLAIN, "2026-12-08T23:59:59-08:00", KEPT),
    case(UsCaCcpa, Access, Answer, "us-ca", "2026-11-20T10:00:00-08:00", PLAIN, "2027-01-04T23:59:59-08:00", KEPT),
    case(UsCaCcpa, Access, Answer, "us-ca", "2026-11-20T10:00:00-08:00", EXTENDED, "2027-02-18T23:59:59-08:00", KEPT),
    // Fri 7 Mar 2025, before summer time (9 Mar). Acknowledge: Mon 10 (1) ... Fri 14 (5), Mon 17 (6)
    // ... Fri 21 Mar (10), in summer time. Answer: + 45 days = Mon 21 Apr (Cesar Chavez Day, 31 Mar,
    // is before it). Extended: + 90 days = Thu 5 Jun 2025.
    case(UsCaCcpa, Portability, Acknowledge, "us-ca", "2025-03-07T16:00:00-08:00", PLAIN, "2025-03-21T23:59:59-07:00", KEPT),
    case(UsCaCcpa, Portability, Answer, "us-ca", "2025-03-07T16:00:00-08:00", PLAIN, "2025-04-21T23:59:59-07:00", KEPT),
    case(UsCaCcpa, Portability, Answer, "us-ca", "2025-03-07T16:00:00-08:00", EXTENDED, "2025-06-05T23:59:59-07:00", KEPT),
    // Wed 19 May 2027. Acknowledge: Thu 20 (1), Fri 21 (2), Mon 24 (3) ... Fri 28 (7), Memorial Day
    // Mon 31 off, Tue 1 Jun (8), Wed 2 (9), Thu 3 Jun (10). Answer: + 45 days = Sat 3 Jul; Sun 4, and
    // Mon 5 Jul (Independence Day observed) off -> Tue 6 Jul. Extended: + 90 days = Tue 17 Aug 2027.
    case(UsCaCcpa, Rectification, Acknowledge, "us-ca", "2027-05-19T12:00:00-07:00", PLAIN, "2027-06-03T23:59:59-07:00", KEPT),
    case(UsCaCcpa, Rectification, Answer, "us-ca", "2027-05-19T12:00:00-07:00", PLAIN, "2027-07-06T23:59:59-07:00", ROLLED),
    case(UsCaCcpa, Rectification, Answer, "us-ca", "2027-05-19T12:00:00-07:00", EXTENDED, "2027-08-17T23:59:59-07:00", KEPT),
    // Fri 19 Dec 2025. Acknowledge: Mon 22 (1), 23 (2), Wed 24 (3), Christmas off, Fri 26 (4), Mon 29
    // (5), 30 (6), Wed 31 (7), New Year's Day off, Fri 2 Jan (8), Mon 5 (9), Tue 6 Jan 2026 (10).
    // Answer: + 45 days = Mon 2 Feb 2026. Extended: + 90 days = Thu 19 Mar 2026, in summer time.
    case(UsCaCcpa, Erasure, Acknowledge, "us-ca", "2025-12-19T17:00:00-08:00", PLAIN, "2026-01-06T23:59:59-08:00", KEPT),
    case(UsCaCcpa, Erasure, Answer, "us-ca", "2025-12-19T17:00:00-08:00", PLAIN, "2026-02-02T23:59:59-08:00", KEPT),
    case(UsCaCcpa, Erasure, Answer, "us-ca", "2025-12-19T17:00:00-08:00", EXTENDED, "2026-03-19T23:59:59-07:00", KEPT),
    // Fri 6 Nov 2026, opt-out: Mon 9 (1), Tue 10 (2), Veterans Day Wed 11 off, Thu 12 (3), Fri 13 (4),
    // Mon 16 (5) ... Fri 20 (9), Mon 23 (10), Tue 24 (11), Wed 25 (12), Thanksgiving 26-27 off, Mon 30
    // (13), Tue 1 Dec (14), Wed 2 Dec (15).
    case(UsCaCcpa, Objection, Stop, "us-ca", "2026-11-06T12:00:00-08:00", PLAIN, "2026-12-02T23:59:59-08:00", KEPT),
    // Fri 29 Jan 2027. Acknowledge: Mon 1 Feb (1) ... Fri 5 (5), Mon 8 (6) ... Fri 12 Feb (10), before
    // Presidents' Day. Answer: + 45 days = Mon 15 Mar 2027, the day after summer time began (-07:00).
    // Extended: + 90 days = Thu 29 Apr 2027.
    case(UsCaCcpa, AccountClosure, Acknowledge, "us-ca", "2027-01-29T10:00:00-08:00", PLAIN, "2027-02-12T23:59:59-08:00", KEPT),
    case(UsCaCcpa, AccountClosure, Answer, "us-ca", "2027-01-29T10:00:00-08:00", PLAIN, "2027-03-15T23:59:59-07:00", KEPT),
    case(UsCaCcpa, AccountClosure, Answer, "us-ca", "2027-01-29T10:00:00-08:00", EXTENDED, "2027-04-29T23:59:59-07:00", KEPT),

    // ---- Brazil, LGPD, on the 24x7 calendar (UTC, every day worked): received Tue 10 Mar 2026,
    // 14:00 in Brasília = 17:00 UTC, the same date; + 15 days = Wed 25 Mar, 23:59:59 UTC.
    case(BrLgpd, Access, Answer, "24x7", "2026-03-10T14:00:00-03:00", PLAIN, "2026-03-25T23:59:59Z", KEPT),
];

fn check(case: &Case) {
    let name = format!(
        "{} {} {} received {}{}",
        case.jurisdiction,
        case.request_type,
        case.milestone.as_str(),
        case.received,
        if case.extended { " extended" } else { "" }
    );
    let calendar = calendar(case.calendar);
    let all = request::milestones(case.jurisdiction, case.request_type, at(case.received), calendar, case.extended)
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    let found = all.iter().find(|due| due.rule.milestone == case.milestone).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(found.deadline.due, at(case.due), "{name}");
    assert_eq!(found.deadline.rolled_to_working_day, case.rolled, "{name}: rolled");
    assert_eq!(found.extended, case.extended, "{name}: extended");
    assert!(!found.deadline.calendar_coverage_exceeded, "{name}: inside the calendar's years");
    assert_eq!(found.calendar_id.as_str(), case.calendar, "{name}");
    // The closing milestone is what `deadline` and `clock` answer.
    if found.rule == closing_rule(case.jurisdiction, case.request_type).unwrap() {
        let closing =
            request::deadline(case.jurisdiction, case.request_type, at(case.received), calendar, case.extended)
                .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(&closing, found, "{name}");
        let clock =
            request::clock(case.jurisdiction, case.request_type, at(case.received), calendar, case.extended, None)
                .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(clock.clock.due(), at(case.due), "{name}: clock");
        assert_eq!(clock.kind, format!("request.{}", case.request_type), "{name}");
        assert!(clock.label.contains(found.rule.article), "{name}: {}", clock.label);
    }
}

#[test]
fn every_hand_computed_case_holds() {
    for case in CASES {
        check(case);
    }
}

#[test]
fn every_row_with_a_period_has_a_hand_computed_case_and_its_extension_one_more() {
    for rule in RULES.iter().filter(|rule| matches!(rule.kind, RuleKind::Period { .. })) {
        let covered = |extended: bool| {
            CASES.iter().any(|case| {
                (case.jurisdiction, case.request_type, case.milestone, case.extended)
                    == (rule.jurisdiction, rule.request_type, rule.milestone, extended)
            })
        };
        let name = format!("{} {} {}", rule.jurisdiction, rule.request_type, rule.milestone.as_str());
        assert!(covered(false), "{name} has no hand-computed case");
        if rule.extension().is_some() {
            assert!(covered(true), "{name} has no hand-computed extended case");
        }
    }
}

/// The pairs without a period: what they answer, by kind.
#[rustfmt::skip]
const WITHOUT_PERIOD: &[(Jurisdiction, RequestType, &str)] = &[
    (EuGdpr, Complaint, "no statutory deadline for complaint requests under eu_gdpr (GDPR art. 77)"),
    (Ru152fz, Portability, "ru_152fz grants no portability right (152-FZ art. 14)"),
    (Ru152fz, Complaint, "no statutory deadline for complaint requests under ru_152fz (152-FZ art. 17)"),
    (CnPipl, Complaint, "no statutory deadline for complaint requests under cn_pipl (PIPL art. 50)"),
    (InDpdp, Portability, "in_dpdp grants no portability right (DPDP Act 2023 ss. 11-13)"),
    (InDpdp, Restriction, "in_dpdp grants no restriction right (DPDP Act 2023 ss. 11-13)"),
    (InDpdp, Objection, "in_dpdp grants no objection right (DPDP Act 2023 ss. 11-13)"),
    (InDpdp, Withdrawal, "no statutory deadline for withdrawal requests under in_dpdp (DPDP Act 2023 s. 6(4))"),
    (UsCaCcpa, Restriction, "no statutory deadline for restriction requests under us_ca_ccpa (Cal. Civ. Code 1798.121)"),
    (UsCaCcpa, Withdrawal, "no statutory deadline for withdrawal requests under us_ca_ccpa (Cal. Civ. Code 1798.120)"),
    (UsCaCcpa, Complaint, "no statutory deadline for complaint requests under us_ca_ccpa (CCPA)"),
    (BrLgpd, Portability, "no statutory deadline for portability requests under br_lgpd (LGPD art. 18, V)"),
    (BrLgpd, Rectification, "no statutory deadline for rectification requests under br_lgpd (LGPD art. 18, III)"),
    (BrLgpd, Restriction, "no statutory deadline for restriction requests under br_lgpd (LGPD art. 18, IV)"),
    (BrLgpd, Erasure, "no statutory deadline for erasure requests under br_lgpd (LGPD art. 18, VI)"),
    (BrLgpd, Objection, "no statutory deadline for objection requests under br_lgpd (LGPD art. 18 §2)"),
    (BrLgpd, Withdrawal, "no statutory deadline for withdrawal requests under br_lgpd (LGPD art. 18, IX)"),
    (BrLgpd, AccountClosure, "no statutory deadline for account closure requests under br_lgpd (LGPD art. 18, VI)"),
    (BrLgpd, Complaint, "no statutory deadline for complaint requests under br_lgpd (LGPD art. 18 §1)"),
];

#[test]
fn rows_without_a_period_are_errors_naming_the_article() {
    let received = at("2026-03-02T10:00:00Z");
    let any_calendar = calendar("24x7");
    for &(jurisdiction, request_type, message) in WITHOUT_PERIOD {
        let error = request::deadline(jurisdiction, request_type, received, any_calendar, false).unwrap_err();
        assert!(error.to_string().starts_with(message), "{jurisdiction} {request_type}: {error}");
        assert!(matches!(error, RequestRuleError::NoSuchRight { .. } | RequestRuleError::NoStatutoryDeadline { .. }));
        let clock = request::clock(jurisdiction, request_type, received, any_calendar, false, None).unwrap_err();
        assert_eq!(clock, error);
    }
    // And every row without a period is listed above.
    for rule in RULES.iter().filter(|rule| !matches!(rule.kind, RuleKind::Period { .. })) {
        assert!(
            WITHOUT_PERIOD.iter().any(|&(j, t, _)| (j, t) == (rule.jurisdiction, rule.request_type)),
            "{} {} has no case",
            rule.jurisdiction,
            rule.request_type
        );
    }
}

#[test]
fn gdpr_counts_on_the_member_states_calendar() {
    // No default: the calendar must be given.
    let error = EuGdpr.default_calendar().unwrap_err();
    assert!(matches!(error, RequestRuleError::CalendarRequired { jurisdiction: EuGdpr, .. }));
    // The same objection: Mon 7 Sep 2026 is Bulgaria's Unification Day (-> Tue 8 Sep) but a working
    // day on the plain EU week (Europe/Brussels, +02:00 in summer).
    let received = at("2026-08-07T10:00:00+03:00");
    let bg = request::deadline(EuGdpr, Objection, received, calendar("bg"), false).unwrap();
    let eu = request::deadline(EuGdpr, Objection, received, calendar("eu"), false).unwrap();
    assert_eq!(bg.deadline.due, at("2026-09-08T23:59:59+03:00"));
    assert_eq!(eu.deadline.due, at("2026-09-07T23:59:59+02:00"));
}

/// Why Brazil has no default calendar: on 24x7 (UTC) a request received at 22:30 in Brasília (UTC-3)
/// is already 11 March, and its 15 days end on 26 March, UTC; counted in Brasília they end on 25
/// March. A calendar in America/Sao_Paulo (every day worked, as calendar days are counted) gets it
/// right.
#[test]
fn brazil_counts_calendar_days_in_brasilia() {
    let sao_paulo = Calendar::parse_toml(
        r#"id = "test-br"
name = "Test: every day, Brasília"
time_zone = "America/Sao_Paulo"
covers = [2024, 2027]
source = "tests"
[week]
mon = ["00:00-24:00"]
tue = ["00:00-24:00"]
wed = ["00:00-24:00"]
thu = ["00:00-24:00"]
fri = ["00:00-24:00"]
sat = ["00:00-24:00"]
sun = ["00:00-24:00"]
"#,
    )
    .unwrap();
    let late_evening = at("2026-03-10T22:30:00-03:00");
    let local = request::deadline(BrLgpd, Access, late_evening, &sao_paulo, false).unwrap();
    assert_eq!(local.deadline.due, at("2026-03-25T23:59:59-03:00"));
    let utc = request::deadline(BrLgpd, Access, late_evening, calendar("24x7"), false).unwrap();
    assert_eq!(utc.deadline.due, at("2026-03-26T23:59:59Z"));
    let error = BrLgpd.default_calendar().unwrap_err();
    assert!(error.to_string().contains("America/Sao_Paulo"), "{error}");
}

#[test]
fn extensions_must_be_notified_within_the_first_period() {
    // 152-FZ access received Wed 30 Dec 2026: the first period ends Fri 22 Jan 2027, 23:59:59.
    let ru = calendar("ru");
    let received = at("2026-12-30T16:00:00+03:00");
    let access = closing_rule(Ru152fz, Access).unwrap();
    assert_eq!(request::may_extend(access, received, at("2027-01-22T18:00:00+03:00"), ru), Ok(()));
    let late = request::may_extend(access, received, at("2027-01-25T09:00:00+03:00"), ru).unwrap_err();
    assert!(matches!(late, ExtensionRefused::NoticeTooLate { .. }));
    assert!(
        late.to_string().contains("152-FZ art. 14(3), 20(1) needs the notice by 2027-01-22T23:59:59+03:00"),
        "{late}"
    );

    // GDPR received Sat 31 Jan 2026: the first month ends Mon 2 Mar (rolled from Sat 28 Feb), so a
    // notice on Sun 1 Mar is in time.
    let bg = calendar("bg");
    let received = at("2026-01-31T12:00:00+02:00");
    let erasure = closing_rule(EuGdpr, Erasure).unwrap();
    assert_eq!(request::may_extend(erasure, received, at("2026-03-01T12:00:00+02:00"), bg), Ok(()));
    assert!(request::may_extend(erasure, received, at("2026-03-03T00:00:00+02:00"), bg).is_err());

    // CCPA received Fri 20 Nov 2026: notice within the first 45 days, up to Mon 4 Jan 2027.
    let us = calendar("us-ca");
    let received = at("2026-11-20T10:00:00-08:00");
    let answer = closing_rule(UsCaCcpa, Access).unwrap();
    assert_eq!(request::may_extend(answer, received, at("2027-01-04T23:59:59-08:00"), us), Ok(()));
    assert!(request::may_extend(answer, received, at("2027-01-05T00:00:00-08:00"), us).is_err());
    // Its acknowledgement has no extension.
    let acknowledge = request::rules_for(UsCaCcpa, Access).next().unwrap();
    assert_eq!(acknowledge.milestone, Acknowledge);
    let refused = request::may_extend(acknowledge, received, received, us).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "access requests under us_ca_ccpa cannot be extended: 11 CCR §7021(a) allows no extension"
    );

    // 152-FZ rectification (art. 21(2)) has none either.
    let rectification = closing_rule(Ru152fz, Rectification).unwrap();
    let refused = request::may_extend(rectification, received, received, ru).unwrap_err();
    assert!(refused.to_string().contains("152-FZ art. 21(2) allows no extension"), "{refused}");
}

#[test]
fn an_extended_ccpa_request_keeps_its_acknowledgement() {
    // Extending the answer does not move the 10-business-day acknowledgement.
    let all = request::milestones(UsCaCcpa, Access, at("2026-11-20T10:00:00-08:00"), calendar("us-ca"), true).unwrap();
    let dues: Vec<_> = all.iter().map(|due| (due.rule.milestone, due.extended, due.deadline.due)).collect();
    assert_eq!(
        dues,
        [(Acknowledge, false, at("2026-12-08T23:59:59-08:00")), (Answer, true, at("2027-02-18T23:59:59-08:00")),]
    );
}

#[test]
fn milestones_of_a_request_fall_due_in_table_order() {
    let received = at("2026-04-06T10:00:00Z");
    for jurisdiction in Jurisdiction::ALL {
        let Ok(calendar) = jurisdiction.default_calendar() else { continue };
        for request_type in RequestType::ALL {
            let Ok(all) = request::milestones(jurisdiction, request_type, received, calendar, false) else { continue };
            assert!(
                all.windows(2).all(|pair| pair[0].deadline.due <= pair[1].deadline.due),
                "{jurisdiction} {request_type}"
            );
        }
    }
}

#[test]
fn beyond_the_calendars_years_the_deadline_says_so() {
    // cn.toml covers 2024-2026 (the 2027 notice is not out): a 15-working-day period from Sun 20 Dec
    // 2026 runs into 2027, where only the weekly pattern is known, and says so.
    let due =
        request::deadline(CnPipl, AccountClosure, at("2026-12-20T10:00:00+08:00"), calendar("cn"), false).unwrap();
    assert!(due.deadline.calendar_coverage_exceeded);
    assert!(due.rule.configurable_default);
}
