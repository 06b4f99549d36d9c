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

/// One node: the value bytes that lead on from it, and the rule lists of codes stopping at it.
#[derive(Debug, Default)]
struct Node {
    /// (byte, node), few: codes are digits and a few separators.
    children: Vec<(u8, u32)>,
    /// The rule list's number of a code ending here, and of one going on past here.
    ends: Option<u32>,
    goes_on: Option<u32>,
}

/// Where the walk of a code stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stop {
    node: u32,
    ends: bool,
}

/// The rule values of one field and direction, as a trie.
#[derive(Debug)]
pub(crate) struct CodeTrie {
    nodes: Vec<Node>,
}

impl CodeTrie {
    /// A trie of `values` (the values of the exact and prefix rules, in any order).
    pub(crate) fn new<'v>(values: impl IntoIterator<Item = &'v str>) -> Self {
        let mut nodes = vec![Node::default()];
        for value in values {
            let mut node = 0;
            for &byte in value.as_bytes() {
                node = match nodes[node].children.iter().find(|(b, _)| *b == byte) {
                    Some(&(_, child)) => child as usize,
                    None => {
                        let child = nodes.len();
                        nodes.push(Node::default());
                        nodes[node].children.push((byte, child as u32));
                        child
                    }
                };
            }
        }
        CodeTrie { nodes }
    }

    /// Where the walk of `code` stops.
    #[inline]
    pub(crate) fn walk(&self, code: &[u8]) -> Stop {
        let mut node = 0;
        for &byte in code {
            match self.nodes[node].children.iter().find(|(b, _)| *b == byte) {
                Some(&(_, child)) => node = child as usize,
                None => return Stop { node: node as u32, ends: false },
            }
        }
        Stop { node: node as u32, ends: true }
    }

    /// The rule list's number of codes stopping at `stop`, once known.
    #[inline]
    pub(crate) fn signature(&self, stop: Stop) -> Option<u32> {
        let node = &self.nodes[stop.node as usize];
        if stop.ends { node.ends } else { node.goes_on }
    }

    /// Keeps the rule list's number of codes stopping at `stop`.
    pub(crate) fn remember(&mut self, stop: Stop, signature: u32) {
        let node = &mut self.nodes[stop.node as usize];
        *(if stop.ends { &mut node.ends } else { &mut node.goes_on }) = Some(signature);
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
