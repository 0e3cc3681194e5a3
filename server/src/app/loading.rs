//! A bulk load in flight in this process (the demo's): while it runs, reports are refused with
//! how far it got, instead of being answered from half the records as if they were the figures.

use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::{Error, Msg, Result};

/// Shared between the loader, which advances it, and the app, which refuses reports while it is
/// unfinished. The default is a load that never started: nothing is refused.
#[derive(Clone, Debug, Default)]
pub struct Loading(Arc<Mutex<Option<Progress>>>);

/// How far a load got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What is loaded (`the demo bloc KHOI`).
    pub what: Msg,
    /// The current step, 1-based; 0 before the first.
    pub step: u32,
    /// How many steps the load has.
    pub steps: u32,
    /// What the current step sends (`persons`).
    pub step_name: Msg,
    /// Records of the current step sent so far.
    pub done: u64,
    /// Records the current step sends in all.
    pub total: u64,
}

impl Loading {
    /// A load of `what` in `steps` steps, unfinished from now on.
    pub fn started(what: Msg, steps: u32) -> Self {
        Self(Arc::new(Mutex::new(Some(Progress {
            what,
            step: 0,
            steps,
            step_name: Msg::new("chuẩn bị", "preparing"),
            done: 0,
            total: 0,
        }))))
    }

    /// Moves on to step `step`, which sends `total` records.
    pub fn step(&self, step: u32, step_name: Msg, total: u64) {
        self.with(|p| {
            p.step = step;
            p.step_name = step_name;
            p.done = 0;
            p.total = total;
        });
    }

    /// Counts `n` more records of the current step as sent.
    pub fn advance(&self, n: u64) {
        self.with(|p| p.done = (p.done + n).min(p.total));
    }

    /// Ends the load, loaded or not: from now on nothing is refused.
    pub fn finish(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// How far the load got, while it is unfinished.
    pub fn progress(&self) -> Option<Progress> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Refuses (`UNAVAILABLE`, `LOAD_IN_PROGRESS`) while a load is unfinished, saying how far it
    /// got: figures read now would be those of half the records.
    pub(crate) fn check(&self) -> Result<()> {
        let Some(p) = self.progress() else {
            return Ok(());
        };
        Err(Error::Loading {
            msg: Msg::new(
                format!(
                    "Máy chủ đang nạp {} (bước {}/{}: {}, {}/{}); số liệu chưa đầy đủ, hãy thử lại khi nạp xong",
                    p.what.vi, p.step, p.steps, p.step_name.vi, p.done, p.total
                ),
                format!(
                    "the server is still loading {} (step {} of {}: {}, {} of {}); the figures are incomplete, try again once it has loaded",
                    p.what.en, p.step, p.steps, p.step_name.en, p.done, p.total
                ),
            ),
        })
    }

    fn with(&self, f: impl FnOnce(&mut Progress)) {
        if let Some(p) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            f(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_load_refuses_with_how_far_it_got_and_a_finished_one_does_not() {
        assert!(Loading::default().check().is_ok());
        let loading = Loading::started(Msg::new("khối KHOI", "the KHOI bloc"), 5);
        let refused = |l: &Loading| match l.check() {
            Err(Error::Loading { msg }) => msg.en,
            other => panic!("{other:?}"),
        };
        assert!(refused(&loading).contains("step 0 of 5: preparing"));
        loading.step(2, Msg::new("người", "persons"), 10);
        loading.advance(3);
        loading.advance(30);
        assert!(
            refused(&loading).contains("step 2 of 5: persons, 10 of 10"),
            "{}",
            refused(&loading)
        );
        let other_handle = loading.clone();
        other_handle.finish();
        assert!(loading.check().is_ok());
        assert_eq!(loading.progress(), None);
    }
}
