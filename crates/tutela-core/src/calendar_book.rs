//! An operator's calendars: its own definitions, resolved on demand against each other and the
//! built-in calendars, following `extends` chains to a bounded depth.

use std::collections::HashMap;

use crate::calendar::{self, Calendar, CalendarError};

/// How deep `extends` chains of an operator's calendars may go.
pub const MAX_EXTENDS_DEPTH: usize = 4;

/// Why a calendar could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BookError {
    /// No calendar has this id.
    #[error("unknown calendar {id:?}: built-in calendars are {builtin}{own}")]
    Unknown {
        /// The id asked for.
        id: String,
        /// The built-in ids, comma-separated.
        builtin: String,
        /// `; the operator's own: ...`, or empty.
        own: String,
    },
    /// An `extends` chain is too long or loops.
    #[error("calendar {id:?}: 'extends' chain is longer than {MAX_EXTENDS_DEPTH} (or loops)")]
    TooDeep {
        /// The calendar at which the depth ran out.
        id: String,
    },
    /// A definition does not parse.
    #[error(transparent)]
    Invalid(#[from] CalendarError),
}

/// The operator's own calendar definitions (id → TOML text) in front of the built-in calendars.
#[derive(Debug, Clone, Default)]
pub struct CalendarBook {
    own: HashMap<String, String>,
}

impl CalendarBook {
    /// A book of the operator's own definitions.
    pub fn new(own: impl IntoIterator<Item = (String, String)>) -> Self {
        CalendarBook { own: own.into_iter().collect() }
    }

    /// The ids of the operator's own calendars, sorted.
    pub fn own_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.own.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// The calendar with this id: the operator's own first, then a built-in.
    pub fn resolve(&self, id: &str) -> Result<Calendar, BookError> {
        self.resolve_at(id, 0)?.ok_or_else(|| self.unknown(id))
    }

    /// Parses a definition, resolving its `extends` against this book.
    pub fn parse(&self, definition: &str) -> Result<Calendar, BookError> {
        self.parse_at(definition, 0)
    }

    fn resolve_at(&self, id: &str, depth: usize) -> Result<Option<Calendar>, BookError> {
        if depth > MAX_EXTENDS_DEPTH {
            return Err(BookError::TooDeep { id: id.to_owned() });
        }
        match self.own.get(id) {
            Some(definition) => self.parse_at(definition, depth).map(Some),
            None => Ok(calendar::builtin(id).cloned()),
        }
    }

    fn parse_at(&self, definition: &str, depth: usize) -> Result<Calendar, BookError> {
        // A base that fails to resolve is reported as itself, not as "unknown base".
        let failure = std::cell::RefCell::new(None);
        let parsed = Calendar::parse_toml_with(definition, |base| match self.resolve_at(base, depth + 1) {
            Ok(found) => found,
            Err(err) => {
                failure.replace(Some(err));
                None
            }
        });
        if let Some(err) = failure.into_inner() {
            return Err(err);
        }
        Ok(parsed?)
    }

    fn unknown(&self, id: &str) -> BookError {
        let own = self.own_ids();
        let own = if own.is_empty() { String::new() } else { format!("; the operator's own: {}", own.join(", ")) };
        BookError::Unknown { id: id.to_owned(), builtin: calendar::builtin_ids().join(", "), own }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extending(id: &str, base: &str) -> (String, String) {
        (id.to_owned(), format!("id = \"{id}\"\nname = \"{id}\"\nextends = \"{base}\"\n"))
    }

    #[test]
    fn own_calendars_extend_each_other_and_the_built_ins() {
        let book = CalendarBook::new([extending("shop", "ru"), extending("shop-msk", "shop")]);
        assert_eq!(book.resolve("shop-msk").unwrap().id().to_string(), "shop-msk");
        assert_eq!(book.resolve("ru").unwrap().id().to_string(), "ru");
        let unknown = book.resolve("mars").unwrap_err().to_string();
        assert!(unknown.contains("\"mars\"") && unknown.contains("the operator's own: shop, shop-msk"), "{unknown}");
    }

    #[test]
    fn a_loop_is_refused_with_its_name() {
        let book = CalendarBook::new([extending("a", "b"), extending("b", "a")]);
        assert!(matches!(book.resolve("a"), Err(BookError::TooDeep { .. })));
    }
}
