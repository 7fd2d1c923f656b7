//! A validator for documented examples against the subset of OpenAPI 3.0
//! schemas this project uses. It reads these keywords:
//!
//! - `type` object, array, string, integer, number and boolean;
//! - `nullable`, `required`, `properties`, `additionalProperties`, `items`;
//! - `$ref`, `allOf`, `anyOf`, `oneOf`, `enum` and `x-extensible-enum`;
//! - numeric bounds, `minLength`/`maxLength` and `minItems`/`maxItems`;
//! - the string formats typify turns into typed values (`date-time`, `date`,
//!   `uuid`, `ip`, `ipv4`, `ipv6`), and the integer formats it maps to
//!   sized integers.
//!
//! NOTE: `pattern` is not checked, because that needs an ECMA-262 regex
//! engine; typify does enforce it when it decodes.

use serde_json::{Map, Value};

use crate::validate::EXTENSIBLE_ENUM;
use crate::validate::document::{child, is_true, ref_of, resolve};

/// Problem found in one value of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The value does not match the schema, as the text describes.
    Invalid(String),
    /// A valid RFC 3339 date and time without a zone, for a schema with
    /// `format: date-time`, which decodes only with a zone.
    DateTimeWithoutZone(String),
}

/// One problem, with where it is in the example and in the schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    /// Pointer of the value inside the example, `""` for the whole example.
    pub instance: String,
    /// Pointer of the schema the value was checked against.
    pub schema: String,
    /// The problem found.
    pub problem: Problem,
}

/// Keywords bounding a count, and what is counted.
struct Bounds {
    min: &'static str,
    max: &'static str,
    unit: &'static str,
}

/// Bounds on the number of array items.
const ITEM_BOUNDS: Bounds = Bounds {
    min: "minItems",
    max: "maxItems",
    unit: "items",
};

/// Bounds on the length of a string, in characters.
const LENGTH_BOUNDS: Bounds = Bounds {
    min: "minLength",
    max: "maxLength",
    unit: "characters",
};

/// Most schema levels (nesting and `$ref` hops) followed for one value, so a
/// reference cycle such as `A: {allOf: [$ref: A]}` ends.
const MAX_DEPTH: usize = 128;

/// Validates `instance` against `schema`, found at `schema_pointer` in `root`.
pub(crate) fn validate(
    root: &Value,
    schema: &Value,
    schema_pointer: &str,
    instance: &Value,
) -> Vec<Issue> {
    let mut validator = Validator {
        root,
        issues: Vec::new(),
    };
    validator.check(schema, schema_pointer, instance, "", 0);
    validator.issues
}

struct Validator<'a> {
    root: &'a Value,
    issues: Vec<Issue>,
}

impl<'a> Validator<'a> {
    fn invalid(&mut self, schema: &str, instance: &str, message: String) {
        self.issues.push(Issue {
            instance: instance.to_owned(),
            schema: schema.to_owned(),
            problem: Problem::Invalid(message),
        });
    }

    fn check(
        &mut self,
        schema: &'a Value,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(node) = schema.as_object() else {
            return;
        };
        if let Some(reference) = ref_of(schema) {
            // A dangling reference is reported by the reference check.
            if let Ok((target_pointer, target)) = resolve(self.root, reference) {
                self.check(target, &target_pointer, instance, at, depth + 1);
            }
            return;
        }

        if instance.is_null() {
            self.check_null(node, schema_pointer, at, depth);
            return;
        }

        if let Some(members) = node.get("allOf").and_then(Value::as_array) {
            for (index, member) in members.iter().enumerate() {
                let member_pointer = format!("{}/{index}", child(schema_pointer, "allOf"));
                self.check(member, &member_pointer, instance, at, depth + 1);
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(members) = node.get(keyword).and_then(Value::as_array) {
                self.check_alternatives(keyword, members, schema_pointer, instance, at, depth);
            }
        }

        self.check_enum(node, schema_pointer, instance, at);
        match schema_type(node) {
            Some("object") => self.check_object(node, schema_pointer, instance, at, depth),
            Some("array") => self.check_array(node, schema_pointer, instance, at, depth),
            Some("string") => self.check_string(node, schema_pointer, instance, at),
            Some("integer") => self.check_integer(node, schema_pointer, instance, at),
            Some("number") => self.check_number(node, schema_pointer, instance, at),
            Some("boolean") if !instance.is_boolean() => {
                self.invalid(
                    schema_pointer,
                    at,
                    format!("expected a boolean, found {}", describe(instance)),
                );
            }
            _ => {}
        }
    }

    /// Accepts null when this schema, or every `allOf` member, allows it.
    fn check_null(
        &mut self,
        node: &'a Map<String, Value>,
        schema_pointer: &str,
        at: &str,
        depth: usize,
    ) {
        if is_true(node, "nullable") {
            return;
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array)
            && values.contains(&Value::Null)
        {
            return;
        }
        if let Some(members) = node.get("allOf").and_then(Value::as_array)
            && schema_type(node).is_none()
        {
            let before = self.issues.len();
            for (index, member) in members.iter().enumerate() {
                let member_pointer = format!("{}/{index}", child(schema_pointer, "allOf"));
                self.check(member, &member_pointer, &Value::Null, at, depth + 1);
            }
            if self.issues.len() > before {
                self.issues.truncate(before);
                self.invalid(
                    schema_pointer,
                    at,
                    "null, but the schema is not nullable".to_owned(),
                );
            }
            return;
        }
        let constrained = schema_type(node).is_some()
            || ["enum", "anyOf", "oneOf"]
                .iter()
                .any(|keyword| node.contains_key(*keyword));
        if constrained {
            self.invalid(
                schema_pointer,
                at,
                "null, but the schema is not nullable".to_owned(),
            );
        }
    }

    fn check_alternatives(
        &mut self,
        keyword: &str,
        members: &'a [Value],
        schema_pointer: &str,
        instance: &Value,
        at: &str,
        depth: usize,
    ) {
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{}/{index}", child(schema_pointer, keyword));
            let mut trial = Validator {
                root: self.root,
                issues: Vec::new(),
            };
            trial.check(member, &member_pointer, instance, at, depth + 1);
            if trial
                .issues
                .iter()
                .all(|issue| !matches!(issue.problem, Problem::Invalid(_)))
            {
                self.issues.extend(trial.issues);
                return;
            }
        }
        self.invalid(
            schema_pointer,
            at,
            format!(
                "{} matches none of the `{keyword}` schemas",
                describe(instance)
            ),
        );
    }

    fn check_enum(
        &mut self,
        node: &Map<String, Value>,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
    ) {
        if node.contains_key(EXTENSIBLE_ENUM) {
            return;
        }
        let Some(values) = node.get("enum").and_then(Value::as_array) else {
            return;
        };
        if !values.contains(instance) {
            let listed: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.invalid(
                schema_pointer,
                at,
                format!(
                    "{} is not one of the `enum` values [{}]",
                    describe(instance),
                    listed.join(", ")
                ),
            );
        }
    }

    fn check_object(
        &mut self,
        node: &'a Map<String, Value>,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
        depth: usize,
    ) {
        let Some(object) = instance.as_object() else {
            self.invalid(
                schema_pointer,
                at,
                format!("expected an object, found {}", describe(instance)),
            );
            return;
        };
        let properties = node.get("properties").and_then(Value::as_object);
        if let Some(required) = node.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    self.invalid(
                        schema_pointer,
                        at,
                        format!("the required property `{name}` is missing"),
                    );
                }
            }
        }
        let additional = node.get("additionalProperties");
        for (name, value) in object {
            let value_pointer = child(at, name);
            if let Some(property) = properties.and_then(|properties| properties.get(name)) {
                let property_pointer = child(&child(schema_pointer, "properties"), name);
                self.check(
                    property,
                    &property_pointer,
                    value,
                    &value_pointer,
                    depth + 1,
                );
                continue;
            }
            match additional {
                Some(Value::Bool(false)) => self.invalid(
                    schema_pointer,
                    &value_pointer,
                    format!("the property `{name}` is not defined, and `additionalProperties: false` rejects it"),
                ),
                Some(extra @ Value::Object(_)) => {
                    let extra_pointer = child(schema_pointer, "additionalProperties");
                    self.check(extra, &extra_pointer, value, &value_pointer, depth + 1);
                }
                _ => {}
            }
        }
    }

    fn check_array(
        &mut self,
        node: &'a Map<String, Value>,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
        depth: usize,
    ) {
        let Some(items) = instance.as_array() else {
            self.invalid(
                schema_pointer,
                at,
                format!("expected an array, found {}", describe(instance)),
            );
            return;
        };
        self.check_bounds(node, schema_pointer, at, items.len(), &ITEM_BOUNDS);
        if let Some(item_schema) = node.get("items") {
            let item_schema_pointer = child(schema_pointer, "items");
            for (index, item) in items.iter().enumerate() {
                self.check(
                    item_schema,
                    &item_schema_pointer,
                    item,
                    &format!("{at}/{index}"),
                    depth + 1,
                );
            }
        }
    }

    fn check_string(
        &mut self,
        node: &Map<String, Value>,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
    ) {
        let Some(text) = instance.as_str() else {
            self.invalid(
                schema_pointer,
                at,
                format!("expected a string, found {}", describe(instance)),
            );
            return;
        };
        self.check_bounds(
            node,
            schema_pointer,
            at,
            text.chars().count(),
            &LENGTH_BOUNDS,
        );

        let format = node.get("format").and_then(Value::as_str);
        let problem = match format {
            Some("date-time") => match parse_date_time(text) {
                Some(true) => None,
                Some(false) => Some(Problem::DateTimeWithoutZone(text.to_owned())),
                None => Some(Problem::Invalid(format!(
                    "\"{text}\" is not an RFC 3339 date-time such as 2022-10-28T02:34:16Z"
                ))),
            },
            Some("date") => (!is_date(text))
                .then(|| Problem::Invalid(format!("\"{text}\" is not a date such as 2022-10-28"))),
            Some("uuid") => {
                (!is_uuid(text)).then(|| Problem::Invalid(format!("\"{text}\" is not a UUID")))
            }
            Some("ip") => text
                .parse::<std::net::IpAddr>()
                .is_err()
                .then(|| Problem::Invalid(format!("\"{text}\" is not an IP address"))),
            Some("ipv4") => text
                .parse::<std::net::Ipv4Addr>()
                .is_err()
                .then(|| Problem::Invalid(format!("\"{text}\" is not an IPv4 address"))),
            Some("ipv6") => text
                .parse::<std::net::Ipv6Addr>()
                .is_err()
                .then(|| Problem::Invalid(format!("\"{text}\" is not an IPv6 address"))),
            _ => None,
        };
        if let Some(problem) = problem {
            self.issues.push(Issue {
                instance: at.to_owned(),
                schema: schema_pointer.to_owned(),
                problem,
            });
        }
    }

    fn check_integer(
        &mut self,
        node: &Map<String, Value>,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
    ) {
        let integer = instance
            .as_i64()
            .map(i128::from)
            .or_else(|| instance.as_u64().map(i128::from));
        let Some(integer) = integer else {
            self.invalid(
                schema_pointer,
                at,
                format!("expected an integer, found {}", describe(instance)),
            );
            return;
        };
        if let Some(format) = node.get("format").and_then(Value::as_str)
            && let Some((low, high)) = integer_range(format)
            && !(low..=high).contains(&integer)
        {
            self.invalid(
                schema_pointer,
                at,
                format!("{integer} is outside the range of `format: {format}` ({low} to {high})"),
            );
        }
        self.check_numeric_bounds(node, schema_pointer, at, integer as f64);
    }

    fn check_number(
        &mut self,
        node: &Map<String, Value>,
        schema_pointer: &str,
        instance: &Value,
        at: &str,
    ) {
        match instance.as_f64() {
            Some(number) => self.check_numeric_bounds(node, schema_pointer, at, number),
            None => self.invalid(
                schema_pointer,
                at,
                format!("expected a number, found {}", describe(instance)),
            ),
        }
    }

    fn check_numeric_bounds(
        &mut self,
        node: &Map<String, Value>,
        schema_pointer: &str,
        at: &str,
        number: f64,
    ) {
        if let Some(minimum) = node.get("minimum").and_then(Value::as_f64) {
            let exclusive = is_true(node, "exclusiveMinimum");
            if number < minimum || (exclusive && number == minimum) {
                let relation = if exclusive { "above" } else { "at least" };
                self.invalid(
                    schema_pointer,
                    at,
                    format!("{number} is not {relation} the minimum {minimum}"),
                );
            }
        }
        if let Some(maximum) = node.get("maximum").and_then(Value::as_f64) {
            let exclusive = is_true(node, "exclusiveMaximum");
            if number > maximum || (exclusive && number == maximum) {
                let relation = if exclusive { "below" } else { "at most" };
                self.invalid(
                    schema_pointer,
                    at,
                    format!("{number} is not {relation} the maximum {maximum}"),
                );
            }
        }
    }

    fn check_bounds(
        &mut self,
        node: &Map<String, Value>,
        schema_pointer: &str,
        at: &str,
        count: usize,
        bounds: &Bounds,
    ) {
        let Bounds { min, max, unit } = bounds;
        if let Some(minimum) = node.get(*min).and_then(Value::as_u64)
            && (count as u64) < minimum
        {
            self.invalid(
                schema_pointer,
                at,
                format!("{count} {unit}, fewer than `{min}: {minimum}`"),
            );
        }
        if let Some(maximum) = node.get(*max).and_then(Value::as_u64)
            && (count as u64) > maximum
        {
            self.invalid(
                schema_pointer,
                at,
                format!("{count} {unit}, more than `{max}: {maximum}`"),
            );
        }
    }
}

/// Returns the schema's `type`, or `object` for a schema without one that
/// lists `properties`, `required` or `additionalProperties`.
fn schema_type(node: &Map<String, Value>) -> Option<&str> {
    match node.get("type").and_then(Value::as_str) {
        Some(kind) => Some(kind),
        None if ["properties", "required", "additionalProperties"]
            .iter()
            .any(|keyword| node.contains_key(*keyword)) =>
        {
            Some("object")
        }
        None => None,
    }
}

/// Returns the inclusive range of an integer `format`, as typify maps them
/// to Rust integer types.
fn integer_range(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "int" | "int32" => (i32::MIN.into(), i32::MAX.into()),
        "uint" | "uint32" => (0, u32::MAX.into()),
        "int64" => (i64::MIN.into(), i64::MAX.into()),
        "uint64" => (0, u64::MAX.into()),
        _ => return None,
    })
}

/// Describes a value for a message, such as `the string "abc"`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("the boolean {flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => {
            let prefix: String = text.chars().take(40).collect();
            let ellipsis = if prefix.len() < text.len() { "..." } else { "" };
            format!("the string \"{prefix}{ellipsis}\"")
        }
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// Parses an RFC 3339 date-time as chrono's relaxed parser reads it (`T`,
/// `t` or a space between date and time, optional fraction). Returns
/// `Some(true)` with a zone (`Z` or `+hh:mm`), `Some(false)` for a valid date
/// and time without one, and `None` for anything else.
fn parse_date_time(text: &str) -> Option<bool> {
    // Every valid form is ASCII, and the byte slicing below relies on it.
    if !text.is_ascii() {
        return None;
    }
    let date = text.get(..10)?;
    if !is_date(date) {
        return None;
    }

    let rest = text.get(10..)?;
    let mut characters = rest.chars();
    if !matches!(characters.next(), Some('T' | 't' | ' ')) {
        return None;
    }
    let time_and_zone = characters.as_str();
    let time = time_and_zone.get(..8)?;
    if !is_time(time) {
        return None;
    }

    let mut zone = time_and_zone.get(8..)?;
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        zone = &fraction[digits..];
    }
    match zone {
        "" => Some(false),
        "Z" | "z" => Some(true),
        offset => {
            let (sign, clock) = offset.split_at_checked(1)?;
            let valid = matches!(sign, "+" | "-")
                && clock.len() == 5
                && two_digits(&clock[..2]).is_some_and(|hours| hours <= 23)
                && &clock[2..3] == ":"
                && two_digits(&clock[3..]).is_some_and(|minutes| minutes <= 59);
            valid.then_some(true)
        }
    }
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Returns whether `text` is `hh:mm:ss` with valid ranges (a leap second 60
/// included).
fn is_time(text: &str) -> bool {
    text.is_ascii()
        && text.len() == 8
        && &text[2..3] == ":"
        && &text[5..6] == ":"
        && two_digits(&text[..2]).is_some_and(|hours| hours <= 23)
        && two_digits(&text[3..5]).is_some_and(|minutes| minutes <= 59)
        && two_digits(&text[6..]).is_some_and(|seconds| seconds <= 60)
}

/// Returns whether `text` is a calendar date `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    if !text.is_ascii() || text.len() != 10 || &text[4..5] != "-" || &text[7..8] != "-" {
        return false;
    }
    let Some(year) = text[..4]
        .bytes()
        .all(|byte| byte.is_ascii_digit())
        .then(|| text[..4].parse::<u32>().ok())
        .flatten()
    else {
        return false;
    };
    let (Some(month), Some(day)) = (two_digits(&text[5..7]), two_digits(&text[8..])) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Returns whether `text` is a UUID in a form the `uuid` crate parses:
/// hyphenated, 32 hex digits, in braces, or as a `urn:uuid:` URN.
fn is_uuid(text: &str) -> bool {
    let inner = text
        .strip_prefix("urn:uuid:")
        .or_else(|| {
            text.strip_prefix('{')
                .and_then(|rest| rest.strip_suffix('}'))
        })
        .unwrap_or(text);
    let hex = |part: &str, length: usize| {
        part.len() == length && part.bytes().all(|byte| byte.is_ascii_hexdigit())
    };
    let groups: Vec<&str> = inner.split('-').collect();
    match groups.as_slice() {
        [simple] => hex(simple, 32),
        [a, b, c, d, e] => hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(schema: Value, instance: Value) -> Vec<Problem> {
        let root = json!({});
        validate(&root, &schema, "/s", &instance)
            .into_iter()
            .map(|issue| issue.problem)
            .collect()
    }

    #[test]
    fn date_time_zone_is_detected() {
        assert_eq!(parse_date_time("2022-10-28T02:34:16"), Some(false));
        assert_eq!(parse_date_time("2022-10-28T02:34:16Z"), Some(true));
        assert_eq!(parse_date_time("2022-10-28 02:34:16.123+08:00"), Some(true));
        assert_eq!(parse_date_time("2022-10-28T02:34"), None);
        assert_eq!(parse_date_time("2022-02-30T02:34:16Z"), None);
        assert_eq!(parse_date_time("2022-10-28T02:34:16+8:00"), None);
    }

    #[test]
    fn uuid_forms_are_accepted() {
        assert!(is_uuid("9956ee8a-2f5b-4d76-8c18-4115e2393433"));
        assert!(is_uuid("9956ee8a2f5b4d768c184115e2393433"));
        assert!(!is_uuid("9956ee8a-2f5b-4d76-8c18"));
    }

    #[test]
    fn nullable_accepts_null() {
        assert!(problems(json!({"type": "string", "nullable": true}), Value::Null).is_empty());
        assert_eq!(problems(json!({"type": "string"}), Value::Null).len(), 1);
    }

    #[test]
    fn extensible_enum_accepts_new_value() {
        let open = json!({"type": "string", "x-extensible-enum": ["a"]});
        let closed = json!({"type": "string", "enum": ["a"]});

        assert!(problems(open, json!("b")).is_empty());
        assert_eq!(problems(closed, json!("b")).len(), 1);
    }

    #[test]
    fn integer_rejects_fraction() {
        assert_eq!(problems(json!({"type": "integer"}), json!(1.5)).len(), 1);
        assert_eq!(
            problems(
                json!({"type": "integer", "format": "int32"}),
                json!(3_000_000_000u64)
            )
            .len(),
            1
        );
    }

    #[test]
    fn length_bounds_checked() {
        let schema = json!({"type": "string", "minLength": 2, "maxLength": 3});

        assert_eq!(problems(schema.clone(), json!("a")).len(), 1);
        assert!(problems(schema.clone(), json!("ab")).is_empty());
        assert_eq!(problems(schema, json!("abcd")).len(), 1);
    }

    #[test]
    fn one_of_needs_one_match() {
        let schema = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});

        assert!(problems(schema.clone(), json!(3)).is_empty());
        assert_eq!(problems(schema, json!(true)).len(), 1);
    }

    #[test]
    fn non_ascii_dates_are_invalid() {
        assert!(!is_date("abcé56789"));
        assert!(!is_time("0é:00:00"));
        assert_eq!(parse_date_time("2022-10-28T0é00:00Z"), None);
        assert_eq!(parse_date_time("2022-10-28T02:34:16+0é00"), None);
    }

    #[test]
    fn ascii_dates_still_parse() {
        assert!(is_date("2022-10-28"));
        assert_eq!(parse_date_time("2022-10-28T02:34:16"), Some(false));
        assert_eq!(parse_date_time("2022-10-28T02:34:16+08:00"), Some(true));
    }
}
