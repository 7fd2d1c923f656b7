//! When and how long the client waits before it sends a request again.
//!
//! Only outcomes that a later attempt may fix are retried: the statuses
//! 429, 500, 502, 503 and 504, timeouts, connection failures and response
//! bodies cut off before their end. The wait
//! before attempt `n + 1` is "full jitter" exponential backoff, a uniformly
//! random duration between zero and `min(max_delay, base_delay * 2^(n-1))`,
//! so that many clients failing together do not retry together. A
//! `Retry-After` header on a retried response replaces that wait, capped at
//! [`RetryPolicy::max_retry_after`].

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// Attempts per request by default, the first one included: 3.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Backoff before the second attempt by default, before jitter: 200 ms.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(200);

/// Longest backoff between two attempts by default, before jitter: 5 s.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(5);

/// Longest wait that a `Retry-After` header can ask for by default: 30 s.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// How often and how patiently the client sends a request again.
///
/// The default retries: [`DEFAULT_MAX_ATTEMPTS`] attempts, backoff from
/// [`DEFAULT_BASE_DELAY`] up to [`DEFAULT_MAX_DELAY`], and `Retry-After`
/// honoured up to [`DEFAULT_MAX_RETRY_AFTER`]. [`RetryPolicy::disabled`]
/// sends every request once.
///
/// ```
/// use std::time::Duration;
/// use dws_client::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_base_delay(Duration::from_millis(500));
/// assert_eq!(policy.max_attempts(), 5);
/// assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

impl RetryPolicy {
    /// Creates a policy that sends every request once.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts per request, the first one included.
    /// `DwsClientBuilder::build` rejects 0.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the backoff before the second attempt, before jitter. Each
    /// later attempt doubles it, up to [`RetryPolicy::max_delay`].
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest backoff between two attempts, before jitter.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets the longest wait that a `Retry-After` header can ask for. A
    /// longer one is cut to this duration.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Returns the number of attempts per request, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Returns the backoff before the second attempt, before jitter.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// Returns the longest backoff between two attempts, before jitter.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// Returns the longest wait that a `Retry-After` header can ask for.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Returns the backoff ceiling after attempt `attempt` (1 for the first)
    /// failed: `min(max_delay, base_delay * 2^(attempt-1))`. The actual
    /// wait is a random duration up to it.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1);
        let factor = 1u32.checked_shl(exponent).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// Returns the wait before the attempt after `attempt` (1 for the
    /// first): the `Retry-After` delay of `headers` capped at
    /// [`RetryPolicy::max_retry_after`] when there is one, and otherwise a
    /// random duration up to [`RetryPolicy::backoff_ceiling`].
    pub fn delay_after(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(requested) = headers.and_then(|headers| retry_after(headers, SystemTime::now()))
        {
            return requested.min(self.max_retry_after);
        }
        full_jitter(self.backoff_ceiling(attempt))
    }
}

/// Returns whether a response with `status` may succeed when sent again:
/// 429, 500, 502, 503 and 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Returns the delay that the `Retry-After` header of `headers` asks for,
/// as of `now`.
///
/// The header holds either a number of seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past gives zero. A
/// missing or unreadable header gives `None`.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }

    // Whole seconds, compared as integers: converting a far-off date to a
    // `SystemTime` could overflow.
    let at = chrono::DateTime::parse_from_rfc2822(text).ok()?.timestamp();
    let now = match now.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since_epoch) => i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    };
    let seconds = u64::try_from(at.saturating_sub(now)).unwrap_or(0);
    Some(Duration::from_secs(seconds))
}

/// Returns a uniformly random duration from zero to `ceiling`.
fn full_jitter(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}
