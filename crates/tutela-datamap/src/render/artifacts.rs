//! What each artefact says: the sections, fields and tables built from the data map in one language.

use std::collections::BTreeSet;

use tutela_i18n::Arg;

use super::RenderError;
use super::context::Ctx;
use super::document::{Column, Field, Item, Piece, Section, Table};
use super::rights::{Numbering, RIGHTS};
use crate::model::{
    CategoryId, LegalBasisKind, PROCESSING_ACTIONS, ProcessingActivity, Purpose, Recipient, RecipientKind, RegionCode,
    SubjectCategoryId,
};
use crate::validate::home_area;

type Result<T> = std::result::Result<T, RenderError>;

// ---------------------------------------------------------------------------------------------------
// The operator block (every artefact)

pub(crate) fn operator_fields(ctx: &Ctx<'_>) -> Result<Vec<Field>> {
    let operator = &ctx.map.operator;
    let mut fields = vec![ctx.field("legal_name", vec![Item::from(ctx.text(&operator.legal_name))], false)?];
    if let Some(name) = &operator.trading_name {
        fields.push(ctx.field("trading_name", vec![Item::from(ctx.text(name))], false)?);
    }
    if !operator.registration_numbers.is_empty() {
        let numbers = operator.registration_numbers.iter();
        let numbers = numbers.map(|n| Item::from(ctx.text(&n.scheme)).push(Piece::plain(format!(" {}", n.value))));
        fields.push(ctx.field("registration_numbers", numbers.collect(), true)?);
    }
    fields.push(ctx.field("address", vec![Item::from(ctx.text(&operator.address))], false)?);
    fields.extend(contact_fields(ctx)?);
    let laws: Vec<Item> =
        operator.jurisdictions.iter().map(|j| ctx.jurisdiction(j.value).map(Item::plain)).collect::<Result<_>>()?;
    fields.push(ctx.field("jurisdictions", laws, true)?);
    if !operator.data_residency.is_empty() {
        let regions = operator.data_residency.iter().map(|region| Item::plain(region.as_str()));
        fields.push(ctx.field("data_residency", regions.collect(), true)?);
    }
    Ok(fields)
}

/// How a subject reaches the operator: e-mail, phone, postal address, web page, the responsible
/// person and the DPO.
fn contact_fields(ctx: &Ctx<'_>) -> Result<Vec<Field>> {
    let operator = &ctx.map.operator;
    let contact = &operator.contact;
    let mut fields = Vec::new();
    for (key, value) in [("email", &contact.email), ("phone", &contact.phone), ("url", &contact.url)] {
        if let Some(value) = value {
            fields.push(ctx.field(key, vec![Item::plain(value.as_str())], false)?);
        }
    }
    if let Some(address) = &contact.postal_address {
        fields.push(ctx.field("postal_address", vec![Item::from(ctx.text(address))], false)?);
    }
    for (key, person) in [("responsible_person", &operator.responsible_person), ("dpo", &operator.dpo)] {
        let Some(person) = person else { continue };
        let mut item = Item::from(ctx.text(&person.name));
        for detail in [&person.email, &person.phone].into_iter().flatten() {
            item = item.push(Piece::plain(format!(", {detail}")));
        }
        fields.push(ctx.field(key, vec![item], false)?);
    }
    Ok(fields)
}

// ---------------------------------------------------------------------------------------------------
// Shared cells

fn columns(ctx: &Ctx<'_>, keys: &[(&'static str, bool)]) -> Result<Vec<Column>> {
    keys.iter().map(|&(key, list)| ctx.column(key, list)).collect()
}

fn categories(ctx: &Ctx<'_>, ids: &[&CategoryId]) -> Result<Vec<Item>> {
    ids.iter().map(|id| ctx.category(id)).collect()
}

fn subjects(ctx: &Ctx<'_>, ids: &[&SubjectCategoryId]) -> Result<Vec<Item>> {
    ids.iter().map(|id| ctx.subject(id)).collect()
}

fn activity_name(ctx: &Ctx<'_>, activity: &ProcessingActivity) -> Item {
    match &activity.description {
        Some(description) => Item::from(ctx.text(description)),
        None => Item::plain(activity.id.as_str()),
    }
}

fn legal_basis(ctx: &Ctx<'_>, purpose: &Purpose) -> Result<Vec<Item>> {
    match &purpose.legal_basis {
        Some(basis) => Ok(vec![Item::plain(ctx.legal_basis(basis.kind.value)?)]),
        None => Ok(Vec::new()),
    }
}

/// "152-FZ: art. 6(1)(1)" for each law the purpose names its article under.
fn provisions(ctx: &Ctx<'_>, purpose: &Purpose) -> Result<Vec<Item>> {
    let Some(basis) = &purpose.legal_basis else { return Ok(Vec::new()) };
    basis
        .articles
        .iter()
        .map(|(jurisdiction, article)| {
            let law = ctx.jurisdiction_short(*jurisdiction)?;
            Ok(Item::plain(ctx.fmt("law-prefix", &[("law", Arg::Text(&law))])?).push(ctx.text(article)))
        })
        .collect()
}

fn retention(ctx: &Ctx<'_>, purpose: &Purpose) -> Result<Vec<Item>> {
    match &purpose.retention {
        Some(retention) => Ok(vec![Item::plain(ctx.retention(retention)?)]),
        None => Ok(Vec::new()),
    }
}

fn actions(ctx: &Ctx<'_>, purpose: &Purpose) -> Result<Vec<Item>> {
    let performed: BTreeSet<&str> = purpose.actions.iter().map(|a| a.action().as_str()).collect();
    PROCESSING_ACTIONS
        .iter()
        .filter(|action| performed.contains(action.as_str()))
        .map(|action| Ok(Item::plain(ctx.msg(&format!("action-{}", action.as_str()))?)))
        .collect()
}

/// The recipients of an activity that receive data for this purpose.
fn recipients_for<'m>(ctx: &Ctx<'m>, activity: &ProcessingActivity, purpose: &Purpose) -> Vec<&'m Recipient> {
    activity
        .recipients
        .iter()
        .filter_map(|id| ctx.recipient(id.as_str()))
        .filter(|recipient| recipient.purposes.iter().any(|p| p.as_str() == purpose.id.as_str()))
        .collect()
}

fn recipient_summary(ctx: &Ctx<'_>, recipient: &Recipient) -> Result<Item> {
    let kind = ctx.recipient_kind(recipient.kind)?;
    let summary = ctx
        .fmt("recipient-summary", &[("kind", Arg::Text(&kind)), ("country", Arg::Text(recipient.country.as_str()))])?;
    Ok(Item::from(ctx.text(&recipient.name)).push(Piece::plain(summary)))
}

/// The declared transfers to these recipients: "Name → DE: mechanism (article)".
fn transfers_to(ctx: &Ctx<'_>, recipients: &[&Recipient]) -> Result<Vec<Item>> {
    let mut items = Vec::new();
    for transfer in &ctx.map.transfers {
        let Some(recipient) = recipients.iter().find(|r| r.id.as_str() == transfer.recipient.as_str()) else {
            continue;
        };
        let mechanism = ctx.mechanism(transfer.mechanism)?;
        let summary = ctx.fmt(
            "transfer-summary",
            &[("country", Arg::Text(transfer.to_country.as_str())), ("mechanism", Arg::Text(&mechanism))],
        )?;
        let mut item = Item::from(ctx.text(&recipient.name)).push(Piece::plain(summary));
        if let Some(article) = &transfer.article {
            item = item.push(Piece::plain(" (")).push(ctx.text(article)).push(Piece::plain(")"));
        }
        items.push(item);
    }
    Ok(items)
}

fn stores(ctx: &Ctx<'_>, activity: &ProcessingActivity) -> Vec<Item> {
    let store = |id: &str| ctx.map.stores.iter().find(|store| store.id.as_str() == id);
    activity
        .stores
        .iter()
        .filter_map(|id| store(id.as_str()))
        .map(|store| {
            let name = match &store.description {
                Some(description) => ctx.text(description),
                None => Piece::plain(store.id.as_str()),
            };
            Item::from(name).push(Piece::plain(format!(" ({})", store.region.as_str())))
        })
        .collect()
}

/// Each activity paired with each of its purposes, in the map's order.
fn activity_purposes<'m>(ctx: &Ctx<'m>) -> Vec<(&'m ProcessingActivity, &'m Purpose)> {
    ctx.map
        .processing_activities
        .iter()
        .flat_map(|activity| {
            activity.purposes.iter().filter_map(move |id| ctx.purpose(id.as_str()).map(|purpose| (activity, purpose)))
        })
        .collect()
}

fn section_with_table(
    ctx: &Ctx<'_>,
    key: &'static str,
    heading: &str,
    intro: Option<&str>,
    table: Table,
) -> Result<Section> {
    let mut section = Section::new(key, ctx.msg(heading)?);
    if let Some(intro) = intro {
        section.paragraphs.push(ctx.msg(intro)?);
    }
    section.table = Some(table);
    Ok(section)
}

// ---------------------------------------------------------------------------------------------------
// Record of processing activities

pub(crate) fn ropa(ctx: &Ctx<'_>) -> Result<Vec<Section>> {
    let columns = columns(
        ctx,
        &[
            ("processing_activity", false),
            ("purpose", false),
            ("legal_basis", false),
            ("legal_provisions", true),
            ("subject_categories", true),
            ("data_categories", true),
            ("actions", true),
            ("retention", false),
            ("recipients", true),
            ("transfers", true),
            ("stores", true),
        ],
    )?;
    let mut rows = Vec::new();
    for (activity, purpose) in activity_purposes(ctx) {
        let recipients = recipients_for(ctx, activity, purpose);
        let subject_ids: Vec<_> = activity.subject_categories.iter().map(|s| &s.value).collect();
        let category_ids: Vec<_> = activity.data_categories.iter().map(|c| &c.value).collect();
        rows.push(vec![
            vec![activity_name(ctx, activity)],
            vec![Item::from(ctx.text(&purpose.description))],
            legal_basis(ctx, purpose)?,
            provisions(ctx, purpose)?,
            subjects(ctx, &subject_ids)?,
            categories(ctx, &category_ids)?,
            actions(ctx, purpose)?,
            retention(ctx, purpose)?,
            recipients.iter().map(|r| recipient_summary(ctx, r)).collect::<Result<_>>()?,
            transfers_to(ctx, &recipients)?,
            stores(ctx, activity),
        ]);
    }
    let table = Table { columns, rows };
    Ok(vec![section_with_table(ctx, "activities", "ropa-activities", Some("ropa-intro"), table)?])
}

// ---------------------------------------------------------------------------------------------------
// China: list of personal information collected

/// Categories a subject would not type in themselves: read from the device, the browser or usage.
fn collected_automatically(id: &CategoryId) -> bool {
    let id = id.as_str();
    ["device.", "online.", "usage."].iter().any(|prefix| id.starts_with(prefix))
        || matches!(id, "location.precise" | "location.approximate" | "location.time_zone")
}

fn collection_method(ctx: &Ctx<'_>, activity: &ProcessingActivity) -> Result<Vec<Item>> {
    if let Some(collection) = &activity.collection {
        return Ok(vec![Item::from(ctx.text(collection))]);
    }
    // Not declared: say what the categories imply.
    let (automatic, given): (Vec<_>, Vec<_>) =
        activity.data_categories.iter().partition(|c| collected_automatically(c));
    let mut items = Vec::new();
    if !given.is_empty() {
        items.push(Item::plain(ctx.msg("value-collected-from-subject")?));
    }
    if !automatic.is_empty() {
        items.push(Item::plain(ctx.msg("value-collected-automatically")?));
    }
    Ok(items)
}

/// Whether the subject must provide the data: optional when the purpose rests on consent (the
/// subject may refuse and still use the service, PIPL art. 16), required otherwise.
fn required(ctx: &Ctx<'_>, purpose: &Purpose) -> Result<Vec<Item>> {
    let consent = purpose.legal_basis.as_ref().is_some_and(|basis| basis.kind.value == LegalBasisKind::Consent);
    Ok(vec![Item::plain(ctx.msg(if consent { "value-optional" } else { "value-required" })?)])
}

pub(crate) fn pi_collected(ctx: &Ctx<'_>) -> Result<Vec<Section>> {
    let columns = columns(
        ctx,
        &[
            ("business_function", false),
            ("purpose", false),
            ("data_items", true),
            ("collection_method", true),
            ("required", false),
            ("retention", false),
        ],
    )?;
    let mut rows = Vec::new();
    for (activity, purpose) in activity_purposes(ctx) {
        let category_ids: Vec<_> = activity.data_categories.iter().map(|c| &c.value).collect();
        rows.push(vec![
            vec![activity_name(ctx, activity)],
            vec![Item::from(ctx.text(&purpose.description))],
            categories(ctx, &category_ids)?,
            collection_method(ctx, activity)?,
            required(ctx, purpose)?,
            retention(ctx, purpose)?,
        ]);
    }
    let table = Table { columns, rows };
    Ok(vec![section_with_table(ctx, "items", "pi-collected-items", Some("pi-collected-intro"), table)?])
}

// ---------------------------------------------------------------------------------------------------
// China: list of personal information shared with third parties, and the SDK directory

/// Whether a recipient receives the data outside the operator's country (or the EEA, for an
/// operator in it): a transfer abroad.
fn is_abroad(ctx: &Ctx<'_>, country: &RegionCode) -> bool {
    !country.is_within(&home_area(&ctx.map.operator.country))
}

fn transfer_abroad(ctx: &Ctx<'_>, recipient: &Recipient) -> Result<Vec<Item>> {
    if !is_abroad(ctx, &recipient.country) {
        return Ok(vec![Item::plain(ctx.msg("value-transfer-no")?)]);
    }
    let yes = ctx.fmt("value-transfer-yes", &[("country", Arg::Text(recipient.country.as_str()))])?;
    let mut items = vec![Item::plain(yes)];
    for transfer in ctx.map.transfers.iter().filter(|t| t.recipient.as_str() == recipient.id.as_str()) {
        let mut item = Item::plain(ctx.mechanism(transfer.mechanism)?);
        if let Some(article) = &transfer.article {
            item = item.push(Piece::plain(" (")).push(ctx.text(article)).push(Piece::plain(")"));
        }
        items.push(item);
    }
    Ok(items)
}

fn shared_row(ctx: &Ctx<'_>, recipient: &Recipient) -> Result<Vec<Vec<Item>>> {
    let category_ids: Vec<_> = recipient.data_categories.iter().map(|c| &c.value).collect();
    Ok(vec![
        vec![Item::from(ctx.text(&recipient.name))],
        vec![Item::plain(ctx.recipient_kind(recipient.kind)?)],
        ctx.opt_text(recipient.legal_entity.as_ref()),
        vec![Item::plain(recipient.country.as_str())],
        categories(ctx, &category_ids)?,
        recipient.purposes.iter().map(|id| ctx.purpose_item(id.as_str())).collect(),
        ctx.opt_text(recipient.method.as_ref()),
        recipient.policy_url.iter().map(|url| Item::plain(url.as_str())).collect(),
        transfer_abroad(ctx, recipient)?,
    ])
}

pub(crate) fn pi_shared(ctx: &Ctx<'_>) -> Result<Vec<Section>> {
    let keys = [
        ("recipient", false),
        ("kind", false),
        ("legal_entity", false),
        ("country", false),
        ("data_items", true),
        ("purposes", true),
        ("method", false),
        ("policy", false),
        ("transfer_abroad", true),
    ];
    let mut sections = Vec::new();
    for (key, heading, sdk) in [("third_parties", "pi-shared-third-parties", false), ("sdks", "pi-shared-sdks", true)] {
        let recipients = ctx.map.recipients.iter().filter(|r| (r.kind == RecipientKind::Sdk) == sdk);
        let rows = recipients.map(|recipient| shared_row(ctx, recipient)).collect::<Result<_>>()?;
        let table = Table { columns: columns(ctx, &keys)?, rows };
        let intro = (!sdk).then_some("pi-shared-intro");
        let mut section = section_with_table(ctx, key, heading, intro, table)?;
        section.empty = Some(ctx.msg("pi-shared-none")?);
        sections.push(section);
    }
    Ok(sections)
}

// ---------------------------------------------------------------------------------------------------
// The privacy notice's data section

/// The data categories the activities of a purpose process, in the order they first appear.
fn purpose_categories<'m>(ctx: &Ctx<'m>, purpose: &Purpose) -> Vec<&'m CategoryId> {
    let mut seen = BTreeSet::new();
    let mut ids = Vec::new();
    for activity in &ctx.map.processing_activities {
        if activity.purposes.iter().any(|p| p.as_str() == purpose.id.as_str()) {
            for category in &activity.data_categories {
                if seen.insert(category.as_str()) {
                    ids.push(&category.value);
                }
            }
        }
    }
    ids
}

fn notice_collected(ctx: &Ctx<'_>) -> Result<Section> {
    let columns = columns(
        ctx,
        &[
            ("purpose", false),
            ("data_categories", true),
            ("legal_basis", false),
            ("legal_provisions", true),
            ("retention", false),
        ],
    )?;
    let mut rows = Vec::new();
    let mut special = false;
    for purpose in &ctx.map.purposes {
        let ids = purpose_categories(ctx, purpose);
        special |= ids.iter().any(|id| ctx.is_special(id));
        rows.push(vec![
            vec![Item::from(ctx.text(&purpose.description))],
            categories(ctx, &ids)?,
            legal_basis(ctx, purpose)?,
            provisions(ctx, purpose)?,
            retention(ctx, purpose)?,
        ]);
    }
    let mut section = section_with_table(ctx, "collected", "notice-collected", None, Table { columns, rows })?;
    if special {
        section.paragraphs.push(ctx.msg("notice-special")?);
    }
    let consent =
        ctx.map.purposes.iter().any(|purpose| {
            purpose.legal_basis.as_ref().is_some_and(|basis| basis.kind.value == LegalBasisKind::Consent)
        });
    if consent {
        section.paragraphs.push(ctx.msg("notice-withdraw")?);
    }
    Ok(section)
}

fn notice_recipients(ctx: &Ctx<'_>) -> Result<Section> {
    let columns = columns(
        ctx,
        &[("recipient", false), ("kind", false), ("country", false), ("purposes", true), ("data_items", true)],
    )?;
    let mut rows = Vec::new();
    for recipient in &ctx.map.recipients {
        let category_ids: Vec<_> = recipient.data_categories.iter().map(|c| &c.value).collect();
        rows.push(vec![
            vec![Item::from(ctx.text(&recipient.name))],
            vec![Item::plain(ctx.recipient_kind(recipient.kind)?)],
            vec![Item::plain(recipient.country.as_str())],
            recipient.purposes.iter().map(|id| ctx.purpose_item(id.as_str())).collect(),
            categories(ctx, &category_ids)?,
        ]);
    }
    let mut section = section_with_table(ctx, "recipients", "notice-recipients", None, Table { columns, rows })?;
    section.empty = Some(ctx.msg("notice-recipients-none")?);
    Ok(section)
}

fn notice_transfers(ctx: &Ctx<'_>) -> Result<Section> {
    let columns =
        columns(ctx, &[("recipient", false), ("country", false), ("mechanism", false), ("legal_provisions", true)])?;
    let mut rows = Vec::new();
    for transfer in &ctx.map.transfers {
        let name = match ctx.recipient(transfer.recipient.as_str()) {
            Some(recipient) => Item::from(ctx.text(&recipient.name)),
            None => Item::plain(transfer.recipient.as_str()),
        };
        rows.push(vec![
            vec![name],
            vec![Item::plain(transfer.to_country.as_str())],
            vec![Item::plain(ctx.mechanism(transfer.mechanism)?)],
            ctx.opt_text(transfer.article.as_ref()),
        ]);
    }
    let mut section = section_with_table(ctx, "transfers", "notice-transfers", None, Table { columns, rows })?;
    let regions: BTreeSet<&str> = ctx.map.stores.iter().map(|store| store.region.as_str()).collect();
    if !regions.is_empty() {
        let regions: Vec<&str> = regions.into_iter().collect();
        section.paragraphs.push(ctx.fmt("notice-residency", &[("regions", Arg::Text(&regions.join(", ")))])?);
    }
    section.empty = Some(ctx.msg("notice-transfers-none")?);
    Ok(section)
}

fn notice_rights(ctx: &Ctx<'_>) -> Result<Section> {
    let laws: Vec<_> = ctx.map.operator.jurisdictions.iter().map(|j| j.value).collect();
    let columns = columns(ctx, &[("right", false), ("legal_provisions", true)])?;
    let mut rows = Vec::new();
    for right in RIGHTS {
        let mut references = Vec::new();
        for &(law, numbering, number) in right.provisions.iter().filter(|(law, _, _)| laws.contains(law)) {
            let id = match numbering {
                Numbering::Article => "provision-article",
                Numbering::Section => "provision-section",
            };
            let law = ctx.jurisdiction_short(law)?;
            references.push(Item::plain(ctx.fmt(id, &[("law", Arg::Text(&law)), ("number", Arg::Text(number))])?));
        }
        if !references.is_empty() {
            rows.push(vec![vec![Item::plain(ctx.msg(&format!("right-{}", right.id))?)], references]);
        }
    }
    let mut section = section_with_table(ctx, "rights", "notice-rights", None, Table { columns, rows })?;
    section.fields_intro = Some(ctx.msg("notice-rights-how")?);
    section.fields = contact_fields(ctx)?;
    Ok(section)
}

pub(crate) fn notice(ctx: &Ctx<'_>) -> Result<Vec<Section>> {
    let mut intro = Section::new("intro", String::new());
    intro.paragraphs.push(ctx.msg("notice-intro")?);
    Ok(vec![intro, notice_collected(ctx)?, notice_recipients(ctx)?, notice_transfers(ctx)?, notice_rights(ctx)?])
}
