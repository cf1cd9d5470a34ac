//! The output files of `liantu complexity`, written straight into buffered files: codes are
//! CSV-escaped once per period, numbers formatted with ryu. A 250 × 5,000 panel makes 1.25 M
//! cells, so per-row allocations and `format!` dominated the command before.

use super::ProximityRequest;
use crate::{Result, files};
use liantu_complexity::PeriodResult;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Written always, in this order.
pub const TABLE_FILES: [&str; 3] = ["cp.csv", "locations.csv", "products.csv"];
/// Written when proximity is asked for.
pub const PROXIMITY_FILE: &str = "proximity.csv";

const BUFFER: usize = 1 << 20;

/// A CSV file being written.
struct CsvFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl CsvFile {
    fn create(dir: &Path, name: &str, header: &str) -> Result<CsvFile> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|e| files::cannot_write(&path, e))?;
        let mut out = BufWriter::with_capacity(BUFFER, file);
        writeln!(out, "{header}").map_err(|e| files::cannot_write(&path, e))?;
        Ok(CsvFile { path, out })
    }
}

/// The files, headers written.
pub(super) struct Outputs {
    cp: CsvFile,
    locations: CsvFile,
    products: CsvFile,
    proximity: Option<(CsvFile, ProximityRequest)>,
}

impl Outputs {
    pub(super) fn create(dir: &Path, proximity: Option<ProximityRequest>) -> Result<Outputs> {
        if proximity.is_none() {
            // A proximity.csv left by an earlier run would pass for this run's.
            let stale = dir.join(PROXIMITY_FILE);
            match std::fs::remove_file(&stale) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(files::cannot_write(&stale, e));
                }
                _ => {}
            }
        }
        let [cp, locations, products] = TABLE_FILES;
        Ok(Outputs {
            cp: CsvFile::create(dir, cp, "time,loc,prod,value,rca,mcp,density,cog")?,
            locations: CsvFile::create(dir, locations, "time,loc,diversity,eci,coi")?,
            products: CsvFile::create(dir, products, "time,prod,ubiquity,pci")?,
            proximity: match proximity {
                Some(request) => Some((
                    CsvFile::create(dir, PROXIMITY_FILE, "time,prod_1,prod_2,proximity")?,
                    request,
                )),
                None => None,
            },
        })
    }

    pub(super) fn period(&mut self, p: &PeriodResult) -> Result<()> {
        let time = escaped(&p.time);
        let locations: Vec<Vec<u8>> = p.locations.iter().map(|l| escaped(&l.code)).collect();
        let products: Vec<Vec<u8>> = p.products.iter().map(|q| escaped(&q.code)).collect();
        let codes = Codes {
            time: &time,
            locations: &locations,
            products: &products,
        };
        let at = |f: &CsvFile, e| files::cannot_write(&f.path, e);
        cp_rows(&mut self.cp.out, p, &codes).map_err(|e| at(&self.cp, e))?;
        location_rows(&mut self.locations.out, p, &codes).map_err(|e| at(&self.locations, e))?;
        product_rows(&mut self.products.out, p, &codes).map_err(|e| at(&self.products, e))?;
        if let Some((file, request)) = &mut self.proximity {
            proximity_rows(&mut file.out, p, &codes, request).map_err(|e| at(file, e))?;
        }
        Ok(())
    }

    /// Flushes every file; the names written.
    pub(super) fn finish(self) -> Result<Vec<&'static str>> {
        let mut written = TABLE_FILES.to_vec();
        let mut all = vec![self.cp, self.locations, self.products];
        if let Some((file, _)) = self.proximity {
            all.push(file);
            written.push(PROXIMITY_FILE);
        }
        for mut f in all {
            f.out.flush().map_err(|e| files::cannot_write(&f.path, e))?;
        }
        Ok(written)
    }
}

/// A period's codes, CSV-escaped.
struct Codes<'a> {
    time: &'a [u8],
    locations: &'a [Vec<u8>],
    products: &'a [Vec<u8>],
}

fn cp_rows(out: &mut impl Write, p: &PeriodResult, codes: &Codes) -> io::Result<()> {
    let mut line = Vec::with_capacity(256);
    let mut num = Number::new();
    for (l, q, c) in p.cells() {
        line.clear();
        line.extend_from_slice(codes.time);
        line.push(b',');
        line.extend_from_slice(&codes.locations[l]);
        line.push(b',');
        line.extend_from_slice(&codes.products[q]);
        line.push(b',');
        num.push(&mut line, c.value);
        line.push(b',');
        num.push(&mut line, c.rca);
        line.extend_from_slice(if c.mcp { b",1," } else { b",0," });
        if let Some(density) = c.density {
            num.push(&mut line, density);
        }
        line.push(b',');
        num.push(&mut line, c.cog);
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

fn location_rows(out: &mut impl Write, p: &PeriodResult, codes: &Codes) -> io::Result<()> {
    let mut line = Vec::with_capacity(128);
    let mut num = Number::new();
    for (l, code) in p.locations.iter().zip(codes.locations) {
        line.clear();
        line.extend_from_slice(codes.time);
        line.push(b',');
        line.extend_from_slice(code);
        line.push(b',');
        if let Some(d) = l.diversity {
            line.extend_from_slice(d.to_string().as_bytes());
        }
        line.push(b',');
        num.push_opt(&mut line, l.eci);
        line.push(b',');
        num.push_opt(&mut line, l.coi);
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

fn product_rows(out: &mut impl Write, p: &PeriodResult, codes: &Codes) -> io::Result<()> {
    let mut line = Vec::with_capacity(128);
    let mut num = Number::new();
    for (q, code) in p.products.iter().zip(codes.products) {
        line.clear();
        line.extend_from_slice(codes.time);
        line.push(b',');
        line.extend_from_slice(code);
        line.push(b',');
        if let Some(u) = q.ubiquity {
            line.extend_from_slice(u.to_string().as_bytes());
        }
        line.push(b',');
        num.push_opt(&mut line, q.pci);
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// Every pair of the upper triangle (diagonal included) at or above the minimum, zeros left
/// out; or, with `top`, each product's closest other products, closest first.
fn proximity_rows(
    out: &mut impl Write,
    p: &PeriodResult,
    codes: &Codes,
    request: &ProximityRequest,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(128);
    let mut num = Number::new();
    let mut row = |a: usize, b: usize, phi: f64| {
        line.clear();
        line.extend_from_slice(codes.time);
        line.push(b',');
        line.extend_from_slice(&codes.products[a]);
        line.push(b',');
        line.extend_from_slice(&codes.products[b]);
        line.push(b',');
        num.push(&mut line, phi);
        line.push(b'\n');
        out.write_all(&line)
    };
    let kept = |phi: Option<f64>| phi.filter(|v| *v != 0.0 && *v >= request.min.unwrap_or(0.0));
    let n = p.products.len();
    match request.top {
        None => {
            for a in 0..n {
                for b in a..n {
                    if let Some(phi) = kept(p.proximity(a, b)) {
                        row(a, b, phi)?;
                    }
                }
            }
        }
        Some(k) => {
            let mut neighbours: Vec<(usize, f64)> = Vec::with_capacity(n);
            for a in 0..n {
                neighbours.clear();
                neighbours.extend(
                    (0..n)
                        .filter(|&b| b != a)
                        .filter_map(|b| kept(p.proximity(a, b)).map(|phi| (b, phi))),
                );
                // Closest first; ties in product order, so the file does not depend on the sort.
                let by_closeness =
                    |x: &(usize, f64), y: &(usize, f64)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
                if neighbours.len() > k {
                    neighbours.select_nth_unstable_by(k - 1, by_closeness);
                    neighbours.truncate(k);
                }
                neighbours.sort_unstable_by(by_closeness);
                for &(b, phi) in &neighbours {
                    row(a, b, phi)?;
                }
            }
        }
    }
    Ok(())
}

/// A field as the csv crate writes it: quoted (quotes doubled) when it holds a comma, a quote
/// or a line break.
fn escaped(field: &str) -> Vec<u8> {
    if !field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        return field.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(field.len() + 2);
    out.push(b'"');
    for b in field.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
    out
}

/// Formats `f64`s as `Display` does — the shortest digits that read back to the same number,
/// never an exponent — with ryu's digits instead of `format!` (the last of 17 digits can differ
/// where two strings read back to the same double).
struct Number {
    ryu: ryu::Buffer,
}

impl Number {
    fn new() -> Number {
        Number {
            ryu: ryu::Buffer::new(),
        }
    }

    fn push_opt(&mut self, out: &mut Vec<u8>, v: Option<f64>) {
        if let Some(v) = v {
            self.push(out, v);
        }
    }

    fn push(&mut self, out: &mut Vec<u8>, v: f64) {
        if !v.is_finite() {
            out.extend_from_slice(v.to_string().as_bytes());
            return;
        }
        let s = self.ryu.format_finite(v).as_bytes();
        // ryu: "1.0", "0.25", "1e16", "1.5e-7", "-2.5e22"; Display: "1", "0.25",
        // "10000000000000000", "0.00000015", "-25000000000000000000000".
        let Some(e) = s.iter().position(|&b| b == b'e') else {
            out.extend_from_slice(s.strip_suffix(b".0").unwrap_or(s));
            return;
        };
        let (mantissa, exponent) = (&s[..e], &s[e + 1..]);
        let exponent: i32 = std::str::from_utf8(exponent)
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        let (negative, mantissa) = match mantissa.strip_prefix(b"-") {
            Some(m) => (true, m),
            None => (false, mantissa),
        };
        let digits: Vec<u8> = mantissa.iter().copied().filter(|b| *b != b'.').collect();
        if negative {
            out.push(b'-');
        }
        // The value is 0.d1d2d3… × 10^(exponent + 1).
        let point = exponent + 1;
        if point <= 0 {
            out.extend_from_slice(b"0.");
            out.extend(std::iter::repeat_n(b'0', point.unsigned_abs() as usize));
            out.extend_from_slice(&digits);
        } else if point as usize >= digits.len() {
            out.extend_from_slice(&digits);
            out.extend(std::iter::repeat_n(b'0', point as usize - digits.len()));
        } else {
            let (int, frac) = digits.split_at(point as usize);
            out.extend_from_slice(int);
            out.push(b'.');
            out.extend_from_slice(frac);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(v: f64) -> String {
        let mut out = Vec::new();
        Number::new().push(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_read_back_exactly_and_look_like_display() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.25,
            1e16,
            1.5e-7,
            -2.5e22,
            1e-5,
            123456.789,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e15,
            0.1 + 0.2,
            2923098735246.0,
        ] {
            assert_eq!(shown(v), format!("{v}"), "{v:e}");
        }
        // xorshift over bit patterns: every finite double, any exponent.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                same_number_as_display(v);
            }
        }
        // Both are shortest, but where two 17-digit strings read back to the same double, ryu
        // and Display can pick different last digits.
        same_number_as_display(1.658_206_780_088_562_3e15);
    }

    /// Reads back to `v`, in as many characters as `Display` uses and in its notation.
    fn same_number_as_display(v: f64) {
        let (mine, display) = (shown(v), format!("{v}"));
        assert_eq!(
            mine.parse::<f64>().unwrap().to_bits(),
            v.to_bits(),
            "{mine} for {v:e}"
        );
        assert_eq!(mine.len(), display.len(), "{mine} vs {display}");
        assert!(!mine.contains('e'), "{mine}");
        let point = |s: &str| s.find('.');
        assert_eq!(point(&mine), point(&display), "{mine} vs {display}");
    }

    #[test]
    fn fields_are_escaped_like_the_csv_crate() {
        for field in [
            "0011",
            "",
            "a,b",
            "say \"hi\"",
            "line\nbreak",
            "cr\r",
            "柳州",
        ] {
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            w.write_record([field, "x"]).unwrap();
            let expected = w.into_inner().unwrap();
            let mut mine = escaped(field);
            mine.extend_from_slice(b",x\n");
            assert_eq!(mine, expected, "{field:?}");
        }
    }
}
