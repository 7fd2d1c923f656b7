//! Timestamps of the DWS API, kept as the text the service sent.
//!
//! The API documents timestamps as `yyyy-MM-ddTHH:mm:ss` without a time
//! zone, such as `2022-10-26T12:04:10`, and does not say which zone it
//! means. [`Timestamp`] therefore stores the text and decodes any string;
//! [`Timestamp::date_time`] reads it on request and never picks a zone.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone as _};

/// Number of characters of the text that a [`TimestampError`] message shows.
const MAX_SHOWN_CHARS: usize = 64;

/// Timestamp as the service sent it, such as `2022-10-26T12:04:10`.
///
/// Decoding never fails on a string, and encoding writes back exactly the
/// text that was decoded. [`Timestamp::date_time`] reads the text as a date
/// and time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
}

/// Date and time read from a [`Timestamp`].
///
/// Marked `#[non_exhaustive]` so that a form the service may add later (a
/// date without a time, say) can get its own variant without breaking
/// callers; keep a wildcard arm when matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParsedTimestamp {
    /// Date and time from text without a zone, the form the API documents.
    /// The API does not say which zone it means.
    Naive(NaiveDateTime),
    /// Date and time from text that ends in `Z` (an offset of zero) or in
    /// an offset such as `+08:00`.
    Offset(DateTime<FixedOffset>),
}

/// Failure to read a [`Timestamp`] as a date and time.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid timestamp `{shown}`: {reason}. Expected yyyy-MM-ddTHH:mm:ss, with a space allowed for the T, an optional fraction of a second and an optional Z or offset such as +08:00",
    shown = shorten(.text)
)]
pub struct TimestampError {
    text: String,
    reason: &'static str,
}

impl Timestamp {
    /// Creates a timestamp from its text, which is kept as given.
    pub fn new(text: impl Into<String>) -> Self {
        Timestamp { text: text.into() }
    }

    /// Returns the text as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the text as the service sent it, without copying.
    pub fn into_string(self) -> String {
        self.text
    }

    /// Reads the text as a date and time.
    ///
    /// Accepts `yyyy-MM-ddTHH:mm:ss` with a `T` or a space between date and
    /// time, an optional fraction of a second of 1 to 9 digits, and an
    /// optional `Z` or `+HH:MM`/`-HH:MM` offset. Text without a zone gives
    /// [`ParsedTimestamp::Naive`]; text with one gives
    /// [`ParsedTimestamp::Offset`].
    ///
    /// # Errors
    ///
    /// [`TimestampError`] naming the text when it has another form or names
    /// a date, time or offset that does not exist, such as February 30.
    pub fn date_time(&self) -> Result<ParsedTimestamp, TimestampError> {
        parse(&self.text).map_err(|reason| TimestampError {
            text: self.text.clone(),
            reason,
        })
    }
}

impl TimestampError {
    /// Returns the whole text that could not be read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        Timestamp { text }
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Timestamp::new(text)
    }
}

impl FromStr for Timestamp {
    type Err = Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Timestamp::new(text))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Timestamp::from)
    }
}

/// Byte offsets of the fixed-width part `yyyy-MM-ddTHH:mm:ss`.
mod layout {
    pub const YEAR: usize = 0;
    pub const MONTH: usize = 5;
    pub const DAY: usize = 8;
    pub const SEPARATOR: usize = 10;
    pub const HOUR: usize = 11;
    pub const MINUTE: usize = 14;
    pub const SECOND: usize = 17;
    pub const END: usize = 19;
}

fn parse(text: &str) -> Result<ParsedTimestamp, &'static str> {
    let date = parse_date(text)?;
    if !matches!(text.as_bytes().get(layout::SEPARATOR), Some(b'T' | b' ')) {
        return Err("the date and time are not separated by T or a space");
    }
    let (hour, minute, second) = parse_clock(text)?;

    // The first 19 bytes are ASCII now, so slicing there is on a char boundary.
    let (nanosecond, zone) = split_fraction(&text[layout::END..])?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanosecond)
        .ok_or("the time of day does not exist")?;
    let naive = NaiveDateTime::new(date, time);

    match parse_offset(zone)? {
        None => Ok(ParsedTimestamp::Naive(naive)),
        Some(offset) => offset
            .from_local_datetime(&naive)
            .single()
            .map(ParsedTimestamp::Offset)
            .ok_or("the date and time are out of range with this offset"),
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    const SHAPE: &str = "the date is not yyyy-MM-dd";
    let year = digits(text, layout::YEAR, 4).ok_or(SHAPE)?;
    let month = digits(text, layout::MONTH, 2).ok_or(SHAPE)?;
    let day = digits(text, layout::DAY, 2).ok_or(SHAPE)?;
    if !has_byte(text, layout::MONTH - 1, b'-') || !has_byte(text, layout::DAY - 1, b'-') {
        return Err(SHAPE);
    }
    let year = i32::try_from(year).map_err(|_| SHAPE)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or("the date does not exist")
}

fn parse_clock(text: &str) -> Result<(u32, u32, u32), &'static str> {
    const SHAPE: &str = "the time is not HH:mm:ss";
    let hour = digits(text, layout::HOUR, 2).ok_or(SHAPE)?;
    let minute = digits(text, layout::MINUTE, 2).ok_or(SHAPE)?;
    let second = digits(text, layout::SECOND, 2).ok_or(SHAPE)?;
    if !has_byte(text, layout::MINUTE - 1, b':') || !has_byte(text, layout::SECOND - 1, b':') {
        return Err(SHAPE);
    }
    Ok((hour, minute, second))
}

/// Splits an optional `.ddd` fraction off `rest`, returning it in
/// nanoseconds with the text after it.
fn split_fraction(rest: &str) -> Result<(u32, &str), &'static str> {
    let Some(after_dot) = rest.strip_prefix('.') else {
        return Ok((0, rest));
    };
    let length = after_dot.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=9).contains(&length) {
        return Err("the fraction of a second does not have 1 to 9 digits");
    }
    let value = digits(after_dot, 0, length).ok_or("the fraction of a second is not a number")?;
    let scale = 10_u32.pow(9 - length as u32);
    Ok((value * scale, &after_dot[length..]))
}

/// Reads what follows the time: nothing, `Z`, or `+HH:MM`/`-HH:MM`.
fn parse_offset(zone: &str) -> Result<Option<FixedOffset>, &'static str> {
    const SHAPE: &str = "the text after the time is not Z or an offset such as +08:00";
    let sign = match zone.as_bytes().first() {
        None => return Ok(None),
        Some(b'Z') if zone.len() == 1 => return Ok(FixedOffset::east_opt(0)),
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => return Err(SHAPE),
    };
    if zone.len() != 6 || !has_byte(zone, 3, b':') {
        return Err(SHAPE);
    }
    let hours = digits(zone, 1, 2).ok_or(SHAPE)?;
    let minutes = digits(zone, 4, 2).ok_or(SHAPE)?;
    if hours > 23 || minutes > 59 {
        return Err("the offset is out of range");
    }
    // Both parts are at most two digits, so the sum fits in an i32.
    let seconds = (hours * 3600 + minutes * 60) as i32;
    FixedOffset::east_opt(sign * seconds)
        .map(Some)
        .ok_or("the offset is out of range")
}

/// Reads `length` ASCII digits at byte `start` of `text`.
fn digits(text: &str, start: usize, length: usize) -> Option<u32> {
    let part = text.get(start..start.checked_add(length)?)?;
    if !part.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn has_byte(text: &str, index: usize, expected: u8) -> bool {
    text.as_bytes().get(index) == Some(&expected)
}

/// Returns at most [`MAX_SHOWN_CHARS`] characters of `text`, marking a cut
/// with `...`, so that a huge value does not flood an error message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}...", &text[..cut]),
    }
}
