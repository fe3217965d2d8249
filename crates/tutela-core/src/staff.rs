//! Staff: the people who work for an operator and sign in to Tutela, and the roles that say what each
//! may do.
//!
//! Roles are coarse (what parts of Tutela a person may use); field-level access to a subject's data is
//! decided elsewhere, by policy.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Shortest password accepted, in characters (NIST SP 800-63B's minimum for user-chosen secrets).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted, in bytes: bounds the work of hashing one.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Longest e-mail address accepted, in bytes (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;

/// A role a staff member or API token holds within one operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the operator's staff, tokens, calendars and settings; can do everything.
    Admin,
    /// Runs the privacy programme: requests, clocks, the data map, the journal.
    PrivacyOfficer,
    /// Customer service: works on requests and tickets, sees clocks.
    Agent,
    /// Reads everything the operator shows, changes nothing.
    Viewer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::PrivacyOfficer, Role::Agent, Role::Viewer];

    /// The name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PrivacyOfficer => "privacy_officer",
            Role::Agent => "agent",
            Role::Viewer => "viewer",
        }
    }

    /// Whether this role allows `permission`, by [`GRANTS`].
    pub fn allows(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// What this role may do.
    pub fn permissions(self) -> &'static [Permission] {
        GRANTS.iter().find(|(role, _)| *role == self).map_or(&[], |(_, permissions)| permissions)
    }
}

/// What each role may do: the one table every check and every message is derived from.
pub const GRANTS: [(Role, &[Permission]); 4] = {
    use Permission::*;
    [
        (Role::Admin, &Permission::ALL),
        (
            Role::PrivacyOfficer,
            &[
                ReadClocks,
                WorkClocks,
                ManageCalendars,
                ReadJournal,
                ReadDataMap,
                ManageDataMap,
                ReadDecisions,
                RecordConsent,
                ReadSubjectData,
                BlockProcessing,
                ReadRequests,
                WorkRequests,
                ReadOutbox,
                ManageNotifications,
                ReadStaff,
                HandleIncidents,
                ReadSubscriptions,
                WorkSubscriptions,
                ManagePlans,
                ReadService,
                WorkService,
            ],
        ),
        (
            Role::Agent,
            &[
                ReadClocks,
                WorkClocks,
                ReadJournal,
                ReadDataMap,
                ReadDecisions,
                RecordConsent,
                ReadSubjectData,
                ReadRequests,
                WorkRequests,
                ReadOutbox,
                ReadStaff,
                ReadSubscriptions,
                WorkSubscriptions,
                ReadService,
                WorkService,
            ],
        ),
        (Role::Viewer, &[ReadClocks, ReadJournal, ReadDataMap, ReadDecisions, ReadStaff]),
    ]
};

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = InvalidStaff;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|role| role.as_str() == text).ok_or_else(|| InvalidStaff::Role(text.to_owned()))
    }
}

/// What an action needs, named after what it allows. Each API route declares one; a caller's roles
/// must allow it ([`GRANTS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// See clocks, calendars and computed deadlines.
    ReadClocks,
    /// Start, pause, resume, extend and complete clocks.
    WorkClocks,
    /// Add and replace the operator's own calendars.
    ManageCalendars,
    /// Read, verify and export the journal.
    ReadJournal,
    /// Read the applied data map and its versions.
    ReadDataMap,
    /// Check and apply a new version of the data map.
    ManageDataMap,
    /// Ask consent decisions and suppression lists: answers about a subject reference, without the
    /// evidence behind them.
    ReadDecisions,
    /// Record consents, withdrawals, objections, ages and IAB signals, and store notice texts.
    RecordConsent,
    /// Read a subject's ledger with its evidence (IP addresses, user agents), proof and receipts.
    ReadSubjectData,
    /// Block and unblock all processing of a subject's data.
    BlockProcessing,
    /// See the request log: requests with the identities they carry, their history and deadlines.
    ReadRequests,
    /// Enter requests in the log, and complete or refuse them.
    WorkRequests,
    /// Read the outbox: notifications and receipts with the addresses they go to.
    ReadOutbox,
    /// Add webhooks and e-mail recipients.
    ManageNotifications,
    /// See the operator's staff.
    ReadStaff,
    /// Add staff, issue and revoke API tokens.
    ManageStaff,
    /// Register security incidents, read their notice drafts and record the notices sent.
    HandleIncidents,
    /// See subscriptions, their receipts and account closures (with the subjects' addresses).
    ReadSubscriptions,
    /// Act on a subject's behalf: sign up, pause, resume, cancel, close and restore an account.
    WorkSubscriptions,
    /// Add and change plans, and the grace period before a closed account is erased.
    ManagePlans,
    /// See devices, warranty rules, service-level policies and tickets with their clocks.
    ReadService,
    /// Register devices and readings, open tickets and record their events, check warranties.
    WorkService,
    /// Change warranty rules and service-level policies.
    ManageService,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 23] = [
        Permission::ReadClocks,
        Permission::WorkClocks,
        Permission::ManageCalendars,
        Permission::ReadJournal,
        Permission::ReadDataMap,
        Permission::ManageDataMap,
        Permission::ReadDecisions,
        Permission::RecordConsent,
        Permission::ReadSubjectData,
        Permission::BlockProcessing,
        Permission::ReadRequests,
        Permission::WorkRequests,
        Permission::ReadOutbox,
        Permission::ManageNotifications,
        Permission::ReadStaff,
        Permission::ManageStaff,
        Permission::HandleIncidents,
        Permission::ReadSubscriptions,
        Permission::WorkSubscriptions,
        Permission::ManagePlans,
        Permission::ReadService,
        Permission::WorkService,
        Permission::ManageService,
    ];

    /// The name used in messages and the route table (`work_clocks`).
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ReadClocks => "read_clocks",
            Permission::WorkClocks => "work_clocks",
            Permission::ManageCalendars => "manage_calendars",
            Permission::ReadJournal => "read_journal",
            Permission::ReadDataMap => "read_datamap",
            Permission::ManageDataMap => "manage_datamap",
            Permission::ReadDecisions => "read_decisions",
            Permission::RecordConsent => "record_consent",
            Permission::ReadSubjectData => "read_subject_data",
            Permission::BlockProcessing => "block_processing",
            Permission::ReadRequests => "read_requests",
            Permission::WorkRequests => "work_requests",
            Permission::ReadOutbox => "read_outbox",
            Permission::ManageNotifications => "manage_notifications",
            Permission::ReadStaff => "read_staff",
            Permission::ManageStaff => "manage_staff",
            Permission::HandleIncidents => "handle_incidents",
            Permission::ReadSubscriptions => "read_subscriptions",
            Permission::WorkSubscriptions => "work_subscriptions",
            Permission::ManagePlans => "manage_plans",
            Permission::ReadService => "read_service",
            Permission::WorkService => "work_service",
            Permission::ManageService => "manage_service",
        }
    }

    /// The roles that allow this permission, in [`Role::ALL`]'s order.
    pub fn roles(self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|role| role.allows(self)).collect()
    }

    /// Says what this permission needs, for a 403 message: `work_clocks (roles: admin, agent)`.
    pub fn describe(self) -> String {
        let roles: Vec<&str> = self.roles().into_iter().map(Role::as_str).collect();
        format!("{} (roles: {})", self.as_str(), roles.join(", "))
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-empty set of roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Role>", into = "Vec<Role>")]
pub struct Roles(BTreeSet<Role>);

impl Roles {
    /// A set of roles; refuses an empty one, since a member with no role could do nothing.
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Result<Self, InvalidStaff> {
        let set: BTreeSet<Role> = roles.into_iter().collect();
        if set.is_empty() {
            return Err(InvalidStaff::NoRoles);
        }
        Ok(Roles(set))
    }

    /// Parses a comma-separated list such as `admin,viewer`.
    pub fn parse_list(text: &str) -> Result<Self, InvalidStaff> {
        let roles: Result<Vec<Role>, _> =
            text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(Role::from_str).collect();
        Roles::new(roles?)
    }

    /// Whether any of the roles allows `permission`.
    pub fn allow(&self, permission: Permission) -> bool {
        self.0.iter().any(|role| role.allows(permission))
    }

    /// Whether these roles allow everything `other` allows (a token may not hold more than its
    /// issuer: an admin may issue a viewer token, an agent may not issue an admin one).
    pub fn covers(&self, other: &Roles) -> bool {
        Permission::ALL.iter().all(|&permission| !other.allow(permission) || self.allow(permission))
    }

    /// The roles in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    /// The roles as a comma-separated list, as stored.
    pub fn to_list(&self) -> String {
        self.iter().map(Role::as_str).collect::<Vec<_>>().join(",")
    }
}

impl TryFrom<Vec<Role>> for Roles {
    type Error = InvalidStaff;
    fn try_from(roles: Vec<Role>) -> Result<Self, Self::Error> {
        Roles::new(roles)
    }
}

impl From<Roles> for Vec<Role> {
    fn from(roles: Roles) -> Vec<Role> {
        roles.0.into_iter().collect()
    }
}

/// A staff member's e-mail address, lower-cased. Checked for shape only; ownership is proven by
/// signing in, not by parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffEmail(String);

impl StaffEmail {
    /// Parses `local@domain` with a dotted domain, no spaces, at most 254 bytes.
    pub fn parse(text: &str) -> Result<Self, InvalidStaff> {
        let text = text.trim();
        let bad = || InvalidStaff::Email(text.to_owned());
        let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.split('.').all(|label| !label.is_empty());
        let chars_ok = !text.chars().any(|c| c.is_whitespace() || c.is_control()) && !local.contains('@');
        if local.is_empty() || !domain_ok || !chars_ok || text.len() > MAX_EMAIL_BYTES {
            return Err(bad());
        }
        Ok(StaffEmail(text.to_lowercase()))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StaffEmail {
    type Error = InvalidStaff;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        StaffEmail::parse(&text)
    }
}

impl From<StaffEmail> for String {
    fn from(email: StaffEmail) -> String {
        email.0
    }
}

impl fmt::Display for StaffEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed, within length bounds. Never stored: only its argon2 hash is.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Accepts 8 or more characters and at most 1024 bytes.
    pub fn parse(text: &str) -> Result<Self, InvalidStaff> {
        if text.chars().count() < MIN_PASSWORD_CHARS {
            return Err(InvalidStaff::PasswordTooShort);
        }
        if text.len() > MAX_PASSWORD_BYTES {
            return Err(InvalidStaff::PasswordTooLong);
        }
        Ok(Password(text.to_owned()))
    }

    /// The secret itself, for hashing or checking.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Why a staff member's details were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidStaff {
    /// The role is not one of the four.
    #[error("unknown role {0:?}: expected admin, privacy_officer, agent or viewer")]
    Role(String),
    /// No role was given.
    #[error("at least one role is required")]
    NoRoles,
    /// The e-mail address is not of the form local@domain.
    #[error("invalid e-mail address {0:?}")]
    Email(String),
    /// The password is shorter than the minimum.
    #[error("password too short: at least {MIN_PASSWORD_CHARS} characters are required")]
    PasswordTooShort,
    /// The password is longer than the maximum.
    #[error("password too long: at most {MAX_PASSWORD_BYTES} bytes are accepted")]
    PasswordTooLong,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_allow() {
        let roles = Roles::parse_list("agent, viewer").unwrap();
        assert!(roles.allow(Permission::WorkClocks));
        assert!(!roles.allow(Permission::ManageDataMap));
        assert_eq!(roles.to_list(), "agent,viewer");
        assert_eq!(Roles::parse_list("agent,boss"), Err(InvalidStaff::Role("boss".into())));
        assert_eq!(Roles::parse_list(""), Err(InvalidStaff::NoRoles));
        assert!(Roles::parse_list("admin").unwrap().allow(Permission::ManageStaff));
        assert!(!Roles::parse_list("privacy_officer").unwrap().allow(Permission::ManageStaff));
    }

    #[test]
    fn every_permission_is_granted_and_roles_are_nested() {
        for permission in Permission::ALL {
            assert!(Role::Admin.allows(permission), "{permission}: the admin can do everything");
        }
        // Each role allows all that the role below it allows.
        let ladder = [Role::Viewer, Role::Agent, Role::PrivacyOfficer, Role::Admin];
        for pair in ladder.windows(2) {
            for &permission in pair[0].permissions() {
                assert!(pair[1].allows(permission), "{} lacks {permission} that {} has", pair[1], pair[0]);
            }
        }
        assert!(!Role::Viewer.allows(Permission::ReadSubjectData), "viewers see no IP addresses or user agents");
        assert!(!Role::Agent.allows(Permission::ManageDataMap));
        assert!(!Role::PrivacyOfficer.allows(Permission::ManageStaff));
    }

    #[test]
    fn descriptions_come_from_the_grant_table() {
        assert_eq!(Permission::ManageStaff.describe(), "manage_staff (roles: admin)");
        assert_eq!(Permission::WorkClocks.describe(), "work_clocks (roles: admin, privacy_officer, agent)");
        let names: std::collections::BTreeSet<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(names.len(), Permission::ALL.len(), "names are unique");
    }

    #[test]
    fn token_roles_are_a_subset() {
        let issuer = Roles::parse_list("privacy_officer,viewer").unwrap();
        assert!(issuer.covers(&Roles::parse_list("viewer").unwrap()));
        assert!(issuer.covers(&Roles::parse_list("agent").unwrap()));
        assert!(!issuer.covers(&Roles::parse_list("admin").unwrap()));
        assert!(Roles::parse_list("admin").unwrap().covers(&Roles::parse_list("viewer,agent").unwrap()));
        assert!(!Roles::parse_list("agent").unwrap().covers(&Roles::parse_list("privacy_officer").unwrap()));
    }

    #[test]
    fn emails() {
        assert_eq!(StaffEmail::parse(" Olga@Example.RU ").unwrap().as_str(), "olga@example.ru");
        for bad in ["", "olga", "@x.ru", "olga@", "olga@ru", "olga@.ru", "o lga@x.ru", "a@b@c.ru", "olga@x..ru"] {
            assert!(StaffEmail::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn passwords() {
        assert_eq!(Password::parse("short").unwrap_err(), InvalidStaff::PasswordTooShort);
        assert!(Password::parse(&"x".repeat(2000)).is_err());
        assert_eq!(format!("{:?}", Password::parse("long enough").unwrap()), "Password(***)");
    }
}
