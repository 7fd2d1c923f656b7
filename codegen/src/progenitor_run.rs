//! Running progenitor on a parsed document, with its panics turned into errors.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::Error;

/// Serializes panic-hook swaps, because the hook is global to the process.
static PANIC_HOOK_LOCK: Mutex<()> = Mutex::new(());

/// Returns the progenitor settings this project generates with.
///
/// The builder interface gives `client.list_disaster_recover().project_id(..)`
/// call chains, where a new optional query parameter is a new method rather
/// than a new positional argument that breaks every caller.
///
/// The client carries a `dws_client::auth::Authenticator` as its inner
/// value, and hooks are expected: the generated code only compiles next to
/// the hand-written `ClientHooks` implementation in `generated/src/hooks.rs`,
/// which signs every request, so no request can leave unsigned.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_inner_type(quote!(crate::auth::Authenticator))
        .with_hooks(HooksMode::Expected);
    settings
}

/// Generates the client tokens for `document`.
///
/// # Errors
///
/// [`Error::Progenitor`] when progenitor rejects the document, and
/// [`Error::ProgenitorPanic`] when it panics. Both name the failing
/// operation when generating each operation on its own isolates one.
pub fn generate_tokens(path: &Path, document: &OpenAPI) -> Result<TokenStream, Error> {
    generate_tokens_with(path, document, &settings())
}

/// Generates the client tokens for `document` with the given `settings`,
/// such as [`settings`] with replacement types registered.
///
/// # Errors
///
/// The same as [`generate_tokens`].
pub fn generate_tokens_with(
    path: &Path,
    document: &OpenAPI,
    settings: &GenerationSettings,
) -> Result<TokenStream, Error> {
    match run(document, settings) {
        Ok(tokens) => Ok(tokens),
        Err(failure) => Err(failure.into_error(path, isolate_operation(document, settings))),
    }
}

enum Failure {
    Rejected(String),
    Panicked(String),
}

impl Failure {
    fn into_error(self, path: &Path, operation: Option<String>) -> Error {
        match self {
            Failure::Rejected(message) => Error::Progenitor {
                path: path.to_owned(),
                operation,
                message,
            },
            Failure::Panicked(message) => Error::ProgenitorPanic {
                path: path.to_owned(),
                operation,
                message,
            },
        }
    }
}

fn run(document: &OpenAPI, settings: &GenerationSettings) -> Result<TokenStream, Failure> {
    let _guard = PANIC_HOOK_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());

    // Silence the default hook so a caught panic is reported once, as an error.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(document)
    }));
    panic::set_hook(previous_hook);

    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(Failure::Rejected(error.to_string())),
        Err(payload) => Err(Failure::Panicked(panic_message(payload.as_ref()))),
    }
}

/// Finds the first operation that fails when generated alone.
///
/// Called only after a failure, so a working spec pays nothing for it.
fn isolate_operation(document: &OpenAPI, settings: &GenerationSettings) -> Option<String> {
    for (path, item) in &document.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in item.iter() {
            let mut single = document.clone();
            let mut single_item = item.clone();
            retain_method(&mut single_item, method);
            single.paths.paths.clear();
            single
                .paths
                .paths
                .insert(path.clone(), openapiv3::ReferenceOr::Item(single_item));

            if run(&single, settings).is_err() {
                let id = operation
                    .operation_id
                    .as_deref()
                    .unwrap_or("<no operationId>");
                return Some(format!("{id} ({} {path})", method.to_uppercase()));
            }
        }
    }
    None
}

fn retain_method(item: &mut openapiv3::PathItem, keep: &str) {
    let slots = [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ];
    for (method, slot) in slots {
        if method != keep {
            *slot = None;
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
