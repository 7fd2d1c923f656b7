//! Forward-compatible Rust enums for schemas marked with `x-extensible-enum`.
//!
//! A component schema of `type: string` lists its documented values in
//! `x-extensible-enum`. Each such schema becomes an enum with one variant per
//! value and an [`UNKNOWN_VARIANT`] variant that keeps any other value
//! verbatim, so a value the service adds later still decodes. Progenitor
//! would generate a closed enum from `enum` instead, which fails the whole
//! response on one new value.

use std::path::Path;

use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::Error;
use crate::error::ExtensibleEnumProblem;
use crate::source_map::escape_token;

/// Name of the OpenAPI extension that lists the documented values.
pub const EXTENSION: &str = "x-extensible-enum";

/// Name of the variant that keeps values the spec does not document.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Path of the generated `types` module from the `dws-client` crate root,
/// where `lib.rs` declares `mod generated`.
pub const TYPES_MODULE_PATH: &str = "crate::generated::types";

/// Name of the module progenitor puts the generated types in.
const TYPES_MODULE: &str = "types";

/// Name of the module inside `types` that contains the struct builders.
const BUILDER_MODULE: &str = "builder";

/// Crate path used in the doc examples of the emitted enums.
const CLIENT_CRATE: &str = "dws_client";

/// A string schema with documented values that becomes a Rust enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensibleEnum {
    /// Schema name under `components.schemas`, also the Rust type name.
    pub name: String,
    /// Schema description, used as the enum's rustdoc.
    pub description: Option<String>,
    /// Documented values in the order the spec lists them.
    pub values: Vec<DocumentedValue>,
}

/// One documented value of an [`ExtensibleEnum`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedValue {
    /// Text sent on the wire, such as `stop_failed`.
    pub wire: String,
    /// UpperCamelCase variant name, such as `StopFailed`.
    pub variant: String,
}

/// Collects and validates every component schema that has an
/// `x-extensible-enum` extension, in the order of `components.schemas`.
///
/// # Errors
///
/// [`Error::ExtensibleEnum`] naming the schema and the fix. The extension
/// must be a list of unique non-empty strings whose variant names differ,
/// on a non-nullable `type: string` component schema with an UpperCamelCase
/// name, and nowhere else in the document.
pub fn collect(path: &Path, document: &OpenAPI) -> Result<Vec<ExtensibleEnum>, Error> {
    let mut enums = Vec::new();
    let schemas = document.components.iter().flat_map(|c| &c.schemas);
    for (name, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let Some(extension) = schema.schema_data.extensions.get(EXTENSION) else {
            continue;
        };
        let invalid = |problem| Error::ExtensibleEnum {
            path: path.to_owned(),
            pointer: format!("/components/schemas/{}", escape_token(name)),
            problem,
        };
        let parsed = ExtensibleEnum::from_schema(name, schema, extension).map_err(invalid)?;
        enums.push(parsed);
    }

    if let Some(pointer) = misplaced_extension(document) {
        return Err(Error::ExtensibleEnum {
            path: path.to_owned(),
            pointer,
            problem: ExtensibleEnumProblem::NotAComponent,
        });
    }
    Ok(enums)
}

impl ExtensibleEnum {
    /// Validates one component schema and its extension value.
    ///
    /// # Errors
    ///
    /// The [`ExtensibleEnumProblem`] that [`collect`] reports for it.
    pub fn from_schema(
        name: &str,
        schema: &Schema,
        extension: &Value,
    ) -> Result<Self, ExtensibleEnumProblem> {
        check_type_name(name)?;
        check_string_schema(schema)?;
        let values = documented_values(extension)?;
        Ok(ExtensibleEnum {
            name: name.to_owned(),
            description: schema.schema_data.description.clone(),
            values,
        })
    }

    /// Returns the path that the generated code uses for this enum.
    pub fn rust_path(&self) -> String {
        format!("{TYPES_MODULE_PATH}::{}", self.name)
    }

    /// Emits the enum and its trait implementations.
    pub fn tokens(&self) -> TokenStream {
        let name = ident(&self.name);
        let unknown = ident(UNKNOWN_VARIANT);
        let enum_docs = doc_lines(&self.enum_docs());
        let variants: Vec<Ident> = self.values.iter().map(|v| ident(&v.variant)).collect();
        let wires: Vec<&str> = self.values.iter().map(|v| v.wire.as_str()).collect();
        let variant_docs = wires
            .iter()
            .map(|wire| doc_lines(&format!("The value `{wire}`.")));
        let unknown_docs = doc_lines(&format!(
            "A value the spec does not document, kept verbatim.\n\n\
             [`From`] and [`FromStr`](::std::str::FromStr) put a documented value in its \
             named variant, never here. An `{UNKNOWN_VARIANT}` value built by hand from \
             a documented value compares unequal to that variant."
        ));
        let expecting = format!("a {} string", self.name);

        quote! {
            #(#[doc = #enum_docs])*
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(
                    #(#[doc = #variant_docs])*
                    #variants,
                )*
                #(#[doc = #unknown_docs])*
                #unknown(::std::string::String),
            }

            impl #name {
                /// Documented values, in the order the spec lists them.
                pub const DOCUMENTED_VALUES: &'static [&'static str] = &[#(#wires),*];

                /// Returns the value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #wires,)*
                        Self::#unknown(value) => value.as_str(),
                    }
                }

                /// Returns `true` when the value is not documented in the spec.
                pub fn is_unknown(&self) -> bool {
                    matches!(self, Self::#unknown(_))
                }

                fn documented(value: &str) -> ::std::option::Option<Self> {
                    match value {
                        #(#wires => ::std::option::Option::Some(Self::#variants),)*
                        _ => ::std::option::Option::None,
                    }
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match Self::documented(value) {
                        ::std::option::Option::Some(documented) => documented,
                        ::std::option::Option::None => Self::#unknown(value.to_owned()),
                    }
                }
            }

            impl ::std::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    match Self::documented(&value) {
                        ::std::option::Option::Some(documented) => documented,
                        ::std::option::Option::None => Self::#unknown(value),
                    }
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(Self::from(value))
                }
            }

            impl ::std::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
                where
                    S: ::serde::Serializer,
                {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                where
                    D: ::serde::Deserializer<'de>,
                {
                    struct ValueVisitor;

                    impl ::serde::de::Visitor<'_> for ValueVisitor {
                        type Value = #name;

                        fn expecting(
                            &self,
                            formatter: &mut ::std::fmt::Formatter<'_>,
                        ) -> ::std::fmt::Result {
                            formatter.write_str(#expecting)
                        }

                        fn visit_str<E>(self, value: &str) -> ::std::result::Result<#name, E>
                        where
                            E: ::serde::de::Error,
                        {
                            ::std::result::Result::Ok(#name::from(value))
                        }

                        fn visit_string<E>(
                            self,
                            value: ::std::string::String,
                        ) -> ::std::result::Result<#name, E>
                        where
                            E: ::serde::de::Error,
                        {
                            ::std::result::Result::Ok(#name::from(value))
                        }
                    }

                    deserializer.deserialize_str(ValueVisitor)
                }
            }
        }
    }

    /// Returns the rustdoc lines of the enum: the schema description, then
    /// how to match on it without breaking when a variant is added.
    fn enum_docs(&self) -> String {
        let name = &self.name;
        let first = self.values.first().map_or("", |value| value.wire.as_str());
        let first_variant = self
            .values
            .first()
            .map_or("", |value| value.variant.as_str());
        let summary = match &self.description {
            Some(description) => description.trim().to_owned(),
            None => format!("Values of the `{name}` schema."),
        };
        let guide = format!(
            "\n\
             Decoding never fails on a string: a value the spec does not document \
             decodes as [`{name}::{UNKNOWN_VARIANT}`], and encoding gives back \
             exactly the string that was decoded.\n\
             \n\
             # Matching forward-compatibly\n\
             \n\
             A later version of this crate may give an undocumented value its own \
             variant. Keep a wildcard arm in every `match`, which `#[non_exhaustive]` \
             demands outside this crate anyway. Do not look inside \
             `{UNKNOWN_VARIANT}` to detect a value, because once that value has a \
             variant, such an arm stops matching. Compare [`{name}::as_str`] instead, which \
             returns the same text in either case.\n\
             \n\
             ```\n\
             use {CLIENT_CRATE}::types::{name};\n\
             \n\
             let value = {name}::from(\"{first}\");\n\
             let documented = match &value {{\n\
             \x20   {name}::{first_variant} => true,\n\
             \x20   _ => false,\n\
             }};\n\
             assert!(documented);\n\
             \n\
             let new_value = {name}::from(\"value_added_later\");\n\
             assert_eq!(new_value.as_str(), \"value_added_later\");\n\
             assert_eq!(new_value.to_string(), \"value_added_later\");\n\
             ```"
        );
        format!("{summary}\n{guide}")
    }
}

/// Inserts the emitted enums into the `types` module of `file`, before its
/// `builder` module, sorted by name as progenitor sorts its own types.
///
/// # Errors
///
/// [`Error::NoTypesModule`] when `file` has no inline `types` module, and
/// [`Error::InvalidOutput`] when the emitted code does not parse.
pub fn insert_into_types(file: &mut syn::File, enums: &[ExtensibleEnum]) -> Result<(), Error> {
    if enums.is_empty() {
        return Ok(());
    }

    let mut sorted: Vec<&ExtensibleEnum> = enums.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut new_items = Vec::new();
    for extensible in sorted {
        let parsed: syn::File =
            syn::parse2(extensible.tokens()).map_err(|error| Error::InvalidOutput {
                message: format!("enum `{}`: {error}", extensible.name),
            })?;
        new_items.extend(parsed.items);
    }

    let items = types_module_items(file).ok_or(Error::NoTypesModule)?;
    let position = items
        .iter()
        .position(|item| matches!(item, syn::Item::Mod(module) if module.ident == BUILDER_MODULE))
        .unwrap_or(items.len());
    items.splice(position..position, new_items);
    Ok(())
}

fn types_module_items(file: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(syn::ItemMod {
            ident,
            content: Some((_, items)),
            ..
        }) if ident == TYPES_MODULE => Some(items),
        _ => None,
    })
}

/// Splits `text` into the values of `#[doc]` attributes, one per line,
/// each non-empty line led by a space so that it prints as `/// line`.
fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Creates an identifier that [`check_type_name`] or [`variant_name`]
/// already validated.
fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn check_type_name(name: &str) -> Result<(), ExtensibleEnumProblem> {
    let suggestion = name.to_upper_camel_case();
    if suggestion == name && is_identifier(name) {
        return Ok(());
    }
    Err(ExtensibleEnumProblem::TypeName {
        name: name.to_owned(),
        suggestion,
    })
}

fn check_string_schema(schema: &Schema) -> Result<(), ExtensibleEnumProblem> {
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return Err(ExtensibleEnumProblem::NotAString {
            found: schema_kind_name(&schema.schema_kind).to_owned(),
        });
    };
    if !string.enumeration.is_empty() {
        return Err(ExtensibleEnumProblem::ClosedEnum);
    }
    if schema.schema_data.nullable {
        return Err(ExtensibleEnumProblem::Nullable);
    }
    Ok(())
}

fn documented_values(extension: &Value) -> Result<Vec<DocumentedValue>, ExtensibleEnumProblem> {
    let Value::Array(items) = extension else {
        return Err(ExtensibleEnumProblem::NotAList {
            found: json_kind(extension),
        });
    };
    if items.is_empty() {
        return Err(ExtensibleEnumProblem::Empty);
    }

    let mut values: Vec<DocumentedValue> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Value::String(wire) = item else {
            return Err(ExtensibleEnumProblem::ValueNotAString {
                index,
                found: json_kind(item),
            });
        };
        let value = documented_value(index, wire)?;
        check_distinct(&values, &value)?;
        values.push(value);
    }
    Ok(values)
}

fn documented_value(index: usize, wire: &str) -> Result<DocumentedValue, ExtensibleEnumProblem> {
    if wire.is_empty() {
        return Err(ExtensibleEnumProblem::EmptyValue { index });
    }
    let variant = variant_name(wire);
    if variant == UNKNOWN_VARIANT {
        return Err(ExtensibleEnumProblem::ReservedVariant {
            value: wire.to_owned(),
            variant: UNKNOWN_VARIANT,
        });
    }
    if !is_identifier(&variant) {
        return Err(ExtensibleEnumProblem::InvalidVariant {
            value: wire.to_owned(),
            variant,
        });
    }
    Ok(DocumentedValue {
        wire: wire.to_owned(),
        variant,
    })
}

fn check_distinct(
    earlier: &[DocumentedValue],
    value: &DocumentedValue,
) -> Result<(), ExtensibleEnumProblem> {
    for previous in earlier {
        if previous.wire == value.wire {
            return Err(ExtensibleEnumProblem::Duplicate {
                value: value.wire.clone(),
            });
        }
        if previous.variant == value.variant {
            return Err(ExtensibleEnumProblem::VariantCollision {
                first: previous.wire.clone(),
                second: value.wire.clone(),
                variant: value.variant.clone(),
            });
        }
    }
    Ok(())
}

/// Converts a wire value to its variant name: `stop_failed` gives
/// `StopFailed` and `drDeleted` gives `DrDeleted`.
pub fn variant_name(wire: &str) -> String {
    wire.to_upper_camel_case()
}

/// Returns `true` when `name` is a Rust identifier and not a keyword.
fn is_identifier(name: &str) -> bool {
    syn::parse_str::<Ident>(name).is_ok()
}

fn schema_kind_name(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Type(Type::String(_)) => "`type: string`",
        SchemaKind::Type(Type::Number(_)) => "`type: number`",
        SchemaKind::Type(Type::Integer(_)) => "`type: integer`",
        SchemaKind::Type(Type::Object(_)) => "`type: object`",
        SchemaKind::Type(Type::Array(_)) => "`type: array`",
        SchemaKind::Type(Type::Boolean(_)) => "`type: boolean`",
        SchemaKind::OneOf { .. } => "a `oneOf` schema",
        SchemaKind::AllOf { .. } => "an `allOf` schema",
        SchemaKind::AnyOf { .. } => "an `anyOf` schema",
        SchemaKind::Not { .. } => "a `not` schema",
        SchemaKind::Any(_) => "a schema without `type`",
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Finds an `x-extensible-enum` key anywhere but directly on a component
/// schema, and returns its dotted path. Progenitor would ignore such an
/// extension and generate a plain `String`.
fn misplaced_extension(document: &OpenAPI) -> Option<String> {
    // NOTE: a document that does not serialize is not searched; openapiv3's
    // types always serialize, so this only skips the check in theory.
    let tree = serde_json::to_value(document).ok()?;
    let Value::Object(root) = &tree else {
        return None;
    };
    root.iter().find_map(|(key, child)| {
        find_extension(
            child,
            &format!("/{}", escape_token(key)),
            1,
            key == "properties",
        )
    })
}

/// Searches `node` at `pointer` for the extension. `depth` counts the keys
/// from the document root, so a component schema is at depth 3, and
/// `in_properties` is true when the keys of `node` are property names.
fn find_extension(
    node: &Value,
    pointer: &str,
    depth: usize,
    in_properties: bool,
) -> Option<String> {
    match node {
        Value::Object(map) => {
            let is_component_schema = depth == 3 && pointer.starts_with("/components/schemas/");
            if !in_properties && map.contains_key(EXTENSION) && !is_component_schema {
                return Some(pointer.to_owned());
            }
            map.iter().find_map(|(key, child)| {
                // Example and default values are data, whatever keys they
                // hold, but a property may be called `example`.
                if !in_properties && is_data_key(key) {
                    return None;
                }
                let child_in_properties = !in_properties && key == "properties";
                find_extension(
                    child,
                    &format!("{pointer}/{}", escape_token(key)),
                    depth + 1,
                    child_in_properties,
                )
            })
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            find_extension(item, &format!("{pointer}/{index}"), depth + 1, false)
        }),
        _ => None,
    }
}

fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum")
}
