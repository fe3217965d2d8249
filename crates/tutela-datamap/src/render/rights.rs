//! The subject's rights under each law, with the provision that grants each, for the notice's
//! rights table. Facts from the laws' texts: GDPR (and UK GDPR) arts. 7(3), 15-18, 20-22, 77;
//! 152-FZ arts. 9(2), 14, 16, 17; PIPL arts. 15, 24, 44-48, 65; DPDP Act ss. 6(4), 11-14; CCPA
//! (Cal. Civ. Code) ss. 1798.105-1798.120.

use crate::model::Jurisdiction;

/// Every law a data map can name, in the order tables list them.
pub(crate) const JURISDICTIONS: [Jurisdiction; 6] = [
    Jurisdiction::Ru152Fz,
    Jurisdiction::EuGdpr,
    Jurisdiction::UkGdpr,
    Jurisdiction::CnPipl,
    Jurisdiction::InDpdp,
    Jurisdiction::UsCaCcpa,
];

/// How a law numbers its provisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Numbering {
    /// "art. 15"
    Article,
    /// "s. 11"
    Section,
}

/// A right and where each law grants it.
pub(crate) struct Right {
    /// The message id suffix (`right-<id>`).
    pub id: &'static str,
    pub provisions: &'static [(Jurisdiction, Numbering, &'static str)],
}

use Jurisdiction::{CnPipl as CN, EuGdpr as EU, InDpdp as IN, Ru152Fz as RU, UkGdpr as UK, UsCaCcpa as CA};
use Numbering::{Article as A, Section as S};

/// The rights, in the order the notice lists them.
pub(crate) const RIGHTS: &[Right] = &[
    Right {
        id: "access",
        provisions: &[(RU, A, "14"), (EU, A, "15"), (UK, A, "15"), (CN, A, "45"), (IN, S, "11"), (CA, S, "1798.110")],
    },
    Right {
        id: "rectification",
        provisions: &[
            (RU, A, "14(1)"),
            (EU, A, "16"),
            (UK, A, "16"),
            (CN, A, "46"),
            (IN, S, "12"),
            (CA, S, "1798.106"),
        ],
    },
    Right {
        id: "erasure",
        provisions: &[
            (RU, A, "14(1)"),
            (EU, A, "17"),
            (UK, A, "17"),
            (CN, A, "47"),
            (IN, S, "12"),
            (CA, S, "1798.105"),
        ],
    },
    Right { id: "restriction", provisions: &[(RU, A, "14(1)"), (EU, A, "18"), (UK, A, "18"), (CN, A, "44")] },
    Right { id: "portability", provisions: &[(EU, A, "20"), (UK, A, "20"), (CN, A, "45(3)")] },
    Right { id: "objection", provisions: &[(EU, A, "21"), (UK, A, "21"), (CN, A, "44")] },
    Right {
        id: "withdrawal",
        provisions: &[(RU, A, "9(2)"), (EU, A, "7(3)"), (UK, A, "7(3)"), (CN, A, "15"), (IN, S, "6(4)")],
    },
    Right { id: "automated_decision", provisions: &[(RU, A, "16"), (EU, A, "22"), (UK, A, "22"), (CN, A, "24")] },
    Right { id: "explanation", provisions: &[(CN, A, "48")] },
    Right { id: "opt_out", provisions: &[(CA, S, "1798.120")] },
    Right { id: "nomination", provisions: &[(IN, S, "14")] },
    Right { id: "complaint", provisions: &[(RU, A, "17"), (EU, A, "77"), (UK, A, "77"), (CN, A, "65"), (IN, S, "13")] },
];
