//! Readable tables extracted from the generated source with `syn`, so a
//! spec change shows up in a snapshot as a one-line diff.

use std::fmt::Write as _;

use quote::ToTokens;
use syn::{Attribute, Fields, Item, ItemEnum, ItemImpl, ItemMod, ItemStruct};

/// Parses the generated source.
///
/// # Panics
///
/// Panics with the parser message when the source is not valid Rust.
pub fn parse(source: &str) -> syn::File {
    syn::parse_file(source)
        .unwrap_or_else(|error| panic!("generated source does not parse: {error}"))
}

/// Renders every struct of the generated `types` module as Markdown rows:
/// type, field, Rust type, serde attributes and the first doc line.
pub fn model_table(file: &syn::File) -> String {
    let mut table = String::from(
        "| type | field | Rust type | serde | doc |\n| --- | --- | --- | --- | --- |\n",
    );
    for item in module_items(&file.items, "types") {
        if let Item::Struct(item) = item {
            push_struct_rows(&mut table, item);
        }
    }
    table
}

/// Returns the field names of the struct `name` in the `types` module, in
/// declaration order.
pub fn struct_fields(file: &syn::File, name: &str) -> Vec<String> {
    module_items(&file.items, "types")
        .iter()
        .find_map(|item| match item {
            Item::Struct(item) if item.ident == name => Some(field_names(item)),
            _ => None,
        })
        .unwrap_or_default()
}

/// Renders every enum of the generated `types` module as Markdown rows:
/// type, variant, wire value (from `as_str`) and the first doc line.
pub fn enum_table(file: &syn::File) -> String {
    let mut table =
        String::from("| type | variant | wire value | doc |\n| --- | --- | --- | --- |\n");
    let items = module_items(&file.items, "types");
    for item in items {
        let Item::Enum(item) = item else { continue };
        let wire_values = as_str_arms(items, &item.ident.to_string());
        for variant in &item.variants {
            let name = variant.ident.to_string();
            let wire = wire_values
                .iter()
                .find(|(arm, _)| *arm == name)
                .map_or_else(
                    || "(kept verbatim)".to_owned(),
                    |(_, wire)| format!("`{wire}`"),
                );
            let _ = writeln!(
                table,
                "| {} | {name}{} | {wire} | {} |",
                item.ident,
                compact(&variant.fields),
                first_doc_line(&variant.attrs),
            );
        }
    }
    table
}

/// Returns the enum `name` of the generated `types` module and every
/// `impl` block for it, formatted with prettyplease.
pub fn enum_code(file: &syn::File, name: &str) -> String {
    let items: Vec<Item> = module_items(&file.items, "types")
        .iter()
        .filter(|item| match item {
            Item::Enum(ItemEnum { ident, .. }) => ident == name,
            Item::Impl(block) => compact(&block.self_ty) == name,
            _ => false,
        })
        .cloned()
        .collect();
    let mut extracted = parse("");
    extracted.items = items;
    prettyplease::unparse(&extracted)
}

/// Lists the `Self::Variant => "wire"` arms of the enum's `as_str` method.
fn as_str_arms(items: &[Item], enum_name: &str) -> Vec<(String, String)> {
    let method = items.iter().find_map(|item| match item {
        Item::Impl(block) if is_inherent_impl_of(block, enum_name) => {
            block.items.iter().find_map(|member| match member {
                syn::ImplItem::Fn(function) if function.sig.ident == "as_str" => Some(function),
                _ => None,
            })
        }
        _ => None,
    });
    let Some(method) = method else {
        return Vec::new();
    };
    let Some(syn::Stmt::Expr(syn::Expr::Match(body), _)) = method.block.stmts.first() else {
        return Vec::new();
    };
    body.arms
        .iter()
        .filter_map(|arm| {
            let syn::Pat::Path(pattern) = &arm.pat else {
                return None;
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(wire),
                ..
            }) = arm.body.as_ref()
            else {
                return None;
            };
            let variant = pattern.path.segments.last()?.ident.to_string();
            Some((variant, wire.value()))
        })
        .collect()
}

/// Renders the client's operations: method name, HTTP method and path (from
/// the generated doc comment), then each builder setter with its value type.
pub fn operation_table(file: &syn::File) -> String {
    let mut table = String::new();
    for item in &file.items {
        let Item::Impl(block) = item else { continue };
        if !is_inherent_impl_of(block, "Client") {
            continue;
        }
        for member in &block.items {
            let syn::ImplItem::Fn(function) = member else {
                continue;
            };
            let name = function.sig.ident.to_string();
            if matches!(name.as_str(), "new" | "new_with_client") {
                continue;
            }
            let request = doc_text(&function.attrs)
                .lines()
                .find_map(|line| line.trim().strip_prefix("Sends a "))
                .map(|line| line.replace('`', "").replace(" request to ", " "))
                .unwrap_or_else(|| "<no request line in docs>".to_owned());
            let _ = writeln!(table, "{name}: {request}");
            for (parameter, value_type) in builder_setters(file, &function.sig.output) {
                let _ = writeln!(table, "  .{parameter}({value_type})");
            }
        }
    }
    table
}

fn module_items<'a>(items: &'a [Item], name: &str) -> &'a [Item] {
    items
        .iter()
        .find_map(|item| match item {
            Item::Mod(ItemMod {
                ident,
                content: Some((_, items)),
                ..
            }) if ident == name => Some(items.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}

fn push_struct_rows(table: &mut String, item: &ItemStruct) {
    let type_name = item.ident.to_string();
    let Fields::Named(fields) = &item.fields else {
        let _ = writeln!(
            table,
            "| {type_name} | (tuple) | {} | | {} |",
            compact(&item.fields),
            first_doc_line(&item.attrs)
        );
        return;
    };
    for field in &fields.named {
        let name = field
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let _ = writeln!(
            table,
            "| {type_name} | {name} | `{}` | {} | {} |",
            compact(&field.ty),
            serde_attributes(&field.attrs),
            first_doc_line(&field.attrs),
        );
    }
}

fn field_names(item: &ItemStruct) -> Vec<String> {
    item.fields
        .iter()
        .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
        .collect()
}

fn is_inherent_impl_of(block: &ItemImpl, name: &str) -> bool {
    block.trait_.is_none() && compact(&block.self_ty) == name
}

/// Lists the parameters of the builder type that `output` returns, with
/// the type each one stores (`Option<..>` for optional parameters).
fn builder_setters(file: &syn::File, output: &syn::ReturnType) -> Vec<(String, String)> {
    let syn::ReturnType::Type(_, returned) = output else {
        return Vec::new();
    };
    let returned = compact(returned);
    let builder_name = returned
        .trim_start_matches("builder::")
        .split('<')
        .next()
        .unwrap_or_default();

    let builder = module_items(&file.items, "builder")
        .iter()
        .find_map(|item| match item {
            Item::Struct(item) if item.ident == builder_name => Some(item),
            _ => None,
        });
    let Some(builder) = builder else {
        return Vec::new();
    };

    builder
        .fields
        .iter()
        .filter_map(|field| {
            let name = field.ident.as_ref()?.to_string();
            if name == "client" {
                return None;
            }
            // Each builder field is `Result<T, String>`, holding a conversion error until `send`.
            let stored = compact(&field.ty);
            let stored = stored
                .strip_prefix("Result<")
                .and_then(|rest| rest.strip_suffix(", String>"))
                .map_or(stored.clone(), str::to_owned);
            Some((name, stored))
        })
        .collect()
}

fn serde_attributes(attributes: &[Attribute]) -> String {
    let rendered: Vec<String> = attributes
        .iter()
        .filter(|attribute| attribute.path().is_ident("serde"))
        .map(|attribute| format!("`{}`", compact(&attribute.meta)))
        .collect();
    rendered.join(" ")
}

fn first_doc_line(attributes: &[Attribute]) -> String {
    doc_text(attributes)
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
        .replace('|', "\\|")
}

fn doc_text(attributes: &[Attribute]) -> String {
    let mut text = String::new();
    for attribute in attributes {
        if !attribute.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(syn::MetaNameValue {
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(literal),
                    ..
                }),
            ..
        }) = &attribute.meta
        {
            text.push_str(&literal.value());
            text.push('\n');
        }
    }
    text
}

/// Prints tokens without the spaces `quote` inserts and without the
/// `::std::...::` paths progenitor writes for every standard type.
fn compact(tokens: &impl ToTokens) -> String {
    let spaced = tokens.to_token_stream().to_string();
    let characters: Vec<char> = spaced.chars().collect();
    let mut text = String::new();
    for (index, character) in characters.iter().enumerate() {
        // Keep a space only between two words, as in `impl Trait`.
        let between_words = index > 0
            && characters.get(index + 1).is_some_and(|next| is_word(*next))
            && is_word(characters[index - 1]);
        if !character.is_whitespace() || between_words {
            text.push(*character);
        }
    }
    for prefix in [
        "::std::option::",
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
    ] {
        text = text.replace(prefix, "");
    }
    // prettyplease ends a type list that it wraps with a comma, as in `Option<T,>`.
    let text = text.replace(",>", ">");
    text.replace(',', ", ").replace('=', " = ")
}

fn is_word(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

/// Returns the field names of the builder struct `name` in the generated
/// `builder` module, without the `client` field: the operation's parameters.
pub fn builder_parameters(file: &syn::File, name: &str) -> Vec<String> {
    module_items(&file.items, "builder")
        .iter()
        .find_map(|item| match item {
            Item::Struct(item) if item.ident == name => Some(field_names(item)),
            _ => None,
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|field| field != "client")
        .collect()
}

/// Returns the names of the methods in the inherent `impl` blocks of
/// `type_name` among the top-level items of `file`.
pub fn inherent_methods(file: &syn::File, type_name: &str) -> Vec<String> {
    let mut methods = Vec::new();
    for item in &file.items {
        let Item::Impl(block) = item else { continue };
        let self_type = compact(&block.self_ty);
        let base_name = self_type.split('<').next().unwrap_or_default();
        if block.trait_.is_some() || base_name != type_name {
            continue;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(function) = member {
                methods.push(function.sig.ident.to_string());
            }
        }
    }
    methods
}
