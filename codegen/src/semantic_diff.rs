//! A reviewer's summary of what a change to the generated source means for
//! the API: types, fields, enum values, operations, parameters and status
//! codes added, removed or changed, with their Rust types.
//!
//! Both sources are parsed with `syn`. The summary reads progenitor's layout:
//! models in `mod types`, operations as methods of `impl Client`, and their
//! parameters as fields of the request builders in `mod builder` (or as
//! method arguments, for the positional interface).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// Methods of `impl Client` that construct the client rather than send a
/// request.
const CONSTRUCTORS: [&str; 2] = ["new", "new_with_client"];

/// Module holding the generated models.
const TYPES_MODULE: &str = "types";

/// Module holding the request builders.
const BUILDER_MODULE: &str = "builder";

/// Failure to build a summary.
#[derive(Debug, thiserror::Error)]
pub enum SemanticDiffError {
    /// One of the two sources is not a Rust file.
    #[error(
        "the {side} source does not parse as Rust ({message}), so no semantic summary is shown"
    )]
    Parse {
        /// `committed` or `generated`.
        side: &'static str,
        /// Parser message.
        message: String,
    },
}

/// Whether a change adds, removes or alters something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// Present only in the new source.
    Added,
    /// Present only in the committed source.
    Removed,
    /// Present in both, but different.
    Changed,
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sign::Added => "+",
            Sign::Removed => "-",
            Sign::Changed => "~",
        })
    }
}

/// One line of the summary, such as `+ field DisasterRecovery.name: Option<String>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub sign: Sign,
    /// Description of the change, starting with its kind (`type`, `field`, `enum value`,
    /// `operation`, `parameter`, `status`).
    pub text: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.sign, self.text)
    }
}

/// The semantic changes between two generated sources.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SemanticDiff {
    /// Changes to models first, then to operations, each sorted by name.
    pub changes: Vec<Change>,
    /// Whether the sources differ only in their leading `//` comment lines,
    /// the header with the spec path and hash.
    pub header_only: bool,
}

impl SemanticDiff {
    /// Returns whether no type, field, enum value, operation, parameter,
    /// status code or doc comment changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

impl fmt::Display for SemanticDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.header_only {
            return f.write_str(
                "Semantic summary: the code is unchanged; only the header (spec path or hash) differs.",
            );
        }
        if self.changes.is_empty() {
            return f.write_str(
                "Semantic summary: no type, field, enum value, operation, parameter, status code or doc comment changed; the difference is in derives, attributes, code bodies or formatting.",
            );
        }
        writeln!(f, "Semantic summary (committed -> generated):")?;
        for (index, change) in self.changes.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "  {change}")?;
        }
        Ok(())
    }
}

/// Compares the committed source with the newly generated one.
///
/// # Errors
///
/// [`SemanticDiffError::Parse`] when either source is not valid Rust.
pub fn compare(committed: &str, generated: &str) -> Result<SemanticDiff, SemanticDiffError> {
    let before = ApiSurface::parse(committed).map_err(|error| SemanticDiffError::Parse {
        side: "committed",
        message: error.to_string(),
    })?;
    let after = ApiSurface::parse(generated).map_err(|error| SemanticDiffError::Parse {
        side: "generated",
        message: error.to_string(),
    })?;
    let mut summary = before.diff(&after);
    summary.header_only =
        summary.changes.is_empty() && without_header(committed) == without_header(generated);
    Ok(summary)
}

/// Returns `source` after its leading `//` comment lines.
fn without_header(source: &str) -> &str {
    let mut rest = source;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, tail)| tail);
    }
    rest
}

/// The parts of a generated client a reviewer cares about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiSurface {
    /// Models in `mod types`, by name.
    pub types: BTreeMap<String, TypeShape>,
    /// Client methods that send a request, by name.
    pub operations: BTreeMap<String, OperationShape>,
}

/// One generated model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeShape {
    /// `struct`, `enum` or `type alias`.
    pub kind: &'static str,
    /// Doc comment text.
    pub docs: String,
    /// Derived traits, as written.
    pub derives: String,
    /// Fields of a struct (tuple fields are named `0`, `1`, ...).
    pub fields: BTreeMap<String, FieldShape>,
    /// Variants of an enum.
    pub variants: BTreeMap<String, VariantShape>,
    /// Target of a type alias.
    pub alias_of: String,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldShape {
    /// Rust type with module paths removed, such as `Option<String>`.
    pub rust_type: String,
    /// The `#[serde(...)]` attributes, as written.
    pub serde: String,
    /// Doc comment text.
    pub docs: String,
}

/// One enum variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantShape {
    /// Value on the wire, when a `#[serde(rename = "...")]` attribute names
    /// it. A variant without one is serialized under its own name, unless a
    /// hand-written serde impl decides otherwise, so none is claimed.
    pub wire: Option<String>,
    /// Payload of a tuple or struct variant, such as `(String)`; empty for
    /// a unit variant.
    pub payload: String,
}

/// One client operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationShape {
    /// Method and path, such as `GET /v2/{project_id}/disaster-recoveries`.
    pub request: String,
    /// Doc comment text of the client method.
    pub docs: String,
    /// Parameters by name, with their Rust types.
    pub parameters: BTreeMap<String, String>,
    /// Success type returned by `send`.
    pub response: String,
    /// Status codes and ranges the response handling names.
    pub statuses: BTreeSet<String>,
}

impl ApiSurface {
    /// Parses a generated source file.
    ///
    /// # Errors
    ///
    /// The `syn` error when `source` is not a Rust file.
    pub fn parse(source: &str) -> Result<ApiSurface, syn::Error> {
        let file = syn::parse_file(source)?;
        let mut surface = ApiSurface::default();

        if let Some(items) = module_items(&file.items, TYPES_MODULE) {
            for item in items {
                if let Some((name, shape)) = type_shape(item) {
                    surface.types.insert(name, shape);
                }
            }
        }

        let builders = module_items(&file.items, BUILDER_MODULE).unwrap_or(&[]);
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            if block.trait_.is_some() || last_ident(&block.self_ty).as_deref() != Some("Client") {
                continue;
            }
            for member in &block.items {
                let syn::ImplItem::Fn(method) = member else {
                    continue;
                };
                let name = method.sig.ident.to_string();
                if !matches!(method.vis, syn::Visibility::Public(_))
                    || CONSTRUCTORS.contains(&name.as_str())
                {
                    continue;
                }
                surface
                    .operations
                    .insert(name, operation_shape(method, builders));
            }
        }
        Ok(surface)
    }

    /// Lists the changes from `self` (committed) to `after` (generated).
    pub fn diff(&self, after: &ApiSurface) -> SemanticDiff {
        let mut changes = Vec::new();
        for (name, shape) in &self.types {
            match after.types.get(name) {
                None => changes.push(removed(format!("type {name} ({})", shape.summary()))),
                Some(new) => diff_type(name, shape, new, &mut changes),
            }
        }
        for (name, shape) in &after.types {
            if !self.types.contains_key(name) {
                changes.push(added(format!("type {name} ({})", shape.kind)));
                for (field, details) in &shape.fields {
                    changes.push(added(format!(
                        "field {name}.{field}: {}",
                        details.rust_type
                    )));
                }
                for (variant, details) in &shape.variants {
                    changes.push(added(format!(
                        "enum value {name}::{variant}{}",
                        details.describe()
                    )));
                }
            }
        }

        for (name, operation) in &self.operations {
            match after.operations.get(name) {
                None => changes.push(removed(format!("operation {name}: {}", operation.request))),
                Some(new) => diff_operation(name, operation, new, &mut changes),
            }
        }
        for (name, operation) in &after.operations {
            if !self.operations.contains_key(name) {
                changes.push(added(format!(
                    "operation {name}: {} -> {}",
                    operation.request, operation.response
                )));
                for (parameter, rust_type) in &operation.parameters {
                    changes.push(added(format!("parameter {name}.{parameter}: {rust_type}")));
                }
            }
        }
        SemanticDiff {
            changes,
            header_only: false,
        }
    }
}

fn added(text: String) -> Change {
    Change {
        sign: Sign::Added,
        text,
    }
}

fn removed(text: String) -> Change {
    Change {
        sign: Sign::Removed,
        text,
    }
}

fn changed(text: String) -> Change {
    Change {
        sign: Sign::Changed,
        text,
    }
}

impl TypeShape {
    fn summary(&self) -> String {
        match self.kind {
            "struct" => format!("struct, {} fields", self.fields.len()),
            "enum" => format!("enum, {} values", self.variants.len()),
            _ => format!("alias of {}", self.alias_of),
        }
    }
}

impl VariantShape {
    fn describe(&self) -> String {
        match &self.wire {
            Some(wire) => format!("{} (\"{wire}\")", self.payload),
            None => self.payload.clone(),
        }
    }
}

fn diff_type(name: &str, before: &TypeShape, after: &TypeShape, changes: &mut Vec<Change>) {
    if before.kind != after.kind {
        changes.push(changed(format!(
            "type {name}: {} -> {}",
            before.summary(),
            after.summary()
        )));
        return;
    }
    if before.alias_of != after.alias_of {
        changes.push(changed(format!(
            "type {name}: alias of {} -> {}",
            before.alias_of, after.alias_of
        )));
    }
    if before.docs != after.docs {
        changes.push(changed(format!("type {name}: doc comment changed")));
    }
    if before.derives != after.derives {
        changes.push(changed(format!(
            "type {name}: derives {} -> {}",
            before.derives, after.derives
        )));
    }

    for (field, old) in &before.fields {
        let Some(new) = after.fields.get(field) else {
            changes.push(removed(format!("field {name}.{field}: {}", old.rust_type)));
            continue;
        };
        if old.rust_type != new.rust_type {
            changes.push(changed(format!(
                "field {name}.{field}: {} -> {}",
                old.rust_type, new.rust_type
            )));
        }
        if old.serde != new.serde {
            changes.push(changed(format!(
                "field {name}.{field}: serde attributes {} -> {}",
                or_none(&old.serde),
                or_none(&new.serde)
            )));
        }
        if old.docs != new.docs {
            changes.push(changed(format!(
                "field {name}.{field}: doc comment changed"
            )));
        }
    }
    for (field, new) in &after.fields {
        if !before.fields.contains_key(field) {
            changes.push(added(format!("field {name}.{field}: {}", new.rust_type)));
        }
    }

    for (variant, old) in &before.variants {
        match after.variants.get(variant) {
            None => changes.push(removed(format!(
                "enum value {name}::{variant}{}",
                old.describe()
            ))),
            Some(new) if new != old => changes.push(changed(format!(
                "enum value {name}::{variant}: {} -> {}",
                old.describe().trim_start(),
                new.describe().trim_start()
            ))),
            Some(_) => {}
        }
    }
    for (variant, new) in &after.variants {
        if !before.variants.contains_key(variant) {
            changes.push(added(format!(
                "enum value {name}::{variant}{}",
                new.describe()
            )));
        }
    }
}

fn diff_operation(
    name: &str,
    before: &OperationShape,
    after: &OperationShape,
    changes: &mut Vec<Change>,
) {
    if before.request != after.request {
        changes.push(changed(format!(
            "operation {name}: {} -> {}",
            before.request, after.request
        )));
    }
    if before.response != after.response {
        changes.push(changed(format!(
            "operation {name}: response {} -> {}",
            before.response, after.response
        )));
    }
    if before.docs != after.docs {
        changes.push(changed(format!("operation {name}: doc comment changed")));
    }
    for (parameter, old) in &before.parameters {
        match after.parameters.get(parameter) {
            None => changes.push(removed(format!("parameter {name}.{parameter}: {old}"))),
            Some(new) if new != old => {
                changes.push(changed(format!(
                    "parameter {name}.{parameter}: {old} -> {new}"
                )));
            }
            Some(_) => {}
        }
    }
    for (parameter, new) in &after.parameters {
        if !before.parameters.contains_key(parameter) {
            changes.push(added(format!("parameter {name}.{parameter}: {new}")));
        }
    }
    for status in before.statuses.difference(&after.statuses) {
        changes.push(removed(format!("status {name} {status}")));
    }
    for status in after.statuses.difference(&before.statuses) {
        changes.push(added(format!("status {name} {status}")));
    }
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}

/// Returns the items of the top-level module `name`.
fn module_items<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a [syn::Item]> {
    items.iter().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == name => {
            module.content.as_ref().map(|(_, items)| items.as_slice())
        }
        _ => None,
    })
}

fn type_shape(item: &syn::Item) -> Option<(String, TypeShape)> {
    let empty = |kind, attrs: &[syn::Attribute]| TypeShape {
        kind,
        docs: docs(attrs),
        derives: derives(attrs),
        fields: BTreeMap::new(),
        variants: BTreeMap::new(),
        alias_of: String::new(),
    };
    match item {
        syn::Item::Struct(item) => {
            let mut shape = empty("struct", &item.attrs);
            for (index, field) in item.fields.iter().enumerate() {
                let name = field
                    .ident
                    .as_ref()
                    .map_or_else(|| index.to_string(), ToString::to_string);
                shape.fields.insert(
                    name,
                    FieldShape {
                        rust_type: type_name(&field.ty),
                        serde: serde_attributes(&field.attrs),
                        docs: docs(&field.attrs),
                    },
                );
            }
            Some((item.ident.to_string(), shape))
        }
        syn::Item::Enum(item) => {
            let mut shape = empty("enum", &item.attrs);
            for variant in &item.variants {
                let name = variant.ident.to_string();
                let payload = payload(&variant.fields);
                let wire = serde_rename(&variant.attrs);
                shape.variants.insert(name, VariantShape { wire, payload });
            }
            Some((item.ident.to_string(), shape))
        }
        syn::Item::Type(item) => {
            let mut shape = empty("type alias", &item.attrs);
            shape.alias_of = type_name(&item.ty);
            Some((item.ident.to_string(), shape))
        }
        _ => None,
    }
}

/// Writes the fields of an enum variant as `(String)` or `{ id: String }`,
/// or nothing for a unit variant.
fn payload(fields: &syn::Fields) -> String {
    let typed: Vec<String> = fields
        .iter()
        .map(|field| match &field.ident {
            Some(name) => format!("{name}: {}", type_name(&field.ty)),
            None => type_name(&field.ty),
        })
        .collect();
    match fields {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(_) => format!("({})", typed.join(", ")),
        syn::Fields::Named(_) => format!(" {{ {} }}", typed.join(", ")),
    }
}

fn operation_shape(method: &syn::ImplItemFn, builders: &[syn::Item]) -> OperationShape {
    let docs = docs(&method.attrs);
    let request = request_line(&docs).unwrap_or_else(|| "(request line not documented)".to_owned());
    let returned = match &method.sig.output {
        syn::ReturnType::Type(_, returned) => last_ident(returned),
        syn::ReturnType::Default => None,
    };
    let builder = returned.and_then(|name| builder_parts(builders, &name));

    let (parameters, response, statuses) = match builder {
        Some((fields, send)) => {
            let parameters = fields
                .named
                .iter()
                .filter_map(|field| {
                    let name = field.ident.as_ref()?.to_string();
                    (name != "client").then(|| (name, type_name(strip_result(&field.ty))))
                })
                .collect();
            let (response, statuses) = match send {
                Some(send) => (
                    success_type(&send.sig.output),
                    statuses(&send.block.to_token_stream()),
                ),
                None => (String::new(), BTreeSet::new()),
            };
            (parameters, response, statuses)
        }
        None => {
            let parameters = method
                .sig
                .inputs
                .iter()
                .filter_map(|input| match input {
                    syn::FnArg::Typed(typed) => {
                        Some((compact(&typed.pat.to_token_stream()), type_name(&typed.ty)))
                    }
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            (
                parameters,
                success_type(&method.sig.output),
                statuses(&method.block.to_token_stream()),
            )
        }
    };
    OperationShape {
        request,
        docs,
        parameters,
        response,
        statuses,
    }
}

/// Finds the builder struct `name` and its `send` method.
fn builder_parts<'a>(
    builders: &'a [syn::Item],
    name: &str,
) -> Option<(&'a syn::FieldsNamed, Option<&'a syn::ImplItemFn>)> {
    let fields = builders.iter().find_map(|item| match item {
        syn::Item::Struct(item) if item.ident == name => match &item.fields {
            syn::Fields::Named(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    })?;
    let send = builders.iter().find_map(|item| match item {
        syn::Item::Impl(block)
            if block.trait_.is_none() && last_ident(&block.self_ty).as_deref() == Some(name) =>
        {
            block.items.iter().find_map(|member| match member {
                syn::ImplItem::Fn(method) if method.sig.ident == "send" => Some(method),
                _ => None,
            })
        }
        _ => None,
    });
    Some((fields, send))
}

/// Reads "Sends a `GET` request to `/path`" from a progenitor doc comment.
fn request_line(docs: &str) -> Option<String> {
    let rest = &docs[docs.find("Sends a `")? + "Sends a `".len()..];
    let (method, rest) = rest.split_once('`')?;
    let rest = &rest[rest.find('`')? + 1..];
    let (path, _) = rest.split_once('`')?;
    Some(format!("{method} {path}"))
}

/// Returns `T` from `Result<ResponseValue<T>, Error<E>>`, or the whole
/// return type when it has another shape.
fn success_type(output: &syn::ReturnType) -> String {
    let syn::ReturnType::Type(_, returned) = output else {
        return "()".to_owned();
    };
    let text = type_name(returned);
    text.strip_prefix("Result<ResponseValue<")
        .and_then(|rest| rest.split_once(">,"))
        .map_or(text.clone(), |(success, _)| success.to_owned())
}

/// Returns `T` from a builder field of type `Result<T, String>`.
fn strip_result(ty: &syn::Type) -> &syn::Type {
    if let syn::Type::Path(path) = ty
        && let Some(segment) = path.path.segments.last()
        && segment.ident == "Result"
        && let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments
        && let Some(syn::GenericArgument::Type(inner)) = arguments.args.first()
    {
        return inner;
    }
    ty
}

/// Collects the status codes (`404`) and ranges (`400..=499`) that a
/// response `match` names as `u16` literals.
fn statuses(tokens: &TokenStream) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let flat = flatten(tokens);
    let mut index = 0;
    while index < flat.len() {
        if let Some(start) = status_literal(&flat[index]) {
            let is_range = flat.len() > index + 4
                && is_punct(&flat[index + 1], '.')
                && is_punct(&flat[index + 2], '.')
                && is_punct(&flat[index + 3], '=');
            if is_range && let Some(end) = status_literal(&flat[index + 4]) {
                found.insert(format!("{start}..={end}"));
                index += 5;
                continue;
            }
            found.insert(start);
        }
        index += 1;
    }
    found
}

fn flatten(tokens: &TokenStream) -> Vec<TokenTree> {
    let mut flat = Vec::new();
    for token in tokens.clone() {
        match token {
            TokenTree::Group(group) => flat.extend(flatten(&group.stream())),
            other => flat.push(other),
        }
    }
    flat
}

fn status_literal(token: &TokenTree) -> Option<String> {
    let TokenTree::Literal(literal) = token else {
        return None;
    };
    let text = literal.to_string();
    let digits = text.strip_suffix("u16")?;
    (digits.len() == 3 && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| digits.to_owned())
}

fn is_punct(token: &TokenTree, character: char) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == character)
}

/// Joins the `#[doc = "..."]` lines of `attrs`.
fn docs(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if let syn::Meta::NameValue(pair) = &attr.meta
            && pair.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &pair.value
        {
            lines.push(text.value().trim().to_owned());
        }
    }
    lines.join("\n")
}

fn derives(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .map(|attr| match &attr.meta {
            syn::Meta::List(list) => compact(&list.tokens),
            other => compact(&other.to_token_stream()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn serde_attributes(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .map(|attr| format!("#[{}]", compact(&attr.meta.to_token_stream())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the value of `#[serde(rename = "...")]`.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .find_map(|attr| {
            let syn::Meta::List(list) = &attr.meta else {
                return None;
            };
            let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
            tokens.windows(3).find_map(|window| match window {
                [
                    TokenTree::Ident(key),
                    TokenTree::Punct(equals),
                    TokenTree::Literal(value),
                ] if key == "rename" && equals.as_char() == '=' => {
                    let text = value.to_string();
                    Some(text.trim_matches('"').to_owned())
                }
                _ => None,
            })
        })
}

/// Returns the last path segment's name of a type, such as `ListThings` for
/// `builder::ListThings<'_>`.
fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

/// Writes a type as a reader would name it, with module paths dropped, as in
/// `Option<Vec<DisasterRecovery>>`.
pub fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            let Some(segment) = path.path.segments.last() else {
                return compact(&ty.to_token_stream());
            };
            let mut name = segment.ident.to_string();
            if let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments {
                let argument_names: Vec<String> = arguments
                    .args
                    .iter()
                    .map(|argument| match argument {
                        syn::GenericArgument::Type(inner) => type_name(inner),
                        other => compact(&other.to_token_stream()),
                    })
                    .collect();
                name.push('<');
                name.push_str(&argument_names.join(", "));
                name.push('>');
            }
            name
        }
        syn::Type::Reference(reference) => {
            let mutability = if reference.mutability.is_some() {
                "mut "
            } else {
                ""
            };
            format!("&{mutability}{}", type_name(&reference.elem))
        }
        syn::Type::Slice(slice) => format!("[{}]", type_name(&slice.elem)),
        syn::Type::Array(array) => format!(
            "[{}; {}]",
            type_name(&array.elem),
            compact(&array.len.to_token_stream())
        ),
        syn::Type::Tuple(tuple) => {
            let element_names: Vec<String> = tuple.elems.iter().map(type_name).collect();
            format!("({})", element_names.join(", "))
        }
        other => compact(&other.to_token_stream()),
    }
}

/// Prints tokens without the spaces `proc_macro2` puts between every pair,
/// keeping one space between two words.
fn compact(tokens: &TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = String::with_capacity(text.len());
    let characters: Vec<char> = text.chars().collect();
    let mut in_string = false;
    for (index, &character) in characters.iter().enumerate() {
        if character == '"' && (index == 0 || characters[index - 1] != '\\') {
            in_string = !in_string;
        }
        if character == ' ' && !in_string {
            let before = out.chars().last();
            let after = characters.get(index + 1).copied();
            let word =
                |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\'');
            // Keep the space between two words (`mut self`) and after a comma.
            if (word(before) && word(after)) || before == Some(',') {
                out.push(' ');
            }
            continue;
        }
        out.push(character);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_drop_module_paths() {
        let ty: syn::Type = syn::parse_str("::std::option::Option<::std::vec::Vec<types::Thing>>")
            .expect("type parses");

        assert_eq!(type_name(&ty), "Option<Vec<Thing>>");
    }

    #[test]
    fn request_line_is_read_from_docs() {
        assert_eq!(
            request_line("List things\n\nSends a `GET` request to `/v2/{id}/things`\n"),
            Some("GET /v2/{id}/things".to_owned())
        );
    }

    #[test]
    fn statuses_include_ranges() {
        let tokens: TokenStream = "match s { 200u16 => a, 400u16..=499u16 => b, _ => c }"
            .parse()
            .expect("tokens parse");

        let found: Vec<String> = statuses(&tokens).into_iter().collect();

        assert_eq!(found, ["200", "400..=499"]);
    }
}

#[cfg(test)]
mod enum_tests {
    use super::*;

    const BEFORE: &str = "pub mod types {
        pub enum Status {
            #[serde(rename = \"running\")]
            Running,
        }
    }";

    const AFTER: &str = "pub mod types {
        pub enum Status {
            #[serde(rename = \"running\")]
            Running,
            #[serde(rename = \"stopped\")]
            Stopped,
            Unknown(::std::string::String),
        }
    }";

    #[test]
    fn enum_values_added_with_wire_names() {
        let summary = compare(BEFORE, AFTER).expect("both sources parse");
        let lines: Vec<String> = summary.changes.iter().map(ToString::to_string).collect();

        assert_eq!(
            lines,
            [
                "+ enum value Status::Stopped (\"stopped\")",
                "+ enum value Status::Unknown(String)",
            ]
        );
    }
}
