//! The audit log's entries and the hash chains that link them (DESIGN §8): pure, so that the
//! append and `VerifyAuditLog` compute one hash the same way.
//!
//! The log is spread over [`CHAINS`] chains. An entry's hash covers its chain, its place, the
//! hash before it and every field, so a row changed in place no longer gives its hash, a row
//! removed leaves a gap in the places, and a row added after a chain's head is beyond the
//! place the head (kept in another table) records.

use chrono::{DateTime, SubsecRound as _, Utc};
use sha2::{Digest, Sha256};

/// How many chains the log is spread over (seeded by the migration).
pub const CHAINS: i16 = 16;

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audited call. Never holds a national ID number: subjects are resource names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When the server handled the call, to the microsecond (what both databases keep).
    pub at: DateTime<Utc>,
    pub principal: String,
    /// The gRPC method path.
    pub method: String,
    /// Resource names the call read or changed.
    pub subjects: Vec<String>,
    /// `OK` or the refusal's reason.
    pub outcome: String,
    pub request_id: Option<String>,
}

impl Entry {
    /// `at` as stored: databases keep microseconds, so the hash must not see more.
    pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
        at.trunc_subsecs(6)
    }
}

/// An entry in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    pub chain: i16,
    pub seq: i64,
    pub entry: Entry,
    pub hash: String,
}

impl Linked {
    /// The entry's resource name.
    pub fn name(&self) -> String {
        format!("chains/{}/entries/{}", self.chain, self.seq)
    }
}

/// The last entry of a chain as its head row records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub chain: i16,
    pub seq: i64,
    pub hash: String,
}

/// The hash of `entry` at `seq` of `chain`, after `previous`. Each field is length-prefixed,
/// so that no two different entries write the same bytes.
pub fn link(chain: i16, seq: i64, previous: &str, entry: &Entry) -> String {
    let mut hash = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    field(b"dangvien.audit.v1");
    field(&chain.to_le_bytes());
    field(&seq.to_le_bytes());
    field(previous.as_bytes());
    field(Entry::truncate(entry.at).to_rfc3339().as_bytes());
    field(entry.principal.as_bytes());
    field(entry.method.as_bytes());
    field(&(entry.subjects.len() as u64).to_le_bytes());
    for subject in &entry.subjects {
        field(subject.as_bytes());
    }
    field(entry.outcome.as_bytes());
    field(entry.request_id.as_deref().unwrap_or_default().as_bytes());
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Links `entries` after `head`, returning the new rows and the head after them.
pub fn append(head: &Head, entries: Vec<Entry>) -> (Vec<Linked>, Head) {
    let mut previous = head.hash.clone();
    let mut seq = head.seq;
    let rows = entries
        .into_iter()
        .map(|entry| {
            seq += 1;
            let hash = link(head.chain, seq, &previous, &entry);
            previous.clone_from(&hash);
            Linked {
                chain: head.chain,
                seq,
                entry,
                hash,
            }
        })
        .collect();
    let head = Head {
        chain: head.chain,
        seq,
        hash: previous,
    };
    (rows, head)
}

/// Where a chain does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    pub chain: i16,
    pub seq: i64,
    pub what: &'static str,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "chains/{}/entries/{}: {}",
            self.chain, self.seq, self.what
        )
    }
}

/// A walk of one chain, fed its rows in place order (a page at a time, so that memory stays
/// bounded).
#[derive(Debug)]
pub struct Walk {
    chain: i16,
    seq: i64,
    previous: String,
    breaks: Vec<Break>,
    checked: u64,
}

impl Walk {
    /// A walk from the chain's start.
    pub fn new(chain: i16) -> Self {
        Self {
            chain,
            seq: 0,
            previous: GENESIS.to_owned(),
            breaks: Vec::new(),
            checked: 0,
        }
    }

    /// The place after the last row seen, to read the next page from.
    pub fn after(&self) -> i64 {
        self.seq
    }

    /// Checks the next row.
    pub fn row(&mut self, row: &Linked) {
        self.checked += 1;
        let expected = self.seq + 1;
        if row.seq != expected {
            // The rows in between are gone; the row after them was linked to one of them, so
            // its own hash cannot be checked, only the ones after it.
            self.breaks
                .push(self.broken(expected, "missing: removed from the log"));
        } else if link(self.chain, row.seq, &self.previous, &row.entry) != row.hash {
            self.breaks.push(self.broken(
                row.seq,
                "its fields or the row before it do not give its hash: changed or inserted",
            ));
        }
        self.seq = row.seq;
        self.previous.clone_from(&row.hash);
    }

    /// Ends the walk at the chain's recorded head.
    pub fn finish(mut self, head: &Head) -> (u64, Vec<Break>) {
        if head.seq > self.seq {
            self.breaks
                .push(self.broken(self.seq + 1, "missing: removed from the end of the log"));
        } else if head.seq < self.seq {
            self.breaks
                .push(self.broken(head.seq + 1, "beyond the chain's head: inserted"));
        } else if head.hash != self.previous {
            self.breaks
                .push(self.broken(self.seq, "not the chain's recorded head: changed"));
        }
        (self.checked, self.breaks)
    }

    fn broken(&self, seq: i64, what: &'static str) -> Break {
        Break {
            chain: self.chain,
            seq,
            what,
        }
    }
}

/// The resource names a stored record is about: its own, and for a decision or a membership
/// the person's too, so that listing a person's entries finds what was decided about them.
pub fn subjects(record: &crate::domain::sync::Record) -> Vec<String> {
    use crate::domain::sync::Record;
    let key = record.key();
    let own = subject(key.kind, &key.key);
    match record {
        Record::Decision(d) => vec![own, format!("people/{}", d.person)],
        Record::Member(m) => vec![own, format!("people/{}", m.person)],
        Record::Org(_) | Record::OrgEvent(_) | Record::Person(_) | Record::Target(_) => vec![own],
    }
}

/// The resource name of a sync record, as audit subjects name it.
pub fn subject(kind: &str, key: &str) -> String {
    match kind {
        "org" => format!("organizations/{key}"),
        "person" => format!("people/{key}"),
        "member" => format!("people/{key}/member"),
        "decision" => format!("decisions/{key}"),
        "target" => format!("targets/{key}"),
        "org_event" => format!("orgEvents/{key}"),
        other => format!("{other}/{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u32) -> Entry {
        Entry {
            at: DateTime::from_timestamp(1_765_000_000 + i64::from(n), 123_456_789)
                .unwrap_or_default(),
            principal: "clerk-a".to_owned(),
            method: "/dangvien.v1.PersonService/GetPerson".to_owned(),
            subjects: vec![format!("people/P{n}")],
            outcome: "OK".to_owned(),
            request_id: None,
        }
    }

    fn chain(n: u32) -> (Vec<Linked>, Head) {
        let start = Head {
            chain: 3,
            seq: 0,
            hash: GENESIS.to_owned(),
        };
        append(&start, (1..=n).map(entry).collect())
    }

    fn walk(rows: &[Linked], head: &Head) -> Vec<Break> {
        let mut walk = Walk::new(3);
        for row in rows {
            walk.row(row);
        }
        walk.finish(head).1
    }

    #[test]
    fn an_untouched_chain_holds_and_appending_in_two_goes_is_appending_in_one() {
        let (rows, head) = chain(5);
        assert_eq!(walk(&rows, &head), []);
        let (first, mid) = append(
            &Head {
                chain: 3,
                seq: 0,
                hash: GENESIS.to_owned(),
            },
            (1..=2).map(entry).collect(),
        );
        let (rest, end) = append(&mid, (3..=5).map(entry).collect());
        assert_eq!([first, rest].concat(), rows);
        assert_eq!(end, head);
    }

    #[test]
    fn a_changed_row_is_named() {
        let (mut rows, head) = chain(5);
        rows[2].entry.outcome = "ACCESS_DENIED".to_owned();
        let breaks = walk(&rows, &head);
        assert_eq!(breaks.len(), 1, "{breaks:?}");
        assert_eq!(breaks[0].seq, 3);
    }

    #[test]
    fn a_removed_row_is_named_in_the_middle_and_at_the_end() {
        let (mut rows, head) = chain(5);
        rows.remove(1);
        let breaks = walk(&rows, &head);
        assert_eq!(breaks.len(), 1, "{breaks:?}");
        assert_eq!(
            (breaks[0].seq, breaks[0].what.starts_with("missing")),
            (2, true)
        );
        let (mut rows, head) = chain(5);
        rows.pop();
        let breaks = walk(&rows, &head);
        assert_eq!(breaks.iter().map(|b| b.seq).collect::<Vec<_>>(), [5]);
    }

    #[test]
    fn an_inserted_row_is_named_even_when_its_hash_was_computed_right() {
        let (mut rows, head) = chain(5);
        let last = rows[4].clone();
        let forged = entry(99);
        rows.push(Linked {
            chain: 3,
            seq: 6,
            hash: link(3, 6, &last.hash, &forged),
            entry: forged,
        });
        let breaks = walk(&rows, &head);
        assert_eq!(breaks.iter().map(|b| b.seq).collect::<Vec<_>>(), [6]);
    }

    #[test]
    fn time_is_hashed_to_the_microsecond_that_databases_keep() {
        let a = entry(1);
        let mut b = a.clone();
        b.at = Entry::truncate(b.at);
        assert_ne!(a.at, b.at);
        assert_eq!(link(0, 1, GENESIS, &a), link(0, 1, GENESIS, &b));
    }
}
