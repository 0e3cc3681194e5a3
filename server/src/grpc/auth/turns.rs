//! Turns to run: an admitted call waits here for one of a few running slots, and a freed slot
//! goes to the waiting principal with the fewest calls running (in turn among equals), not to
//! the oldest call. Without it, one principal's 64 admitted calls stand in front of another's
//! one, and on a small server that one waits for all of them; with it, a principal with one
//! call waits only for the first slot to free. Waiting here is bounded by the in-flight limits
//! that admitted the call, so it is not a queue that grows.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use tokio::sync::oneshot;

/// The running slots and who waits for them.
#[derive(Debug)]
pub(crate) struct Turns {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    free: usize,
    /// Principals with waiting calls, in the order their turns come among equals.
    order: VecDeque<String>,
    /// Each principal's waiting calls, oldest first.
    waiting: HashMap<String, VecDeque<oneshot::Sender<Turn>>>,
    /// Each principal's running calls, where there are any.
    running: HashMap<String, usize>,
}

/// One running slot, held for `principal`; dropping it hands the slot on.
#[derive(Debug)]
pub(crate) struct Turn {
    /// `None` once the turn was handed back unused (see [`Turns::release`]).
    turns: Option<Arc<Turns>>,
    principal: String,
}

impl Turns {
    pub(crate) fn new(slots: usize) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State {
                free: slots.max(1),
                order: VecDeque::new(),
                waiting: HashMap::new(),
                running: HashMap::new(),
            }),
        })
    }

    /// A slot for one of `principal`'s calls, once its turn comes.
    pub(crate) async fn take(self: &Arc<Self>, principal: &str) -> Turn {
        let receiver = {
            let mut state = self.lock();
            if state.free > 0 && state.order.is_empty() {
                state.free -= 1;
                *state.running.entry(principal.to_owned()).or_default() += 1;
                return self.turn(principal.to_owned());
            }
            let (sender, receiver) = oneshot::channel();
            let queue = state.waiting.entry(principal.to_owned()).or_default();
            let first = queue.is_empty();
            queue.push_back(sender);
            if first {
                state.order.push_back(principal.to_owned());
            }
            receiver
        };
        // The sender stays in `waiting` until a turn is sent on it, and is dropped unsent only
        // once this receiver is gone; so the error arm is never taken while this call waits.
        receiver.await.unwrap_or_else(|_| Turn {
            turns: None,
            principal: principal.to_owned(),
        })
    }

    fn turn(self: &Arc<Self>, principal: String) -> Turn {
        Turn {
            turns: Some(Arc::clone(self)),
            principal,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Ends one of `principal`'s calls and hands its slot to the next waiting call, or frees
    /// it. A call that stopped waiting (its client went away) is passed over. A turn sent to a
    /// call that then goes away before running is dropped in the channel, and so released again.
    fn release(self: &Arc<Self>, principal: &str) {
        let mut ended = principal.to_owned();
        loop {
            let (sender, next) = {
                let mut state = self.lock();
                state.end(&ended);
                match state.next() {
                    Some(next) => next,
                    None => {
                        state.free += 1;
                        return;
                    }
                }
            };
            // Outside the lock: a turn coming back unsent must not be released under it.
            match sender.send(self.turn(next)) {
                Ok(()) => return,
                Err(mut unsent) => {
                    unsent.turns = None;
                    ended = std::mem::take(&mut unsent.principal);
                }
            }
        }
    }
}

impl State {
    fn end(&mut self, principal: &str) {
        if let Some(n) = self.running.get_mut(principal) {
            *n -= 1;
            if *n == 0 {
                self.running.remove(principal);
            }
        }
    }

    /// The next waiting call and its principal: of the principals with the fewest calls
    /// running, the first in turn. It is counted as running.
    fn next(&mut self) -> Option<(oneshot::Sender<Turn>, String)> {
        loop {
            let running = |p: &String| self.running.get(p).copied().unwrap_or(0);
            let (at, _) = self
                .order
                .iter()
                .enumerate()
                .min_by_key(|(i, p)| (running(p), *i))?;
            let principal = self.order.remove(at)?;
            let Some(queue) = self.waiting.get_mut(&principal) else {
                continue;
            };
            let sender = queue.pop_front();
            if queue.is_empty() {
                self.waiting.remove(&principal);
            } else {
                self.order.push_back(principal.clone());
            }
            if let Some(sender) = sender.filter(|s| !s.is_closed()) {
                *self.running.entry(principal.clone()).or_default() += 1;
                return Some((sender, principal));
            }
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(turns) = self.turns.take() {
            turns.release(&self.principal);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Whether `future` finishes without waiting.
    async fn ready<T>(future: impl Future<Output = T>) -> Option<T> {
        tokio::time::timeout(Duration::from_millis(20), future)
            .await
            .ok()
    }

    #[tokio::test]
    async fn a_free_slot_is_taken_at_once_and_the_rest_wait() {
        let turns = Turns::new(2);
        let a = ready(turns.take("a")).await.unwrap();
        let _b = ready(turns.take("a")).await.unwrap();
        assert!(ready(turns.take("a")).await.is_none());
        drop(a);
        assert!(ready(turns.take("a")).await.is_some());
    }

    #[tokio::test]
    async fn principals_take_turns_whoever_queued_first() {
        let turns = Turns::new(1);
        let running = turns.take("flood").await;
        let (done, mut order) = tokio::sync::mpsc::unbounded_channel();
        let mut tasks = Vec::new();
        // The flood queues five calls before calm queues one.
        for (i, who) in ["flood", "flood", "flood", "flood", "flood", "calm"]
            .into_iter()
            .enumerate()
        {
            let (mine, done) = (Arc::clone(&turns), done.clone());
            tasks.push(tokio::spawn(async move {
                let turn = mine.take(who).await;
                done.send(who).unwrap();
                drop(turn);
            }));
            // Each queued before the next.
            while turns
                .lock()
                .waiting
                .values()
                .map(VecDeque::len)
                .sum::<usize>()
                <= i
            {
                tokio::task::yield_now().await;
            }
        }
        drop(running);
        for task in tasks {
            task.await.unwrap();
        }
        drop(done);
        let mut seen = Vec::new();
        while let Some(who) = order.recv().await {
            seen.push(who);
        }
        assert_eq!(seen, ["flood", "calm", "flood", "flood", "flood", "flood"]);
    }

    #[tokio::test]
    async fn a_freed_slot_goes_to_the_principal_with_fewest_running() {
        let turns = Turns::new(2);
        let first = turns.take("flood").await;
        let _second = turns.take("flood").await;
        let mut flood = Box::pin(turns.take("flood"));
        assert!(futures_poll_once(&mut flood).await.is_none());
        let mut calm = Box::pin(turns.take("calm"));
        assert!(futures_poll_once(&mut calm).await.is_none());
        // flood still runs one call and calm none: calm's call runs, though queued later.
        drop(first);
        let calm = ready(&mut calm).await;
        assert!(calm.is_some());
        assert!(futures_poll_once(&mut flood).await.is_none());
        assert_eq!(turns.lock().running["flood"], 1);
        assert_eq!(turns.lock().running["calm"], 1);
    }

    #[tokio::test]
    async fn a_call_that_stops_waiting_gives_up_no_slot() {
        let turns = Turns::new(1);
        let running = turns.take("a").await;
        // Waits, then is dropped (its client went away).
        assert!(ready(turns.take("b")).await.is_none());
        drop(running);
        let again = ready(turns.take("c")).await.unwrap();
        drop(again);
        let state = turns.lock();
        assert_eq!(state.free, 1);
        assert!(state.waiting.is_empty() && state.order.is_empty() && state.running.is_empty());
    }

    #[tokio::test]
    async fn a_turn_sent_to_a_call_that_then_goes_away_comes_back() {
        let turns = Turns::new(1);
        let running = turns.take("a").await;
        let waiting = turns.take("b");
        let mut waiting = Box::pin(waiting);
        // Queued, not yet granted.
        assert!(futures_poll_once(&mut waiting).await.is_none());
        drop(running);
        // The turn is in b's channel; b goes away without running.
        drop(waiting);
        assert_eq!(turns.lock().free, 1);
    }

    /// Polls `future` once.
    async fn futures_poll_once<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut *future).poll(cx) {
                std::task::Poll::Ready(v) => Some(v),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
