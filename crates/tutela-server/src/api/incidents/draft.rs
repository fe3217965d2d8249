//! Draft notices of an incident, in the recipient's language (`incident.ftl`): to a regulator (or
//! California's Attorney General) the facts an authority asks for, to subjects what happened to
//! their data and what to do. Staff adapt a draft and send it; the draft as written is kept with
//! its SHA-256 in the journal.

use jiff::Timestamp;
use tutela_core::incident::{NoticeDuty, Recipient};
use tutela_datamap::DataMap;
use tutela_i18n::{Arg, Lang, Messages};

use super::RegisterIncident;

/// The facts a draft names, as text.
pub struct Facts {
    operator: String,
    address: String,
    contact: String,
    discovered: String,
    description: String,
    systems: String,
    categories: String,
    subjects: String,
    measures: String,
}

impl Facts {
    /// The facts of `request` about the operator of `map`, discovered at `discovered_at`.
    pub fn new(map: &DataMap, request: &RegisterIncident, discovered_at: Timestamp) -> Facts {
        let default = map.operator.default_language();
        let operator = &map.operator;
        let contact = &operator.contact.value;
        let contact = [contact.email.as_ref(), contact.phone.as_ref(), contact.url.as_ref()]
            .into_iter()
            .flatten()
            .map(|text| text.as_str().to_owned())
            .collect::<Vec<_>>()
            .join(", ");
        let list = |items: &[String]| if items.is_empty() { "—".to_owned() } else { items.join(", ") };
        let mut systems = request.systems.clone();
        systems.extend(request.stores.iter().cloned());
        Facts {
            operator: operator.legal_name.resolve(default, default).text.to_owned(),
            address: operator.address.resolve(default, default).text.to_owned(),
            contact,
            discovered: crate::api::when(discovered_at),
            description: request.description.trim().to_owned(),
            systems: list(&systems),
            categories: list(&request.data_categories),
            subjects: request.estimated_subjects.to_string(),
            measures: if request.measures.trim().is_empty() {
                "—".to_owned()
            } else {
                request.measures.trim().to_owned()
            },
        }
    }
}

/// The draft of `duty`'s notice, in its language.
pub fn write(duty: &NoticeDuty, facts: &Facts) -> Result<String, tutela_i18n::MessageError> {
    let lang: Lang = duty.language.parse().unwrap_or(Lang::En);
    let messages = Messages::new(lang);
    let id = match duty.recipient {
        Recipient::Subjects => "incident-draft-subjects",
        Recipient::Regulator | Recipient::AttorneyGeneral => "incident-draft-regulator",
    };
    let args = [
        ("authority", Arg::Text(duty.authority)),
        ("operator", Arg::Text(&facts.operator)),
        ("address", Arg::Text(&facts.address)),
        ("contact", Arg::Text(&facts.contact)),
        ("discovered", Arg::Text(&facts.discovered)),
        ("description", Arg::Text(&facts.description)),
        ("systems", Arg::Text(&facts.systems)),
        ("categories", Arg::Text(&facts.categories)),
        ("subjects", Arg::Text(&facts.subjects)),
        ("measures", Arg::Text(&facts.measures)),
        ("article", Arg::Text(duty.article)),
    ];
    messages.format(id, &args)
}
