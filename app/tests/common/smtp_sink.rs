//! A real SMTP server for the tests, on a loopback port: it speaks enough SMTP for lettre
//! (greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT), records every message
//! it accepts, and can be told to misbehave ([`Behaviour`]). [`Received`] decodes what
//! arrived (headers with RFC 2047 words, multipart bodies in quoted-printable or base64).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// What the sink does with the next connections or messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Accept,
    /// Greets the next `n` connections with `421` (service not available) and hangs up,
    /// then accepts.
    BusyGreeting(usize),
    /// Answers the next `n` messages' data with `451` (try again later), then accepts.
    DeferData(usize),
    /// Refuses every recipient with `550`.
    RejectRecipient,
    /// Hangs up right after its greeting.
    HangUp,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope.
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, CRLF line ends.
    pub data: String,
}

struct Shared {
    behaviour: Behaviour,
    connections: usize,
    messages: Vec<Received>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    arrived: Arc<Notify>,
    task: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start(behaviour: Behaviour) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the SMTP sink");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared { behaviour, connections: 0, messages: Vec::new() }));
        let arrived = Arc::new(Notify::new());
        let (s, a) = (shared.clone(), arrived.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, s.clone(), a.clone()));
            }
        });
        SmtpSink { addr, shared, arrived, task }
    }

    /// `SMTP_URL` for this sink.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn set(&self, behaviour: Behaviour) {
        self.shared.lock().unwrap().behaviour = behaviour;
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.lock().unwrap().messages.clone()
    }

    /// Connections accepted so far (each attempt to send is one).
    pub fn connections(&self) -> usize {
        self.shared.lock().unwrap().connections
    }

    /// Waits until at least `n` messages have arrived; panics after `timeout`.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.arrived.notified();
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("the SMTP sink got {} of {n} messages within {timeout:?}", self.messages().len());
            }
        }
    }
}

/// What this connection does, decided as it opens.
enum Plan {
    Busy,
    HangUp,
    Serve,
}

async fn serve(stream: TcpStream, shared: Arc<Mutex<Shared>>, arrived: Arc<Notify>) {
    let plan = {
        let mut s = shared.lock().unwrap();
        s.connections += 1;
        match s.behaviour {
            Behaviour::BusyGreeting(n) if n > 0 => {
                s.behaviour = if n == 1 { Behaviour::Accept } else { Behaviour::BusyGreeting(n - 1) };
                Plan::Busy
            }
            Behaviour::HangUp => Plan::HangUp,
            _ => Plan::Serve,
        }
    };
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    match plan {
        Plan::Busy => {
            let _ = write.write_all(b"421 sink.test Service not available, try again later\r\n").await;
            return;
        }
        Plan::HangUp => {
            let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
            return;
        }
        Plan::Serve => {}
    }
    let _ = write.write_all(b"220 sink.test ESMTP test sink\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::<String>::new());
    loop {
        let Some(line) = read_line(&mut read).await else { return };
        let upper = line.to_ascii_uppercase();
        let answer: String = if upper.starts_with("EHLO") {
            "250-sink.test\r\n250 8BITMIME".into()
        } else if upper.starts_with("HELO") {
            "250 sink.test".into()
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&line["MAIL FROM:".len()..]);
            to.clear();
            "250 2.1.0 OK".into()
        } else if upper.starts_with("RCPT TO:") {
            if shared.lock().unwrap().behaviour == Behaviour::RejectRecipient {
                "550 5.1.1 Mailbox unavailable".into()
            } else {
                to.push(address(&line["RCPT TO:".len()..]));
                "250 2.1.5 OK".into()
            }
        } else if upper == "DATA" {
            if to.is_empty() {
                "503 5.5.1 No recipients".into()
            } else {
                let _ = write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await;
                let mut data = String::new();
                loop {
                    let Some(l) = read_line(&mut read).await else { return };
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push_str("\r\n");
                }
                let mut s = shared.lock().unwrap();
                match s.behaviour {
                    Behaviour::DeferData(n) if n > 0 => {
                        s.behaviour = if n == 1 { Behaviour::Accept } else { Behaviour::DeferData(n - 1) };
                        "451 4.3.0 Try again later".into()
                    }
                    _ => {
                        s.messages.push(Received { from: from.clone(), to: std::mem::take(&mut to), data });
                        arrived.notify_waiters();
                        "250 2.0.0 OK queued".into()
                    }
                }
            }
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            "250 2.0.0 OK".into()
        } else if upper == "NOOP" {
            "250 2.0.0 OK".into()
        } else if upper == "QUIT" {
            let _ = write.write_all(b"221 2.0.0 Bye\r\n").await;
            return;
        } else {
            "502 5.5.2 Command not recognised".into()
        };
        if write.write_all(format!("{answer}\r\n").as_bytes()).await.is_err() {
            return;
        }
    }
}

async fn read_line(read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> Option<String> {
    let mut buf = Vec::new();
    match read.read_until(b'\n', &mut buf).await {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(String::from_utf8_lossy(&buf).trim_end_matches(['\r', '\n']).to_string()),
    }
}

/// `<kari@x.no> BODY=8BITMIME` → `kari@x.no`.
fn address(arg: &str) -> String {
    let arg = arg.trim();
    let end = arg.find('>').map(|i| i + 1).unwrap_or(arg.len());
    arg[..end].trim_matches(['<', '>']).to_string()
}

impl Received {
    /// The header block and the body.
    fn split(data: &str) -> (&str, &str) {
        data.split_once("\r\n\r\n").unwrap_or((data, ""))
    }

    /// Header `name` of a header block, unfolded and with encoded words decoded.
    fn header_in(block: &str, name: &str) -> Option<String> {
        let unfolded = block.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| decode_words(v.trim()))
        })
    }

    /// A header of the message.
    pub fn header(&self, name: &str) -> Option<String> {
        Self::header_in(Self::split(&self.data).0, name)
    }

    /// Every part of the multipart body as (content type, decoded text).
    pub fn parts(&self) -> Vec<(String, String)> {
        let (head, body) = Self::split(&self.data);
        let content_type = Self::header_in(head, "Content-Type").unwrap_or_default();
        let boundary =
            content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary=")).map(|b| b.trim_matches('"').to_string()).expect("a multipart message");
        body.split(&format!("--{boundary}"))
            .skip(1)
            .filter(|p| !p.starts_with("--"))
            .map(|part| {
                let part = part.strip_prefix("\r\n").unwrap_or(part);
                let (h, b) = Self::split(part);
                let kind = Self::header_in(h, "Content-Type").unwrap_or_default();
                let encoding = Self::header_in(h, "Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase();
                let b = b.strip_suffix("\r\n").unwrap_or(b);
                let text = match encoding.as_str() {
                    "quoted-printable" => quoted_printable(b),
                    "base64" => String::from_utf8(data_encoding::BASE64.decode(b.replace("\r\n", "").as_bytes()).unwrap()).unwrap(),
                    _ => b.to_string(),
                };
                (kind, text.replace("\r\n", "\n"))
            })
            .collect()
    }

    fn part(&self, kind: &str) -> String {
        self.parts().into_iter().find(|(t, _)| t.starts_with(kind)).map(|(_, b)| b).unwrap_or_else(|| panic!("no {kind} part in {}", self.data))
    }

    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    pub fn html(&self) -> String {
        self.part("text/html")
    }
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            if let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 text")
}

/// RFC 2047: `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words, the space between two of them dropped.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, word) = rest.split_at(start);
        let parts: Vec<&str> = word[2..].splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|t| t.find("?=")) else { break };
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let text = &parts[2][..end];
        let decoded = match parts[1].to_ascii_lowercase().as_str() {
            "b" => String::from_utf8(data_encoding::BASE64.decode(text.as_bytes()).unwrap()).unwrap(),
            _ => quoted_printable(&text.replace('_', " ")),
        };
        out.push_str(&decoded);
        rest = &parts[2][end + 2..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}
