//! How many calls one principal may have in flight: the per-principal limit while it calls
//! alone, and its share of the running slots while others call too. A fixed limit high enough
//! for one client's parallel work (the local admin's, a nightly job's) lets a flood keep every
//! running slot busy with its own calls, on cores that then answer everyone else late; held to
//! its share, the flood's extra calls are shed (with `RetryInfo`) instead of run.
//!
//! A principal counts as calling for [`LINGER`] after its last call ended, so that a caller
//! making one call after another is not forgotten in the microseconds between them.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use tokio::time::Instant;

/// How long a principal counts as calling after its last call ended.
pub(crate) const LINGER: Duration = Duration::from_secs(1);

/// Each principal's calls in flight, against the limits.
#[derive(Debug)]
pub(crate) struct Shares {
    /// In flight from one principal while no other calls.
    alone: usize,
    /// The running slots that principals share while several call.
    running: usize,
    callers: Mutex<HashMap<String, Calls>>,
}

#[derive(Debug)]
struct Calls {
    in_flight: usize,
    /// When a call of this principal last started or ended.
    last: Instant,
}

/// Why a call was not admitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Full {
    /// The calls this principal may have in flight now.
    pub(crate) limit: usize,
    /// Other principals calling, whose presence made `limit` a share.
    pub(crate) others: usize,
}

/// One admitted call's place; dropping it ends the call.
#[derive(Debug)]
pub(crate) struct Place {
    shares: Arc<Shares>,
    principal: String,
}

impl Shares {
    pub(crate) fn new(alone: usize, running: usize) -> Arc<Self> {
        Arc::new(Self {
            alone: alone.max(1),
            running: running.max(1),
            callers: Mutex::default(),
        })
    }

    /// A place for one more of `principal`'s calls, if it is within its limit.
    pub(crate) fn admit(self: &Arc<Self>, principal: &str) -> Result<Place, Full> {
        let now = Instant::now();
        let mut callers = self.lock();
        // Forgetting who stopped calling here keeps the map to the principals calling now.
        callers.retain(|_, c| c.in_flight > 0 || now.duration_since(c.last) < LINGER);
        let others = callers.keys().filter(|name| *name != principal).count();
        let limit = match others {
            0 => self.alone,
            n => (self.running / (n + 1)).clamp(1, self.alone),
        };
        let calls = callers.entry(principal.to_owned()).or_insert(Calls {
            in_flight: 0,
            last: now,
        });
        if calls.in_flight >= limit {
            return Err(Full { limit, others });
        }
        calls.in_flight += 1;
        calls.last = now;
        Ok(Place {
            shares: Arc::clone(self),
            principal: principal.to_owned(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Calls>> {
        self.callers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut callers = self.shares.lock();
        if let Some(calls) = callers.get_mut(&self.principal) {
            calls.in_flight -= 1;
            calls.last = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Admits `n` of `who`'s calls, which must all fit.
    fn admit_n(shares: &Arc<Shares>, who: &str, n: usize) -> Vec<Place> {
        (0..n)
            .map(|i| {
                shares
                    .admit(who)
                    .unwrap_or_else(|e| panic!("{who}'s call {i}: {e:?}"))
            })
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn alone_a_principal_has_the_whole_limit() {
        let shares = Shares::new(8, 2);
        let _places = admit_n(&shares, "admin", 8);
        assert_eq!(
            shares.admit("admin").unwrap_err(),
            Full {
                limit: 8,
                others: 0
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn beside_others_a_principal_is_held_to_its_share_of_the_running_slots() {
        let shares = Shares::new(64, 4);
        let _calm = admit_n(&shares, "calm", 1);
        let _flood = admit_n(&shares, "flood", 2);
        assert_eq!(
            shares.admit("flood").unwrap_err(),
            Full {
                limit: 2,
                others: 1
            }
        );
        let _third = admit_n(&shares, "sync", 1);
        // Four slots among three: one each, and never none.
        assert_eq!(
            shares.admit("sync").unwrap_err(),
            Full {
                limit: 1,
                others: 2
            }
        );
        let _many: Vec<_> = (0..10)
            .map(|i| admit_n(&shares, &format!("p{i}"), 1))
            .collect();
    }

    #[tokio::test(start_paused = true)]
    async fn calls_already_in_flight_are_kept_and_the_share_applies_to_new_ones() {
        let shares = Shares::new(64, 4);
        let flood = admit_n(&shares, "flood", 10);
        let _calm = admit_n(&shares, "calm", 1);
        assert_eq!(shares.admit("flood").unwrap_err().limit, 2);
        drop(flood);
        let _again = admit_n(&shares, "flood", 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_principal_counts_as_calling_for_a_while_after_its_last_call() {
        let shares = Shares::new(64, 4);
        drop(admit_n(&shares, "calm", 1));
        tokio::time::advance(LINGER - Duration::from_millis(1)).await;
        let _flood = admit_n(&shares, "flood", 2);
        assert!(shares.admit("flood").is_err(), "calm still counts");
        tokio::time::advance(Duration::from_millis(1)).await;
        let _more = admit_n(&shares, "flood", 62);
    }
}
