//! A seeded mutation fuzzer for the parsers' fuzz tests: valid fixtures are mutated (bytes
//! flipped, inserted, deleted; files cut; lines doubled, dropped and swapped; extreme numbers and
//! the format's own tokens spliced in) and every result must be accepted or rejected with a
//! message — never a panic, never a hang. `cargo fuzz` needs a nightly toolchain; this runs
//! inside `cargo test` on stable, bounded in time.
//!
//! Each target runs for its default number of seconds, or `LIANTU_FUZZ_SECONDS` (alias
//! `LIANTU_FUZZ_SECS`);
//! `LIANTU_FUZZ_SEED` picks another seed. A case is run on a worker thread so that one that
//! takes longer than the per-case limit (default 10 s, `LIANTU_FUZZ_CASE_SECONDS`) is reported
//! as a hang instead of stalling the test. Inputs that fail are kept in the temp directory the
//! failure message names.
//!
//! ```no_run
//! use liantu_testdata::fuzz::Fuzz;
//! let fixtures = vec![b"key = 1\n".to_vec()];
//! let tally = Fuzz::new("example", 0x5EED).seconds(1.0).run_fixtures(fixtures, |bytes| {
//!     let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
//!     text.parse::<f64>().map(drop).map_err(|e| e.to_string())
//! });
//! assert!(tally.cases > 0);
//! ```

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// xorshift64*: small, seeded, good enough to pick mutations.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes parsers trip on: NUL, line ends, quotes and separators, a BOM, invalid UTF-8, GBK and
/// UTF-16 fragments, markup and formula starters.
const BYTES: &[u8] = b"\0\r\n\",;\t \xEF\xBB\xBF\xD6\xFF\xFE\x81\x30<>&=+-@%'#[]{}\\";

/// Numbers at and beyond the edges, written the ways people and programs write them.
const NUMBERS: &[&str] = &[
    "1e308",
    "-1e308",
    "1e999",
    "99999999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "4294967295",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "+inf",
    "-0",
    "-1",
    "0",
    "1,2345",
    "１２３",
    "0.0000000001",
    "5e-324",
    "0x10",
    "1_000",
    "",
];

/// Mutates fixtures, with the format's tokens (keys, punctuation, keywords) as a dictionary.
#[derive(Debug, Clone)]
pub struct Mutator {
    pub rng: Rng,
    tokens: Vec<Vec<u8>>,
}

impl Mutator {
    pub fn new(seed: u64) -> Mutator {
        Mutator {
            rng: Rng::new(seed),
            tokens: Vec::new(),
        }
    }

    /// Adds format tokens to splice in (`"[[nodes]]"`, `"null"`, `"\"\"\""` …).
    pub fn with_tokens(mut self, tokens: &[&str]) -> Mutator {
        self.tokens
            .extend(tokens.iter().map(|t| t.as_bytes().to_vec()));
        self
    }

    /// Adds the words of `fixtures` (keys and names) as tokens, so a key can turn up where it
    /// does not belong, twice, or in another table.
    pub fn learn(mut self, fixtures: &[Vec<u8>]) -> Mutator {
        let mut words: Vec<Vec<u8>> = fixtures
            .iter()
            .flat_map(|f| {
                f.split(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
                    .filter(|w| (2..=32).contains(&w.len()))
                    .map(<[u8]>::to_vec)
            })
            .collect();
        words.sort();
        words.dedup();
        self.tokens.extend(words);
        self
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.rng.below(n)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        self.rng.pick(items)
    }

    /// One to four mutations of `input`.
    pub fn mutate(&mut self, input: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        for _ in 0..=self.below(4) {
            self.mutate_once(&mut out);
        }
        out
    }

    fn mutate_once(&mut self, out: &mut Vec<u8>) {
        let at = self.below(out.len() + 1);
        match self.below(13) {
            0 if at < out.len() => out[at] ^= 1 << self.below(8),
            1 => out.insert(at, *self.pick(BYTES)),
            2 => {
                let end = (at + 1 + self.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 => out.truncate(at),
            4 => self.duplicate_line(out, at),
            5 => self.extreme_number(out, at),
            6 => {
                let b = *self.pick(BYTES);
                out.splice(at..at, std::iter::repeat_n(b, 1 + self.below(64)));
            }
            7 if at < out.len() => out[at] = self.rng.next_u64() as u8,
            8 | 9 if !self.tokens.is_empty() => {
                let token = self.rng.pick(&self.tokens).clone();
                out.splice(at..at, token);
            }
            10 => self.drop_line(out, at),
            11 => self.swap_lines(out),
            _ => {
                let number = *self.pick(NUMBERS);
                out.splice(at..at, number.bytes());
            }
        }
    }

    /// A line of `out` again, inserted at `at`.
    fn duplicate_line(&mut self, out: &mut Vec<u8>, at: usize) {
        let lines = line_ranges(out);
        if lines.is_empty() {
            return;
        }
        let line = out[self.pick(&lines).clone()].to_vec();
        out.splice(at..at, line);
    }

    /// The line around `at` removed.
    pub fn drop_line(&mut self, out: &mut Vec<u8>, at: usize) {
        if let Some(line) = line_ranges(out).into_iter().find(|r| r.contains(&at)) {
            out.drain(line);
        }
    }

    /// Two lines swapped.
    pub fn swap_lines(&mut self, out: &mut Vec<u8>) {
        let lines = line_ranges(out);
        if lines.len() < 2 {
            return;
        }
        let (a, b) = (self.below(lines.len()), self.below(lines.len()));
        let (a, b) = (lines[a.min(b)].clone(), lines[a.max(b)].clone());
        if a == b {
            return;
        }
        let swapped = [
            &out[..a.start],
            &out[b.clone()],
            &out[a.end..b.start],
            &out[a.clone()],
            &out[b.end..],
        ]
        .concat();
        *out = swapped;
    }

    /// The number at or after `at` replaced by an extreme one.
    fn extreme_number(&mut self, out: &mut Vec<u8>, at: usize) {
        let Some(start) = (at..out.len()).find(|&i| out[i].is_ascii_digit()) else {
            return;
        };
        let end = (start..out.len())
            .find(|&i| !(out[i].is_ascii_digit() || out[i] == b'.'))
            .unwrap_or(out.len());
        let number = *self.pick(NUMBERS);
        out.splice(start..end, number.bytes());
    }
}

/// Byte ranges of the lines of `text`, line ends included.
fn line_ranges(text: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < text.len() {
        ranges.push(start..text.len());
    }
    ranges
}

/// One input to a target: its bytes (kept when it fails) and a file name for the copy.
pub trait Case: Send + Sync + 'static {
    fn bytes(&self) -> &[u8];

    /// The name the input is kept under; say what the bytes are (`kind.encoding.csv`).
    fn file_name(&self) -> String {
        "input".into()
    }
}

impl Case for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

/// A fixture's mutation with the file extension it is kept under.
#[derive(Debug, Clone)]
pub struct Input {
    pub bytes: Vec<u8>,
    pub extension: &'static str,
}

impl Case for Input {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn file_name(&self) -> String {
        format!("input.{}", self.extension)
    }
}

/// What went wrong with one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The target panicked (a parser bug, or a round-trip assertion).
    Panic,
    /// The case ran past the per-case limit.
    Hang,
    /// Rejected with an empty message.
    SilentRejection,
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
    /// Where the input was kept.
    pub kept: PathBuf,
}

/// Cases run, how they ended, and the slowest.
#[derive(Debug, Default)]
pub struct Tally {
    pub cases: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub failures: Vec<Failure>,
    pub slowest: Duration,
    pub seed: u64,
}

/// A bounded fuzz run of one target.
#[derive(Debug, Clone)]
pub struct Fuzz {
    name: String,
    salt: u64,
    seconds: f64,
    /// `LIANTU_FUZZ_SECONDS`, which overrides `seconds`.
    env_seconds: Option<f64>,
    case_limit: Duration,
    tokens: Vec<&'static str>,
}

impl Fuzz {
    /// A run named `name`; `salt` varies the seed between targets.
    pub fn new(name: &str, salt: u64) -> Fuzz {
        Fuzz {
            name: name.into(),
            salt,
            seconds: 10.0,
            env_seconds: env_f64("LIANTU_FUZZ_SECONDS").or_else(|| env_f64("LIANTU_FUZZ_SECS")),
            case_limit: Duration::from_secs_f64(
                env_f64("LIANTU_FUZZ_CASE_SECONDS").unwrap_or(10.0),
            ),
            tokens: Vec::new(),
        }
    }

    /// How long to run when `LIANTU_FUZZ_SECONDS` is not set.
    pub fn seconds(mut self, seconds: f64) -> Fuzz {
        self.seconds = seconds;
        self
    }

    /// Runs for exactly `seconds`, whatever `LIANTU_FUZZ_SECONDS` says (for the harness's own
    /// tests).
    pub fn seconds_exactly(mut self, seconds: f64) -> Fuzz {
        self.seconds = seconds;
        self.env_seconds = None;
        self
    }

    /// The longest one case may take before it counts as a hang.
    pub fn case_limit(mut self, limit: Duration) -> Fuzz {
        self.case_limit = limit;
        self
    }

    /// Format tokens for the mutator of [`Fuzz::run_fixtures`].
    pub fn tokens(mut self, tokens: &[&'static str]) -> Fuzz {
        self.tokens.extend_from_slice(tokens);
        self
    }

    /// The seed: `LIANTU_FUZZ_SEED` (or a fixed one) mixed with the target's salt.
    pub fn seed(&self) -> u64 {
        let seed = std::env::var("LIANTU_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5EED_F011);
        (seed ^ self.salt) | 1
    }

    /// The time budget: `LIANTU_FUZZ_SECONDS` or the target's default.
    pub fn budget(&self) -> Duration {
        Duration::from_secs_f64(self.env_seconds.unwrap_or(self.seconds))
    }

    /// Fuzzes `target` with mutations of `fixtures` (their words learnt as tokens, beside
    /// [`Fuzz::tokens`]). See [`Fuzz::run`].
    pub fn run_fixtures<T>(&self, fixtures: Vec<Vec<u8>>, target: T) -> Tally
    where
        T: FnMut(&[u8]) -> Result<(), String> + Send + 'static,
    {
        assert!(!fixtures.is_empty(), "fuzz {}: no fixtures", self.name);
        let mut target = target;
        self.run(
            Mutator::new(self.seed())
                .with_tokens(&self.tokens)
                .learn(&fixtures),
            move |m| {
                let fixture = m.pick(&fixtures);
                m.mutate(fixture)
            },
            move |case: &Vec<u8>| target(case),
        )
    }

    /// Runs `target` on cases from `generate` until the budget is spent, prints the tally and
    /// panics if any case panicked, hung or was rejected without a message (the inputs are kept).
    /// `target` runs on a worker thread: `Ok` for an accepted input, `Err(message)` for a
    /// clean rejection; a panic (e.g. a failed round-trip assertion) is a failure.
    pub fn run<C, G, T>(&self, mut mutator: Mutator, mut generate: G, target: T) -> Tally
    where
        C: Case,
        G: FnMut(&mut Mutator) -> C,
        T: FnMut(&C) -> Result<(), String> + Send + 'static,
    {
        quiet_panics();
        let mut tally = Tally {
            seed: self.seed(),
            ..Tally::default()
        };
        let worker = Worker::spawn(&self.name, target);
        let deadline = Instant::now() + self.budget();
        while Instant::now() < deadline {
            let case = Arc::new(generate(&mut mutator));
            tally.cases += 1;
            let Some((outcome, took)) = worker.run(&case, self.case_limit) else {
                let message = format!(
                    "no answer after {:.1} s (per-case limit)",
                    self.case_limit.as_secs_f64()
                );
                self.fail(&mut tally, FailureKind::Hang, message, &*case);
                // The worker is stuck on this case: it is left behind, not joined.
                drop(worker);
                return self.finish(tally);
            };
            tally.slowest = tally.slowest.max(took);
            match outcome {
                Outcome::Accepted => tally.accepted += 1,
                Outcome::Rejected(message) if message.trim().is_empty() => {
                    self.fail(&mut tally, FailureKind::SilentRejection, message, &*case);
                }
                Outcome::Rejected(_) => tally.rejected += 1,
                Outcome::Panicked(message) => {
                    self.fail(&mut tally, FailureKind::Panic, message, &*case);
                }
            }
        }
        worker.stop();
        self.finish(tally)
    }

    fn fail(&self, tally: &mut Tally, kind: FailureKind, message: String, case: &dyn CaseBytes) {
        let dir = std::env::temp_dir().join(format!(
            "liantu-fuzz-{}-{}",
            self.name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
            std::process::id()
        ));
        let kept = dir.join(format!("{}-{}", tally.cases, case.name()));
        if let Err(e) =
            std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&kept, case.data()))
        {
            eprintln!("fuzz {}: cannot keep {}: {e}", self.name, kept.display());
        }
        tally.failures.push(Failure {
            kind,
            message,
            kept,
        });
    }

    fn finish(&self, tally: Tally) -> Tally {
        let count = |kind| tally.failures.iter().filter(|f| f.kind == kind).count();
        eprintln!(
            "fuzz {}: {} cases ({} accepted, {} rejected), {} panics, {} hangs, {} silent rejections, slowest case {:.1} ms, seed {}",
            self.name,
            tally.cases,
            tally.accepted,
            tally.rejected,
            count(FailureKind::Panic),
            count(FailureKind::Hang),
            count(FailureKind::SilentRejection),
            tally.slowest.as_secs_f64() * 1e3,
            tally.seed,
        );
        assert!(tally.cases > 0, "fuzz {}: no case ran", self.name);
        if !tally.failures.is_empty() {
            let list: Vec<String> = tally
                .failures
                .iter()
                .take(20)
                .map(|f| format!("  {:?} {}: {}", f.kind, f.kept.display(), f.message))
                .collect();
            panic!(
                "fuzz {}: {} inputs failed (seed {}):\n{}",
                self.name,
                tally.failures.len(),
                tally.seed,
                list.join("\n")
            );
        }
        tally
    }
}

/// A case's bytes and name, object-safe for [`Fuzz::fail`].
trait CaseBytes {
    fn data(&self) -> &[u8];
    fn name(&self) -> String;
}

impl<C: Case> CaseBytes for C {
    fn data(&self) -> &[u8] {
        self.bytes()
    }

    fn name(&self) -> String {
        self.file_name()
    }
}

enum Outcome {
    Accepted,
    Rejected(String),
    Panicked(String),
}

/// The thread cases run on, so the fuzz loop can give up on one that hangs.
struct Worker<C> {
    cases: mpsc::Sender<Arc<C>>,
    outcomes: mpsc::Receiver<(Outcome, Duration)>,
    thread: std::thread::JoinHandle<()>,
}

impl<C: Case> Worker<C> {
    fn spawn<T>(name: &str, mut target: T) -> Worker<C>
    where
        T: FnMut(&C) -> Result<(), String> + Send + 'static,
    {
        let (cases, inbox) = mpsc::channel::<Arc<C>>();
        let (outbox, outcomes) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(format!("fuzz-{name}"))
            .spawn(move || {
                for case in inbox {
                    let started = Instant::now();
                    let outcome = match catch_unwind(AssertUnwindSafe(|| target(&case))) {
                        Ok(Ok(())) => Outcome::Accepted,
                        Ok(Err(message)) => Outcome::Rejected(message),
                        Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
                    };
                    if outbox.send((outcome, started.elapsed())).is_err() {
                        return;
                    }
                }
            })
            .expect("spawn the fuzz worker");
        Worker {
            cases,
            outcomes,
            thread,
        }
    }

    /// The outcome of `case`, or `None` when it took longer than `limit`.
    fn run(&self, case: &Arc<C>, limit: Duration) -> Option<(Outcome, Duration)> {
        self.cases
            .send(Arc::clone(case))
            .expect("the fuzz worker stopped");
        match self.outcomes.recv_timeout(limit) {
            Ok(answer) => Some(answer),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Some((Outcome::Panicked("the fuzz worker died".into()), limit))
            }
        }
    }

    fn stop(self) {
        drop(self.cases);
        let _ = self.thread.join();
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

fn env_f64(name: &str) -> Option<f64> {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|v: &f64| v.is_finite() && *v > 0.0)
}

/// Panics on fuzz workers print one line each, the first 20 of them (the loop catches them and
/// keeps the input; the tally says how many there were). Other threads' panics print as usual.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    static PRINTED: AtomicU32 = AtomicU32::new(0);
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_worker = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with("fuzz-"));
            if !on_worker {
                default(info);
            } else if PRINTED.fetch_add(1, Ordering::Relaxed) < 20 {
                eprintln!("panic: {info}");
            }
        }));
    });
}
