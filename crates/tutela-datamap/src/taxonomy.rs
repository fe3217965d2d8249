//! The built-in taxonomy: data categories and subject categories every data map can name without
//! declaring them.
//!
//! Ids are stable (they are stored, exported and translated): dot-separated snake case for data
//! categories (`contact.email`), snake case for subject categories (`site_user`). The set covers what
//! the five seed policies list — contact details, credentials, identity documents (passport, resident
//! ID, taxpayer number), payment and bank details, delivery address, communications, device
//! identifiers (serial number, IMEI/ICCID, Android ID), location, usage logs, cookies, images,
//! marketing preferences — plus the special categories of GDPR art. 9 / 152-FZ art. 10 and biometric
//! data (152-FZ art. 11), flagged as such so validation can demand a condition for them. An operator
//! adds its own under `data_categories` / `subject_categories`.
//!
//! Labels are English and live in one table keyed by id ([`LABELS_EN`]); translations will be Fluent
//! files keyed by the same ids.

/// A built-in data category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinCategory {
    /// Its id, e.g. `contact.email`.
    pub id: &'static str,
    /// A special category (GDPR art. 9, 152-FZ art. 10).
    pub special: bool,
    /// Biometric data (152-FZ art. 11; GDPR art. 9 when used to identify).
    pub biometric: bool,
}

const fn plain(id: &'static str) -> BuiltinCategory {
    BuiltinCategory { id, special: false, biometric: false }
}
const fn special(id: &'static str) -> BuiltinCategory {
    BuiltinCategory { id, special: true, biometric: false }
}
const fn biometric(id: &'static str) -> BuiltinCategory {
    BuiltinCategory { id, special: true, biometric: true }
}

/// Every built-in data category, grouped by its first segment.
pub const DATA_CATEGORIES: &[BuiltinCategory] = &[
    // Who the subject is.
    plain("identity.name"),
    plain("identity.date_of_birth"),
    plain("identity.gender"),
    plain("identity.citizenship"),
    plain("identity.passport"),
    plain("identity.resident_id"),
    plain("identity.taxpayer_number"),
    plain("identity.social_insurance_number"),
    plain("identity.driving_licence"),
    plain("identity.signature"),
    // How to reach them.
    plain("contact.email"),
    plain("contact.phone"),
    plain("contact.postal_address"),
    plain("contact.social_profile"),
    plain("contact.messenger"),
    // Their account with the operator.
    plain("account.identifier"),
    plain("account.username"),
    plain("account.credentials"),
    plain("account.profile"),
    plain("account.settings"),
    // Money.
    plain("financial.bank_account"),
    plain("financial.payment_card"),
    plain("financial.transactions"),
    plain("financial.invoices"),
    plain("financial.income"),
    // What they bought or subscribed to.
    plain("commerce.orders"),
    plain("commerce.subscription"),
    plain("commerce.contract"),
    // Where they are.
    plain("location.delivery_address"),
    plain("location.residence"),
    plain("location.precise"),
    plain("location.approximate"),
    plain("location.time_zone"),
    // Their devices.
    plain("device.serial_number"),
    plain("device.imei"),
    plain("device.iccid"),
    plain("device.android_id"),
    plain("device.advertising_id"),
    plain("device.mac_address"),
    plain("device.model"),
    plain("device.logs"),
    plain("device.telemetry"),
    // Their presence online.
    plain("online.ip_address"),
    plain("online.cookie_id"),
    plain("online.browser"),
    plain("online.carrier"),
    // What they do.
    plain("usage.logs"),
    plain("usage.pages_visited"),
    plain("usage.search_queries"),
    plain("usage.ad_interactions"),
    // What they say.
    plain("communications.messages"),
    plain("communications.call_records"),
    plain("communications.reviews"),
    plain("communications.support_requests"),
    // Pictures and recordings (not biometric unless processed to identify someone).
    plain("media.images"),
    plain("media.audio"),
    plain("media.video"),
    // What they want.
    plain("preferences.marketing"),
    plain("preferences.language"),
    plain("preferences.interests"),
    // Learning and work.
    plain("education.enrolment"),
    plain("education.progress"),
    plain("education.certificates"),
    plain("employment.position"),
    plain("employment.work_history"),
    // Special categories.
    special("special.racial_or_ethnic_origin"),
    special("special.political_opinions"),
    special("special.religious_or_philosophical_beliefs"),
    special("special.trade_union_membership"),
    special("special.genetic"),
    special("special.health"),
    special("special.sex_life_or_orientation"),
    special("special.criminal_records"),
    biometric("special.biometric"),
];

/// A built-in subject category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinSubjectCategory {
    /// Its id, e.g. `customer`.
    pub id: &'static str,
    /// Whether these subjects are minors.
    pub minor: bool,
}

const fn subject(id: &'static str) -> BuiltinSubjectCategory {
    BuiltinSubjectCategory { id, minor: false }
}

/// Every built-in subject category.
pub const SUBJECT_CATEGORIES: &[BuiltinSubjectCategory] = &[
    subject("site_user"),
    subject("customer"),
    subject("prospect"),
    subject("contractor"),
    subject("employee"),
    subject("job_applicant"),
    subject("end_user"),
    subject("installer"),
    subject("agent"),
    subject("subscriber"),
    subject("parent_or_guardian"),
    BuiltinSubjectCategory { id: "minor", minor: true },
];

/// English labels of every built-in id, data and subject categories alike. Translations are keyed
/// by the same ids.
pub const LABELS_EN: &[(&str, &str)] = &[
    ("identity.name", "Full name"),
    ("identity.date_of_birth", "Date of birth"),
    ("identity.gender", "Gender"),
    ("identity.citizenship", "Citizenship"),
    ("identity.passport", "Passport details"),
    ("identity.resident_id", "Resident identity card"),
    ("identity.taxpayer_number", "Taxpayer number (INN, TIN)"),
    ("identity.social_insurance_number", "Social insurance number (SNILS, SSN)"),
    ("identity.driving_licence", "Driving licence"),
    ("identity.signature", "Handwritten or electronic signature"),
    ("contact.email", "E-mail address"),
    ("contact.phone", "Telephone number"),
    ("contact.postal_address", "Postal address"),
    ("contact.social_profile", "Social network profile links"),
    ("contact.messenger", "Messenger handle"),
    ("account.identifier", "Account or customer number"),
    ("account.username", "Username or nickname"),
    ("account.credentials", "Password and other sign-in credentials"),
    ("account.profile", "Profile (avatar, bio)"),
    ("account.settings", "Account settings"),
    ("financial.bank_account", "Bank account details"),
    ("financial.payment_card", "Payment card details"),
    ("financial.transactions", "Payment history"),
    ("financial.invoices", "Invoices and receipts"),
    ("financial.income", "Income"),
    ("commerce.orders", "Orders and purchase history"),
    ("commerce.subscription", "Subscription plan and status"),
    ("commerce.contract", "Contract details"),
    ("location.delivery_address", "Delivery address"),
    ("location.residence", "Place of residence"),
    ("location.precise", "Precise location (GPS)"),
    ("location.approximate", "Approximate location (city, region)"),
    ("location.time_zone", "Time zone"),
    ("device.serial_number", "Device serial number"),
    ("device.imei", "IMEI"),
    ("device.iccid", "SIM card number (ICCID)"),
    ("device.android_id", "Android ID"),
    ("device.advertising_id", "Advertising identifier (IDFA, GAID)"),
    ("device.mac_address", "MAC address"),
    ("device.model", "Device model, operating system and firmware"),
    ("device.logs", "Device logs"),
    ("device.telemetry", "Device telemetry"),
    ("online.ip_address", "IP address"),
    ("online.cookie_id", "Cookie identifiers"),
    ("online.browser", "Browser and its settings"),
    ("online.carrier", "Mobile carrier"),
    ("usage.logs", "Access and activity logs"),
    ("usage.pages_visited", "Pages visited and links followed"),
    ("usage.search_queries", "Search queries"),
    ("usage.ad_interactions", "Interactions with advertisements"),
    ("communications.messages", "Messages and correspondence"),
    ("communications.call_records", "Call recordings and call logs"),
    ("communications.reviews", "Reviews and comments posted"),
    ("communications.support_requests", "Support and feedback requests"),
    ("media.images", "Photos and images"),
    ("media.audio", "Audio recordings"),
    ("media.video", "Video recordings"),
    ("preferences.marketing", "Marketing preferences"),
    ("preferences.language", "Language"),
    ("preferences.interests", "Interests"),
    ("education.enrolment", "Course enrolments"),
    ("education.progress", "Learning progress and grades"),
    ("education.certificates", "Certificates and diplomas"),
    ("employment.position", "Job title and employer"),
    ("employment.work_history", "Work history"),
    ("special.racial_or_ethnic_origin", "Racial or ethnic origin"),
    ("special.political_opinions", "Political opinions"),
    ("special.religious_or_philosophical_beliefs", "Religious or philosophical beliefs"),
    ("special.trade_union_membership", "Trade union membership"),
    ("special.genetic", "Genetic data"),
    ("special.health", "Health"),
    ("special.sex_life_or_orientation", "Sex life or sexual orientation"),
    ("special.criminal_records", "Criminal convictions and offences"),
    ("special.biometric", "Biometric data"),
    ("site_user", "Site user"),
    ("customer", "Customer"),
    ("prospect", "Prospective customer or contractor"),
    ("contractor", "Contractor"),
    ("employee", "Employee"),
    ("job_applicant", "Job applicant"),
    ("end_user", "End user"),
    ("installer", "Installer"),
    ("agent", "Agent or distributor"),
    ("subscriber", "Newsletter subscriber"),
    ("parent_or_guardian", "Parent or guardian"),
    ("minor", "Minor"),
];

/// The built-in data category with this id.
pub fn data_category(id: &str) -> Option<&'static BuiltinCategory> {
    DATA_CATEGORIES.iter().find(|category| category.id == id)
}

/// The built-in subject category with this id.
pub fn subject_category(id: &str) -> Option<&'static BuiltinSubjectCategory> {
    SUBJECT_CATEGORIES.iter().find(|category| category.id == id)
}

/// The English label of a built-in id.
pub fn label_en(id: &str) -> Option<&'static str> {
    LABELS_EN.iter().find(|(key, _)| *key == id).map(|(_, label)| *label)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::model::{CategoryId, SubjectCategoryId};

    #[test]
    fn ids_are_unique_well_formed_and_labelled() {
        let data: BTreeSet<_> = DATA_CATEGORIES.iter().map(|c| c.id).collect();
        let subjects: BTreeSet<_> = SUBJECT_CATEGORIES.iter().map(|c| c.id).collect();
        assert_eq!(data.len(), DATA_CATEGORIES.len(), "duplicate data category");
        assert_eq!(subjects.len(), SUBJECT_CATEGORIES.len(), "duplicate subject category");
        for id in &data {
            assert!(id.parse::<CategoryId>().is_ok(), "{id}");
        }
        for id in &subjects {
            assert!(id.parse::<SubjectCategoryId>().is_ok(), "{id}");
        }
        let labelled: BTreeSet<_> = LABELS_EN.iter().map(|(id, _)| *id).collect();
        assert_eq!(labelled.len(), LABELS_EN.len(), "duplicate label");
        let all: BTreeSet<_> = data.union(&subjects).copied().collect();
        assert_eq!(labelled, all, "every id has exactly one label");
    }

    #[test]
    fn covers_the_seeds() {
        for id in [
            "contact.email",
            "contact.phone",
            "account.credentials",
            "identity.passport",
            "identity.resident_id",
            "identity.taxpayer_number",
            "financial.bank_account",
            "financial.payment_card",
            "location.delivery_address",
            "communications.messages",
            "device.serial_number",
            "device.imei",
            "device.iccid",
            "device.android_id",
            "location.precise",
            "usage.logs",
            "online.cookie_id",
            "media.images",
            "preferences.marketing",
        ] {
            assert!(data_category(id).is_some(), "{id}");
        }
        assert!(data_category("special.health").is_some_and(|c| c.special && !c.biometric));
        assert!(data_category("special.biometric").is_some_and(|c| c.biometric));
        assert!(subject_category("minor").is_some_and(|c| c.minor));
        assert_eq!(label_en("contact.email"), Some("E-mail address"));
    }
}
