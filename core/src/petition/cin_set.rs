//! The set of distinct CINs of a large list, packed in `u64`s: the one structure that grows
//! with the list, and the one random memory access for each valid row.

use std::hash::BuildHasher;

/// How many keys [`PackedCinSet::touch`] reads ahead at once.
pub(super) const GROUP: usize = 16;

/// Packed CINs (never zero: the length is folded into the key) in one open-addressing table,
/// probed linearly and kept at most three quarters full.
///
/// For a list of a million signatories the table outgrows the processor's caches, and each
/// insert waits for memory. A general-purpose set waits for one key after another; here the
/// caller first [`touch`](PackedCinSet::touch)es the slots of a group of keys, so that their
/// waits overlap, then inserts them in order. Keys are hashed with a seed chosen per set, by
/// foldhash's quality hasher: its fast one leaves the low bits, which pick the slot, too
/// little mixed for linear probing (a review measured probes of thousands of slots on packed
/// CINs for some seeds, against at most a few hundred with this one).
#[derive(Debug, Clone)]
pub(super) struct PackedCinSet {
    slots: Vec<u64>,
    len: usize,
    hasher: foldhash::quality::RandomState,
}

const EMPTY: u64 = 0;
const MIN_SLOTS: usize = 16;

impl Default for PackedCinSet {
    fn default() -> Self {
        PackedCinSet { slots: vec![EMPTY; MIN_SLOTS], len: 0, hasher: foldhash::quality::RandomState::default() }
    }
}

impl PackedCinSet {
    /// Makes room for `additional` more keys without growing.
    pub(super) fn reserve(&mut self, additional: usize) {
        let needed = Self::slots_for(self.len.saturating_add(additional));
        if needed > self.slots.len() {
            self.resize(needed);
        }
    }

    /// Inserts `key`; `true` when it was not there yet.
    pub(super) fn insert(&mut self, key: u64) -> bool {
        debug_assert_ne!(key, EMPTY, "a packed CIN has its length folded in");
        if Self::slots_for(self.len + 1) > self.slots.len() {
            self.resize(self.slots.len() * 2);
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            match self.slots[at] {
                EMPTY => {
                    self.slots[at] = key;
                    self.len += 1;
                    return true;
                }
                slot if slot == key => return false,
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Reads the slot where each key's probe starts, so that the memory waits of a group of
    /// keys overlap and their inserts then find the slots in cache.
    pub(super) fn touch(&self, keys: impl Iterator<Item = u64>) {
        let folded = keys.fold(EMPTY, |folded, key| folded ^ self.slots[self.home(key)]);
        std::hint::black_box(folded);
    }

    /// A power of two that keeps `keys` at most three quarters of the slots.
    fn slots_for(keys: usize) -> usize {
        keys.saturating_add(keys / 3).saturating_add(1).next_power_of_two().max(MIN_SLOTS)
    }

    /// Where the probe for `key` starts (the table's length is a power of two).
    fn home(&self, key: u64) -> usize {
        (self.hasher.hash_one(key) as usize) & (self.slots.len() - 1)
    }

    fn resize(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; slots]);
        self.len = 0;
        for key in old.into_iter().filter(|&key| key != EMPTY) {
            self.insert(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        /// The set answers as the standard one does, through growth and on collisions
        /// (keys drawn from a small range repeat often).
        #[test]
        fn answers_as_a_hash_set(keys in proptest::collection::vec(1u64..400, 0..2000), reserve in 0usize..500) {
            let mut packed = PackedCinSet::default();
            packed.reserve(reserve);
            let mut reference = HashSet::new();
            for group in keys.chunks(GROUP) {
                packed.touch(group.iter().copied());
                for &key in group {
                    prop_assert_eq!(packed.insert(key), reference.insert(key));
                }
            }
            prop_assert_eq!(packed.len, reference.len());
            prop_assert!(packed.len * 4 <= packed.slots.len() * 3);
        }
    }

    #[test]
    fn reserving_for_a_list_allocates_once() {
        let mut packed = PackedCinSet::default();
        packed.reserve(760_000);
        let slots = packed.slots.len();
        assert_eq!(slots, 1 << 20, "760 000 keys fit three quarters of 2^20 slots");
        for key in 1..=760_000 {
            assert!(packed.insert(key << 8 | 1 << 60));
        }
        assert_eq!(packed.slots.len(), slots);
        assert!(!packed.insert(1 << 8 | 1 << 60));
    }
}
