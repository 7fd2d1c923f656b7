//! A real HTTP/1.1 server on 127.0.0.1 for end-to-end tests.
//!
//! It records every request exactly as it arrived on the socket and responds
//! with whatever the test's handler returns. That includes bodies no
//! well-behaved server would send (HTML, truncated, slow), so the client is
//! tested against real bytes over a real connection.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Largest request head the server accepts, in bytes.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Method, as sent (`GET`).
    pub method: String,
    /// Request target, as sent: the path and the query string, still encoded.
    pub target: String,
    /// Header names and values in arrival order; names are lower case.
    pub headers: Vec<(String, String)>,
    /// Body bytes, read by `Content-Length`.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// Returns the path part of the target.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(self.target.as_str(), |(path, _)| path)
    }

    /// Returns the raw query string, without `?`, or `""` when there is none.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// Returns the first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the server sends back for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    /// Status code.
    pub status: u16,
    /// Extra headers; `Content-Length` and `Connection: close` are added.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Time to wait before sending anything.
    pub delay: Duration,
    /// When set, these bytes are sent as the whole response instead, so a
    /// test can send a malformed or truncated response.
    pub raw: Option<Vec<u8>>,
}

impl CannedResponse {
    /// Creates a response with a JSON body and `Content-Type: application/json`.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
            raw: None,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Delays the response by `delay`.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Creates a response that is sent as these exact bytes.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            raw: Some(bytes.into()),
        }
    }

    fn to_bytes(&self) -> Vec<u8> {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Returns a handler that sends `responses` in order, one per request, and
/// repeats the last one after that.
///
/// # Panics
///
/// Panics when `responses` is empty.
pub fn in_order(
    responses: Vec<CannedResponse>,
) -> impl Fn(&RecordedRequest) -> CannedResponse + Send + Sync + 'static {
    assert!(
        !responses.is_empty(),
        "in_order needs at least one response"
    );
    let next = AtomicUsize::new(0);
    move |_| {
        let index = next.fetch_add(1, Ordering::SeqCst).min(responses.len() - 1);
        responses[index].clone()
    }
}

type Handler = dyn Fn(&RecordedRequest) -> CannedResponse + Send + Sync;

/// A running loopback server; it stops when dropped.
pub struct LoopbackServer {
    address: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    task: JoinHandle<()>,
}

impl LoopbackServer {
    /// Starts a server on an ephemeral port of 127.0.0.1 that responds to every
    /// request with `handler`.
    ///
    /// # Panics
    ///
    /// Panics when no loopback port can be bound.
    pub async fn start(
        handler: impl Fn(&RecordedRequest) -> CannedResponse + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("cannot bind 127.0.0.1: {error}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("bound socket has no address: {error}"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);

        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                let recorded = Arc::clone(&recorded);
                tokio::spawn(serve_connection(stream, handler, recorded));
            }
        });
        Self {
            address,
            requests,
            task,
        }
    }

    /// Returns the base URL, `http://127.0.0.1:PORT`, without a trailing `/`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the requests received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_connection(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    recorded: Arc<Mutex<Vec<RecordedRequest>>>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    recorded
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(request.clone());

    let response = handler(&request);
    if !response.delay.is_zero() {
        tokio::time::sleep(response.delay).await;
    }
    // The client may have hung up already, after a timeout for example.
    let _ = stream.write_all(&response.to_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads one request; `None` when the peer closes early or sends garbage.
async fn read_request(stream: &mut TcpStream) -> Option<RecordedRequest> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);

        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buffer).ok()? {
            httparse::Status::Partial if buffer.len() < MAX_HEAD_BYTES => continue,
            httparse::Status::Partial => return None,
            httparse::Status::Complete(head_length) => {
                let request = RecordedRequest {
                    method: parsed.method?.to_owned(),
                    target: parsed.path?.to_owned(),
                    headers: parsed
                        .headers
                        .iter()
                        .map(|header| {
                            (
                                header.name.to_ascii_lowercase(),
                                String::from_utf8_lossy(header.value).into_owned(),
                            )
                        })
                        .collect(),
                    body: Vec::new(),
                };
                return read_body(stream, request, buffer.split_off(head_length)).await;
            }
        }
    }
}

async fn read_body(
    stream: &mut TcpStream,
    mut request: RecordedRequest,
    mut body: Vec<u8>,
) -> Option<RecordedRequest> {
    let length: usize = request
        .header("content-length")
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    let mut chunk = [0u8; 8192];
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    body.truncate(length);
    request.body = body;
    Some(request)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
