//! The code rules of one field and direction as a trie of their values' bytes, so that which
//! rules a line's code matches is found by walking its bytes, at a cost that does not depend on
//! how many distinct codes a budget holds.
//!
//! Code rules are exact or prefix rules ([`super::mapping::MatchKind`]). Every prefix of every
//! rule value is a node. Walking a code's bytes from the root stops at the node of its longest
//! prefix that is a node, either with the code used up ("ends") or with bytes left ("goes on").
//! The rules the code matches depend on that stop alone: the prefix rules whose values are the
//! nodes on the way, and, when the code ends there, the exact rules whose value is that node. So
//! each stop keeps the number of its rule list once worked out, and any other code stopping
//! there reuses it. Memory grows with the rules, not with the codes.
//!
//! The trie is a table, as a regular-expression automaton is: the bytes of the rule values are
//! numbered (their "classes", a few digits and separators; every other byte is class 0, which
//! leads nowhere), and each node has one entry per class. A step of the walk is then two loads,
//! whatever the number of children.

/// No node: the entry of a byte that leads nowhere.
const NOWHERE: u32 = u32::MAX;

/// Where the walk of a code stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stop {
    node: u32,
    ends: bool,
}

/// The rule values of one field and direction, as a trie.
#[derive(Debug)]
pub(crate) struct CodeTrie {
    /// The class of each byte: 0 for bytes in no rule value.
    classes: [u16; 256],
    /// How many classes, 0 included: the width of a node's row in `next`.
    width: usize,
    /// The node each (node, class) leads to, row by row: `next[node * width + class]`.
    next: Vec<u32>,
    /// For each node, the rule list's number of a code ending there and of one going on past it,
    /// once worked out.
    signatures: Vec<[Option<u32>; 2]>,
}

impl CodeTrie {
    /// A trie of `values` (the values of the exact and prefix rules, in any order).
    pub(crate) fn new<'v>(values: impl IntoIterator<Item = &'v str>) -> Self {
        let values: Vec<&[u8]> = values.into_iter().map(str::as_bytes).collect();
        let mut classes = [0u16; 256];
        let mut width = 1;
        for &byte in values.iter().flat_map(|value| value.iter()) {
            if classes[usize::from(byte)] == 0 {
                classes[usize::from(byte)] = width as u16;
                width += 1;
            }
        }
        let mut trie = CodeTrie { classes, width, next: vec![NOWHERE; width], signatures: vec![[None; 2]] };
        for value in values {
            let mut node = 0;
            for &byte in value {
                let entry = node * width + usize::from(classes[usize::from(byte)]);
                node = match trie.next[entry] {
                    NOWHERE => {
                        let child = trie.signatures.len();
                        trie.next[entry] = child as u32;
                        trie.next.resize(trie.next.len() + width, NOWHERE);
                        trie.signatures.push([None; 2]);
                        child
                    }
                    child => child as usize,
                };
            }
        }
        trie
    }

    /// Where the walk of `code` stops.
    #[inline]
    pub(crate) fn walk(&self, code: &[u8]) -> Stop {
        let mut node = 0;
        for &byte in code {
            let class = usize::from(self.classes[usize::from(byte)]);
            match self.next.get(node * self.width + class) {
                Some(&child) if child != NOWHERE => node = child as usize,
                _ => return Stop { node: node as u32, ends: false },
            }
        }
        Stop { node: node as u32, ends: true }
    }

    /// The rule list's number of codes stopping at `stop`, once known.
    #[inline]
    pub(crate) fn signature(&self, stop: Stop) -> Option<u32> {
        self.signatures.get(stop.node as usize).and_then(|known| known[usize::from(!stop.ends)])
    }

    /// Keeps the rule list's number of codes stopping at `stop`.
    pub(crate) fn remember(&mut self, stop: Stop, signature: u32) {
        if let Some(known) = self.signatures.get_mut(stop.node as usize) {
            known[usize::from(!stop.ends)] = Some(signature);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The values a code matches, as exact (equal) and prefix (starts with) rules would.
    fn matches<'v>(values: &[&'v str], code: &str) -> (Vec<&'v str>, Vec<&'v str>) {
        let exact = values.iter().copied().filter(|v| *v == code).collect();
        let prefix = values.iter().copied().filter(|v| code.starts_with(*v)).collect();
        (exact, prefix)
    }

    #[test]
    fn a_walk_stops_at_the_longest_value_prefix() {
        let trie = CodeTrie::new(["04.5", "04", "1111"]);
        assert!(trie.walk(b"04.5").ends);
        assert_ne!(trie.walk(b"04.5"), trie.walk(b"04"));
        assert!(!trie.walk(b"04.51").ends);
        assert!(!trie.walk(b"04.7").ends);
        assert_ne!(trie.walk(b"04.51"), trie.walk(b"04.7"));
        assert_eq!(trie.walk(b"04.71"), trie.walk(b"04.7"));
        assert!(trie.walk(b"").ends);
        assert_eq!(trie.walk(b"9"), trie.walk(b"987"));
    }

    #[test]
    fn bytes_in_no_value_lead_nowhere() {
        // Multi-byte values (Arabic digits) share the table with ASCII ones.
        let trie = CodeTrie::new(["٢٠", "20", "2"]);
        assert!(trie.walk("٢٠".as_bytes()).ends);
        assert!(!trie.walk("٢١".as_bytes()).ends);
        assert_eq!(trie.walk(b"2x"), trie.walk(b"2\xff"));
        assert_ne!(trie.walk(b"2x"), trie.walk(b"20x"));
        let empty = CodeTrie::new([]);
        assert_eq!(empty.walk(b"123"), empty.walk(b"9"));
        assert!(empty.walk(b"").ends);
    }

    proptest! {
        /// Two codes that stop at the same place match the same values, exactly and by prefix:
        /// the walk's stop may stand for the code's rule list.
        #[test]
        fn codes_stopping_alike_match_alike(
            values in proptest::collection::vec("[0-9.]{0,4}", 0..8),
            a in "[0-9.]{0,6}",
            b in "[0-9.]{0,6}",
        ) {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let trie = CodeTrie::new(values.iter().copied());
            if trie.walk(a.as_bytes()) == trie.walk(b.as_bytes()) {
                prop_assert_eq!(matches(&values, &a), matches(&values, &b));
            }
        }
    }
}
