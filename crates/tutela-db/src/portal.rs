//! The portal's sign-in: the e-mail addresses subjects sign in with (kept as digests bound to the
//! operator), one-time sign-in codes queued to the outbox, and the sessions a right code opens.
//!
//! A code is sent only to an address the operator registered for some subject, but the caller
//! cannot tell (`issue_portal_code` answers `None`): the sign-in page says the same either way, so
//! it cannot be used to learn who is a customer. Every limit is in [`PortalLimits`].

use tutela_core::subject::SubjectRef;

use crate::*;

/// The outbox topic of a sign-in code e-mailed to a subject.
pub const PORTAL_CODE_TOPIC: &str = "portal.code";

/// The limits of signing in to the portal.
#[derive(Debug, Clone, Copy)]
pub struct PortalLimits {
    /// How long a code is valid, in milliseconds.
    pub code_ttl_ms: i64,
    /// Most wrong codes entered before a new one must be asked for.
    pub max_attempts: u32,
    /// Most codes sent to one address within `window_ms`.
    pub max_codes: u32,
    /// The window `max_codes` counts in, in milliseconds.
    pub window_ms: i64,
    /// How long a session lasts after signing in, in milliseconds.
    pub session_ttl_ms: i64,
}

impl Default for PortalLimits {
    fn default() -> Self {
        PortalLimits {
            code_ttl_ms: 15 * 60 * 1000,
            max_attempts: 5,
            max_codes: 5,
            window_ms: 60 * 60 * 1000,
            session_ttl_ms: 30 * 60 * 1000,
        }
    }
}

/// A signed-in subject's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalSession {
    /// The operator whose portal it is.
    pub operator_id: OperatorId,
    /// The subjects the proven address stands for (usually one).
    pub subjects: Vec<SubjectRef>,
    /// When it ends.
    pub expires_at: Timestamp,
}

/// What a sign-in code entered did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortalSignIn {
    /// It was right: the session token to keep in the browser (never stored, only its digest).
    SignedIn {
        /// The token.
        token: String,
        /// The session it opens.
        session: PortalSession,
    },
    /// It was wrong; this many more may be tried.
    Wrong {
        /// Wrong codes that may still be entered.
        attempts_left: u32,
    },
}

impl Db {
    /// Registers `email_sha256` (a `SubjectEmail::lookup_digest`) as an address `subject` signs in
    /// with, journaled; `false` when it was registered already (nothing written).
    pub async fn put_subject_contact(
        &self,
        operator_id: &OperatorId,
        subject: &SubjectRef,
        email_sha256: &str,
        actor: &Actor,
    ) -> Result<bool, DbError> {
        dispatch!(self, put_subject_contact(operator_id, subject, email_sha256, actor, now_us()))
    }

    /// Removes every address `subject` signs in with and ends their sessions, journaled; how many
    /// addresses were removed.
    pub async fn remove_subject_contacts(
        &self,
        operator_id: &OperatorId,
        subject: &SubjectRef,
        actor: &Actor,
    ) -> Result<u64, DbError> {
        dispatch!(self, remove_subject_contacts(operator_id, subject, actor, now_us()))
    }

    /// Queues a new sign-in code to `send_to` (whose digest is `email_sha256`), in `language`,
    /// replacing any earlier one; `None`, with nothing sent, when no subject signs in with the
    /// address. Refused past `limits.max_codes` in a window.
    pub async fn issue_portal_code(
        &self,
        operator_id: &OperatorId,
        email_sha256: &str,
        send_to: &str,
        language: &str,
        limits: PortalLimits,
    ) -> Result<Option<Timestamp>, DbError> {
        dispatch!(self, issue_portal_code(operator_id, email_sha256, send_to, language, limits, now_us()))
    }

    /// Checks a sign-in code entered for the address `email_sha256`: a right one opens a session
    /// (journaled for each subject it stands for); refused when none was sent, it expired, was
    /// used, or too many wrong ones were entered.
    pub async fn check_portal_code(
        &self,
        operator_id: &OperatorId,
        email_sha256: &str,
        code: &str,
        limits: PortalLimits,
    ) -> Result<PortalSignIn, DbError> {
        dispatch!(self, check_portal_code(operator_id, email_sha256, code, limits, now_us()))
    }

    /// The session of `token`, if it is open and its address still stands for a subject.
    pub async fn portal_session(&self, token: &str) -> Result<Option<PortalSession>, DbError> {
        dispatch!(self, portal_session(&crate::secrets::token_digest(token), now_us()))
    }

    /// Ends the session of `token` (signing out); nothing when there is none.
    pub async fn end_portal_session(&self, token: &str) -> Result<(), DbError> {
        dispatch!(self, end_portal_session(&crate::secrets::token_digest(token)))
    }
}
