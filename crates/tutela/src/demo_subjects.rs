//! Demo subjects who can sign in to the portal: each demo operator has a few, with the e-mail
//! address the operator knows them by (registered as a digest, as `PUT /api/v1/subjects/{subject}/
//! contacts` does) and consents in the ledger, so the portal's "my consents" has something to show
//! and withdraw. Their addresses are those of people in the operator's generated stores.
//!
//! Kursy's subjects are referred to by their student id, as Tutela's scheduled destruction expects
//! (`tutela_core::retention::SUBJECT_REF_CATEGORY`); one kursy student withdrew every consent 26
//! days ago, so the destruction schedule has a destruction due.
//!
//! Seeded once, with the operator, after its data map is applied (the purposes come from it).

use anyhow::Context;
use tutela_core::consent::{Channel, ConsentEvent, ConsentState, Label, Method, PurposeId, RecordBody};
use tutela_core::journal::Actor;
use tutela_core::subject::{SubjectEmail, SubjectRef};
use tutela_db::Db;
use tutela_db::consent::{LedgerWrite, NewRecord};

/// A demo subject: operator, reference, address, and the consents they gave (`+purpose`) or refused
/// (`-purpose`), in the language they gave them in.
struct DemoSubject {
    slug: &'static str,
    subject: &'static str,
    email: &'static str,
    language: &'static str,
    choices: &'static [&'static str],
}

const DEMO_SUBJECTS: &[DemoSubject] = &[
    DemoSubject {
        slug: "kursy",
        subject: "16",
        email: "daria.16@mail.example",
        language: "ru",
        choices: &["+site_registration", "+newsletter", "-site_analytics"],
    },
    DemoSubject {
        slug: "kursy",
        subject: "38",
        email: "olga.38@inbox.example",
        language: "ru",
        choices: &["+site_registration", "+newsletter", "+site_analytics"],
    },
    DemoSubject {
        slug: "lexue",
        subject: "user-wuyuxuan",
        email: "wuyuxuan@163.example",
        language: "zh-CN",
        choices: &["+reviews", "+service_improvement", "+app_stability", "-in_app_browsing"],
    },
    DemoSubject {
        slug: "solarmax",
        subject: "end-user-tess-bakker",
        email: "tess.bakker56@post.example",
        language: "en",
        choices: &["+marketing", "+site_analytics"],
    },
    DemoSubject {
        slug: "tunewave",
        subject: "account-meera-patel",
        email: "meera.patel1@rediff.example",
        language: "hi",
        choices: &["+account_and_streaming", "+marketing", "+free_tier_ads"],
    },
    DemoSubject {
        slug: "pumpcare",
        subject: "contact-zhou-min",
        email: "zhou.min@factory.example",
        language: "zh-CN",
        choices: &["+hotline_recording"],
    },
];

/// A demo subject who gave consent and withdrew it, days ago: their 30-day destruction clock runs
/// from the withdrawal.
struct DemoWithdrawal {
    slug: &'static str,
    subject: &'static str,
    purpose: &'static str,
    given_days_ago: i64,
    withdrawn_days_ago: i64,
}

const DEMO_WITHDRAWALS: &[DemoWithdrawal] = &[DemoWithdrawal {
    slug: "kursy",
    subject: "7",
    purpose: "newsletter",
    given_days_ago: 90,
    withdrawn_days_ago: 26,
}];

/// The addresses of the demo subjects of `slug`, to print.
pub fn demo_subject_emails(slug: &str) -> Vec<&'static str> {
    DEMO_SUBJECTS.iter().filter(|s| s.slug == slug).map(|s| s.email).collect()
}

/// Registers the demo subjects of `slug` and records their consents.
pub async fn seed_subjects(db: &Db, slug: &str, actor: &Actor) -> anyhow::Result<()> {
    let operator = db.operator(slug).await?;
    for spec in DEMO_SUBJECTS.iter().filter(|s| s.slug == slug) {
        let subject = SubjectRef::parse(spec.subject)?;
        let email = SubjectEmail::parse(spec.email)?;
        db.put_subject_contact(&operator.id, &subject, email.lookup_digest(operator.id.as_str()).as_str(), actor)
            .await?;
        let records = spec
            .choices
            .iter()
            .map(|choice| consent_record(&subject, choice, spec.language))
            .collect::<anyhow::Result<_>>()?;
        let write = LedgerWrite {
            operator_id: operator.id.clone(),
            actor: actor.clone(),
            notices: vec![],
            records,
            destruction: None,
            receipt_to: None,
        };
        db.write_ledger(&[write]).await.into_iter().next().context("the ledger answered no write")??;
    }
    for spec in DEMO_WITHDRAWALS.iter().filter(|s| s.slug == slug) {
        seed_withdrawal(db, &operator.id, spec, actor).await?;
    }
    Ok(())
}

async fn seed_withdrawal(
    db: &Db,
    operator_id: &tutela_core::operator::OperatorId,
    spec: &DemoWithdrawal,
    actor: &Actor,
) -> anyhow::Result<()> {
    let subject = SubjectRef::parse(spec.subject)?;
    let days_ago = |days: i64| tutela_db::now_us() - jiff::SignedDuration::from_hours(24 * days);
    let mut given = consent_record(&subject, &format!("+{}", spec.purpose), "ru")?;
    given.at = Some(days_ago(spec.given_days_ago));
    let mut withdrawn = consent_record(&subject, &format!("+{}", spec.purpose), "ru")?;
    if let RecordBody::Consent(event) = &mut withdrawn.body {
        event.state = ConsentState::Withdrawn;
        event.method = Method::Portal;
    }
    let withdrawn_at = days_ago(spec.withdrawn_days_ago);
    withdrawn.at = Some(withdrawn_at);
    let write = LedgerWrite {
        operator_id: operator_id.clone(),
        actor: actor.clone(),
        notices: vec![],
        records: vec![given, withdrawn],
        destruction: None,
        receipt_to: None,
    };
    db.write_ledger(&[write]).await.into_iter().next().context("the ledger answered no write")??;
    let clock = tutela_core::consent::destruction_clock(&subject, true, withdrawn_at)?;
    db.start_clock(operator_id, &clock, actor).await?;
    Ok(())
}

fn consent_record(subject: &SubjectRef, choice: &str, language: &str) -> anyhow::Result<NewRecord> {
    let (state, purpose) = match choice.split_at(1) {
        ("+", purpose) => (ConsentState::Given, purpose),
        ("-", purpose) => (ConsentState::Refused, purpose),
        _ => anyhow::bail!("a demo choice is +purpose or -purpose, not {choice:?}"),
    };
    let method = Method::FormButton { form: Label::parse("form", "sign-up")?, button: Label::parse("button", "OK")? };
    let mut event = ConsentEvent::choice(PurposeId::parse(purpose)?, state, method, Channel::Web);
    event.language = Some(tutela_core::consent::LanguageTag::parse(language)?);
    Ok(NewRecord { subject: subject.clone(), at: None, body: RecordBody::Consent(event) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_choice_names_a_consent_purpose_of_its_operator_s_data_map() {
        for spec in DEMO_SUBJECTS {
            let (_, source) = crate::demo::DEMO_DATA_MAPS.iter().find(|(slug, _)| *slug == spec.slug).unwrap();
            let sources = vec![(std::path::PathBuf::from("datamap.yaml"), (*source).to_owned())];
            let map = tutela_datamap::load_sources(sources).unwrap();
            for choice in spec.choices {
                let purpose = &choice[1..];
                let found = map.purposes.iter().find(|p| p.id.as_str() == purpose);
                let basis = found.and_then(|p| p.legal_basis.as_ref()).map(|b| b.kind.value);
                assert_eq!(basis, Some(tutela_datamap::LegalBasisKind::Consent), "{} {purpose}", spec.slug);
            }
            assert!(consent_record(&SubjectRef::parse(spec.subject).unwrap(), spec.choices[0], spec.language).is_ok());
        }
    }
}
