//! Sets of ids: purposes and special features ([`IdSet`], ids 1–64) and vendors ([`VendorSet`], ids
//! 1–[`MAX_VENDOR_ID`]).
//!
//! Both serialize as a sorted JSON list of ids (`[1, 3, 7]`), which is what people and the consent
//! ledger want to read, and both refuse id 0 and ids beyond their limit when built, so a set in
//! memory always fits the string it came from or goes to.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::MAX_VENDOR_ID;

/// Why an id cannot go into a set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Ids start at 1.
    #[error("id 0 is not valid; ids start at 1")]
    Zero,
    /// The id is above the set's limit.
    #[error("id {id} is above the limit of {limit}")]
    AboveLimit {
        /// The id.
        id: u64,
        /// The limit.
        limit: u64,
    },
}

/// A set of small ids, 1 to 64: purposes, special features, custom purposes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct IdSet(u64);

impl IdSet {
    /// The largest id an `IdSet` holds.
    pub const MAX_ID: u8 = 64;

    /// The empty set.
    pub const fn new() -> Self {
        Self(0)
    }

    /// Adds `id`.
    pub fn insert(&mut self, id: u8) -> Result<(), IdError> {
        match id {
            0 => Err(IdError::Zero),
            1..=64 => {
                self.0 |= 1 << (id - 1);
                Ok(())
            }
            _ => Err(IdError::AboveLimit { id: id.into(), limit: Self::MAX_ID.into() }),
        }
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: u8) -> bool {
        (1..=64).contains(&id) && self.0 & (1 << (id - 1)) != 0
    }

    /// The ids in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        (1..=Self::MAX_ID).filter(|&id| self.contains(id))
    }

    /// The largest id, or 0 when empty.
    pub fn max_id(&self) -> u8 {
        (64 - self.0.leading_zeros()) as u8
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The ids as a vector, ascending.
    pub fn to_vec(&self) -> Vec<u8> {
        self.iter().collect()
    }

    /// A set of the given ids.
    pub fn from_ids(ids: impl IntoIterator<Item = u8>) -> Result<Self, IdError> {
        let mut set = Self::new();
        for id in ids {
            set.insert(id)?;
        }
        Ok(set)
    }
}

impl Serialize for IdSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for IdSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ids = Vec::<u8>::deserialize(deserializer)?;
        Self::from_ids(ids).map_err(serde::de::Error::custom)
    }
}

/// A set of vendor ids, 1 to [`MAX_VENDOR_ID`], stored as a bitmap.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct VendorSet {
    /// Bit `id - 1` is set when `id` is in the set; no trailing zero words, so equal sets compare
    /// equal.
    words: Vec<u64>,
}

impl VendorSet {
    /// The empty set.
    pub const fn new() -> Self {
        Self { words: Vec::new() }
    }

    /// Adds `id`.
    pub fn insert(&mut self, id: u16) -> Result<(), IdError> {
        if id == 0 {
            return Err(IdError::Zero);
        }
        if id > MAX_VENDOR_ID {
            return Err(IdError::AboveLimit { id: id.into(), limit: MAX_VENDOR_ID.into() });
        }
        let index = usize::from(id - 1);
        let word = index / 64;
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << (index % 64);
        Ok(())
    }

    /// Adds every id from `start` to `end` inclusive.
    pub fn insert_range(&mut self, start: u16, end: u16) -> Result<(), IdError> {
        for id in start..=end {
            self.insert(id)?;
        }
        Ok(())
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: u16) -> bool {
        if id == 0 {
            return false;
        }
        let index = usize::from(id - 1);
        self.words.get(index / 64).is_some_and(|w| w & (1 << (index % 64)) != 0)
    }

    /// The ids in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            (0..64u16).filter(move |bit| word & (1 << bit) != 0).map(move |bit| i as u16 * 64 + bit + 1)
        })
    }

    /// The largest id, or 0 when empty.
    pub fn max_id(&self) -> u16 {
        match self.words.last() {
            Some(&w) => (self.words.len() as u16 - 1) * 64 + (64 - w.leading_zeros()) as u16,
            None => 0,
        }
    }

    /// How many ids the set holds.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The ids as a vector, ascending.
    pub fn to_vec(&self) -> Vec<u16> {
        self.iter().collect()
    }

    /// The set as maximal runs of consecutive ids, ascending: `(start, end)` inclusive.
    pub fn runs(&self) -> Vec<(u16, u16)> {
        let mut runs: Vec<(u16, u16)> = Vec::new();
        for id in self.iter() {
            match runs.last_mut() {
                Some((_, end)) if *end + 1 == id => *end = id,
                _ => runs.push((id, id)),
            }
        }
        runs
    }

    /// A set of the given ids.
    pub fn from_ids(ids: impl IntoIterator<Item = u16>) -> Result<Self, IdError> {
        let mut set = Self::new();
        for id in ids {
            set.insert(id)?;
        }
        Ok(set)
    }
}

impl Serialize for VendorSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for VendorSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ids = Vec::<u16>::deserialize(deserializer)?;
        Self::from_ids(ids).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_set_keeps_ids_one_to_sixty_four() {
        let set = IdSet::from_ids([1, 24, 64]).unwrap();
        assert_eq!(set.to_vec(), vec![1, 24, 64]);
        assert_eq!(set.max_id(), 64);
        assert!(!set.contains(2) && !set.contains(0) && !set.contains(65));
        assert_eq!(IdSet::from_ids([0]), Err(IdError::Zero));
        assert!(matches!(IdSet::from_ids([65]), Err(IdError::AboveLimit { id: 65, .. })));
    }

    #[test]
    fn vendor_set_runs_and_max() {
        let set = VendorSet::from_ids([5, 1, 2, 3, 64, 65, 200]).unwrap();
        assert_eq!(set.to_vec(), vec![1, 2, 3, 5, 64, 65, 200]);
        assert_eq!(set.runs(), vec![(1, 3), (5, 5), (64, 65), (200, 200)]);
        assert_eq!(set.max_id(), 200);
        assert_eq!(set.len(), 7);
        assert_eq!(VendorSet::new().max_id(), 0);
        assert!(VendorSet::from_ids([MAX_VENDOR_ID + 1]).is_err());
    }

    #[test]
    fn sets_serialize_as_sorted_lists() {
        let set = VendorSet::from_ids([9, 3]).unwrap();
        assert_eq!(serde_json::to_string(&set).unwrap(), "[3,9]");
        let back: VendorSet = serde_json::from_str("[9,3]").unwrap();
        assert_eq!(back, set);
        assert!(serde_json::from_str::<IdSet>("[0]").is_err());
    }
}
