//! A request's life: the statuses it moves through and what each step needs.
//!
//! A request is `received` the moment it arrives; `verified` once the requester is shown to be the
//! subject (or their representative); then `completed` or `refused`, which are final. The rules:
//!
//! - **An unverified request never returns or changes data.** The operator must be able to
//!   identify the requester before acting (GDPR art. 12(2), (6); 152-FZ art. 14(3): the request
//!   carries the ID document's details and proof of the relationship; CCPA regulations 11 CCR
//!   §7060-§7062: verification to a reasonable or high degree for a request to know or delete). So
//!   the fulfilment engine runs for real only on a `verified` request, and a request that returns
//!   or changes data ([`RequestType::acts_on_data`]) is completed only once verified. An objection,
//!   a withdrawal or a complaint may be answered without verification (a CCPA opt-out must not
//!   require it, §7026(d)).
//! - **Completion needs the stores' confirmation.** Where the operator's data map names stores, a
//!   request the engine carries out ([`RequestType::fulfilment`]) is completed only after a run of
//!   the engine that every store confirmed; where it names none, staff complete it with a note of
//!   what they did.
//! - A request may be refused from any open status, with its ground (GDPR art. 12(5): manifestly
//!   unfounded or excessive; the identity not proven, art. 12(6)).

use std::fmt;
use std::str::FromStr;

use crate::request::RequestType;

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    /// Entered in the request log; the requester's identity is not yet verified.
    Received,
    /// The requester's identity (or authority) is verified: data may be returned or changed.
    Verified,
    /// Answered: the data sent, changed or erased, or the action taken. Final.
    Completed,
    /// Refused with a ground. Final.
    Refused,
}

impl RequestStatus {
    /// Every status, in the order of a request's life.
    pub const ALL: [RequestStatus; 4] = [Self::Received, Self::Verified, Self::Completed, Self::Refused];

    /// The id: `received`, `verified`, `completed` or `refused`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Verified => "verified",
            Self::Completed => "completed",
            Self::Refused => "refused",
        }
    }

    /// Whether the request is closed (completed or refused): nothing changes it any more.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::Refused)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status that is not one of [`RequestStatus::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a request status (received, verified, completed, refused)")]
pub struct UnknownStatus(pub String);

impl FromStr for RequestStatus {
    type Err = UnknownStatus;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|status| status.as_str() == text).ok_or_else(|| UnknownStatus(text.to_owned()))
    }
}

/// What the fulfilment engine does for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fulfilment {
    /// Finds the subject's rows and writes the access package (access and portability: the
    /// package's CSV and JSON files are the machine-readable form portability asks for).
    Access,
    /// Finds the subject's rows and erases them as the data map says.
    Erasure,
    /// Finds the subject's rows and marks them restricted where the data map names a flag
    /// (GDPR art. 18; 152-FZ's blocking, art. 21(1)).
    Restriction,
}

impl Fulfilment {
    /// `access` or `erasure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Erasure => "erasure",
            Self::Restriction => "restriction",
        }
    }
}

impl RequestType {
    /// What the fulfilment engine does for this type, if it carries it out (rectification and
    /// account closure are worked by staff until the engine learns them).
    pub fn fulfilment(self) -> Option<Fulfilment> {
        match self {
            Self::Access | Self::Portability => Some(Fulfilment::Access),
            Self::Erasure => Some(Fulfilment::Erasure),
            Self::Restriction => Some(Fulfilment::Restriction),
            _ => None,
        }
    }

    /// Whether answering the request returns the subject's data or changes it: such a request is
    /// answered only once the requester is verified.
    pub fn acts_on_data(self) -> bool {
        matches!(
            self,
            Self::Access
                | Self::Portability
                | Self::Rectification
                | Self::Restriction
                | Self::Erasure
                | Self::AccountClosure
        )
    }
}

/// Why a step is not allowed now; the text says what to do instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StepRefused(pub String);

fn open(status: RequestStatus) -> Result<(), StepRefused> {
    if status.is_closed() {
        return Err(StepRefused(format!("it is already {status}; a closed request does not change")));
    }
    Ok(())
}

/// Whether the requester's identity may be recorded as verified now.
pub fn may_verify(status: RequestStatus) -> Result<(), StepRefused> {
    open(status)?;
    if status == RequestStatus::Verified {
        return Err(StepRefused("the requester's identity is already verified".to_owned()));
    }
    Ok(())
}

/// Whether the fulfilment engine may run now; a dry run (which reads, counts and changes nothing)
/// is allowed before verification, so staff can see what a request would touch.
pub fn may_fulfil(status: RequestStatus, dry_run: bool) -> Result<(), StepRefused> {
    open(status)?;
    if !dry_run && status != RequestStatus::Verified {
        return Err(StepRefused(
            "verify the requester's identity first: an unverified request never returns or changes data".to_owned(),
        ));
    }
    Ok(())
}

/// Whether a request of `request_type` may be completed now. `stores_confirmed` says whether a run
/// of the engine was confirmed by every store; `None` when the operator's data map names no store
/// for the engine to work on.
pub fn may_complete(
    status: RequestStatus,
    request_type: RequestType,
    stores_confirmed: Option<bool>,
) -> Result<(), StepRefused> {
    open(status)?;
    if request_type.acts_on_data() && status != RequestStatus::Verified {
        return Err(StepRefused(format!(
            "verify the requester's identity first: a {request_type} request returns or changes data, and an \
             unverified request never does"
        )));
    }
    if let (Some(fulfilment), Some(false)) = (request_type.fulfilment(), stores_confirmed) {
        return Err(StepRefused(format!(
            "carry out the {} with the fulfilment engine first: a {request_type} request is completed only when every \
             store has confirmed it",
            fulfilment.as_str()
        )));
    }
    Ok(())
}

/// Whether the request may be refused now (from any open status).
pub fn may_refuse(status: RequestStatus) -> Result<(), StepRefused> {
    open(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus::*;

    #[test]
    fn statuses_parse_and_print() {
        for status in RequestStatus::ALL {
            assert_eq!(status.as_str().parse::<RequestStatus>(), Ok(status));
        }
        assert!("done".parse::<RequestStatus>().unwrap_err().to_string().contains("\"done\""));
    }

    #[test]
    fn nothing_returns_or_changes_data_before_verification() {
        assert!(may_fulfil(Received, true).is_ok(), "a dry run only counts");
        assert!(may_fulfil(Received, false).unwrap_err().0.contains("verify"));
        assert!(may_fulfil(Verified, false).is_ok());
        for request_type in RequestType::ALL {
            let refused = may_complete(Received, request_type, None).is_err();
            assert_eq!(refused, request_type.acts_on_data(), "{request_type}");
        }
    }

    #[test]
    fn completion_waits_for_every_store_where_the_engine_works() {
        assert!(may_complete(Verified, RequestType::Erasure, Some(false)).unwrap_err().0.contains("every store"));
        assert!(may_complete(Verified, RequestType::Erasure, Some(true)).is_ok());
        assert!(may_complete(Verified, RequestType::Erasure, None).is_ok(), "no stores in the map");
        assert!(may_complete(Verified, RequestType::Rectification, Some(false)).is_ok(), "worked by staff");
        assert!(may_complete(Received, RequestType::Complaint, Some(false)).is_ok());
    }

    #[test]
    fn closed_requests_do_not_change() {
        for closed in [Completed, Refused] {
            assert!(may_verify(closed).unwrap_err().0.contains(&format!("already {closed}")));
            assert!(may_fulfil(closed, true).is_err());
            assert!(may_complete(closed, RequestType::Complaint, None).is_err());
            assert!(may_refuse(closed).is_err());
        }
        assert!(may_verify(Verified).is_err());
        assert!(may_refuse(Verified).is_ok());
    }
}
