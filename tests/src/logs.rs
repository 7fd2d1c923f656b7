//! A `tracing` subscriber that writes every event and span field, at every
//! level, into a string that tests search.
//!
//! Use it in a test binary of its own: `tracing` caches per call site
//! whether any subscriber wants its events, and a test without a subscriber
//! running in parallel could make that cache skip the capturing one.

use std::fmt::{Debug, Write as _};
use std::future::Future;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Captured log text: one line per event or span, starting with the level
/// for events, then `name=value` for each field.
#[derive(Clone, Default)]
pub struct CapturedLogs {
    text: Arc<Mutex<String>>,
}

impl CapturedLogs {
    /// Creates an empty capture.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns a subscriber that appends to this capture.
    pub fn subscriber(&self) -> impl Subscriber + Send + Sync + 'static {
        CapturingSubscriber {
            text: Arc::clone(&self.text),
        }
    }

    /// Runs `future` on a new current-thread runtime with this capture as
    /// the default subscriber, and returns its output.
    ///
    /// # Panics
    ///
    /// Panics when the runtime cannot be created.
    pub fn run<F: Future>(&self, future: F) -> F::Output {
        tracing::subscriber::with_default(self.subscriber(), || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime builds")
                .block_on(future)
        })
    }

    /// Returns the text captured so far.
    pub fn text(&self) -> String {
        self.text
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Returns the captured lines that contain every one of `parts`.
    pub fn lines_with(&self, parts: &[&str]) -> Vec<String> {
        self.text()
            .lines()
            .filter(|line| parts.iter().all(|part| line.contains(part)))
            .map(str::to_owned)
            .collect()
    }
}

struct CapturingSubscriber {
    text: Arc<Mutex<String>>,
}

impl CapturingSubscriber {
    fn append(&self, prefix: &str, record: impl FnOnce(&mut FieldWriter<'_>)) {
        let mut text = self
            .text
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        text.push_str(prefix);
        record(&mut FieldWriter { text: &mut text });
        text.push('\n');
    }
}

struct FieldWriter<'a> {
    text: &'a mut String,
}

impl Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.text, "{}={value:?} ", field.name());
    }
}

impl Subscriber for CapturingSubscriber {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.append("SPAN ", |writer| span.record(writer));
        Id::from_u64(1)
    }

    fn record(&self, _span: &Id, values: &Record<'_>) {
        self.append("SPAN ", |writer| values.record(writer));
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let prefix = format!("{} ", event.metadata().level());
        self.append(&prefix, |writer| event.record(writer));
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}
