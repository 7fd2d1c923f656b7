//! Schemas that the generated code takes from outside progenitor: the
//! hand-written types of the `dws-client` crate and the enums emitted by
//! [`crate::extensible_enum`].

use progenitor::{GenerationSettings, TypeImpl};

use crate::extensible_enum::ExtensibleEnum;

/// A component schema replaced by a hand-written type of `dws-client`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandWrittenType {
    /// Schema name under `components.schemas`.
    pub schema: &'static str,
    /// Path of the Rust type from the `dws-client` crate root.
    pub rust_path: &'static str,
}

/// Hand-written types that replace spec schemas. A schema listed here that
/// the spec does not declare is ignored.
pub const HAND_WRITTEN_TYPES: &[HandWrittenType] = &[HandWrittenType {
    // Keeps the raw text, because the API gives timestamps without a zone
    // and progenitor's `format: date-time` rejects them.
    schema: "DrTimestamp",
    rust_path: "crate::timestamp::Timestamp",
}];

/// Traits every replacement type implements, so that progenitor may use
/// them, for example to build query parameters from strings.
const REPLACEMENT_IMPLS: [TypeImpl; 3] = [
    TypeImpl::Display,
    TypeImpl::FromStr,
    TypeImpl::FromStringIrrefutable,
];

/// Returns the project's progenitor settings with every replacement type
/// registered: each of `enums` and each of [`HAND_WRITTEN_TYPES`].
pub fn settings(enums: &[ExtensibleEnum]) -> GenerationSettings {
    let mut settings = crate::progenitor_run::settings();
    for extensible in enums {
        settings.with_replacement(
            &extensible.name,
            extensible.rust_path(),
            REPLACEMENT_IMPLS.into_iter(),
        );
    }
    for hand_written in HAND_WRITTEN_TYPES {
        settings.with_replacement(
            hand_written.schema,
            hand_written.rust_path,
            REPLACEMENT_IMPLS.into_iter(),
        );
    }
    settings
}
