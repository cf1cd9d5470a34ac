//! Text encodings of CSV files: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030 and
//! Big5, detected from the first 64 KiB or forced. GBK is decoded as GB18030, its superset.
//! Decoding streams: the file is never held in memory as a whole.

use encoding_rs::{BIG5, CoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use std::io::{self, Read};

/// How much of the file detection looks at.
const SAMPLE: usize = 64 * 1024;

/// The encoding for a user-given label (`utf-8`, `gbk`, `gb2312`, `gb18030`, `big5`, …), GBK
/// mapped to GB18030.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let e = Encoding::for_label_no_replacement(label.trim().as_bytes())?;
    Some(if e == GBK { GB18030 } else { e })
}

/// Detects the encoding of `sample` (the start of a file). Returns the encoding and the length of
/// a byte-order mark to skip.
pub fn detect(sample: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(sample) {
        let enc = if enc == GBK { GB18030 } else { enc };
        return (enc, bom);
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return (UTF_8, 0),
        // Cut in the middle of a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() && sample.len() >= SAMPLE => return (UTF_8, 0),
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() < SAMPLE);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // Chinese government data: anything but Big5 that is not UTF-8 is read as GB18030.
    let enc = if guess == BIG5 || guess == UTF_16LE || guess == UTF_16BE {
        guess
    } else {
        GB18030
    };
    (enc, 0)
}

/// Reads the start of `reader` for detection; returns the bytes read.
pub fn read_sample(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut sample = Vec::with_capacity(SAMPLE);
    reader.take(SAMPLE as u64).read_to_end(&mut sample)?;
    Ok(sample)
}

/// A reader that turns bytes in any encoding into UTF-8 as they are read. Malformed input becomes
/// U+FFFD, which row validation then reports with its row and column.
pub struct Utf8Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Utf8Reader<R> {
    pub fn new(inner: R, encoding: &'static Encoding) -> Utf8Reader<R> {
        Utf8Reader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            in_start: 0,
            in_end: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            // The last call has flushed the decoder (a character cut off by the end of the file
            // comes out as U+FFFD): it must not be called again, even when that call wrote
            // something.
            if self.eof && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_utf8_bom_gbk() {
        assert_eq!(detect("企业名称,uscc\n".as_bytes()), (UTF_8, 0));
        assert_eq!(detect("\u{FEFF}企业名称".as_bytes()), (UTF_8, 3));
        let (gbk, _, _) =
            GB18030.encode("企业名称,统一社会信用代码\n柳州市某某汽车零部件有限公司,1\n");
        assert_eq!(detect(&gbk), (GB18030, 0));
        assert_eq!(encoding_for_label("GBK"), Some(GB18030));
        assert_eq!(encoding_for_label("gb2312"), Some(GB18030));
        assert_eq!(encoding_for_label("nonsense"), None);
    }

    /// A file that ends inside a character: the decoder is finished once, and the cut character
    /// reads as U+FFFD (it used to panic with "Must not use a decoder that has finished").
    #[test]
    fn ends_inside_a_character() {
        let cases: [(&[u8], &'static Encoding); 5] = [
            (b"\xef", UTF_8),
            (b"a,b\n\xd6", GB18030),
            (b"a,b\n\x81\x30", GB18030),
            (b"a\x00,\x00b", UTF_16LE),
            (b"a,b", UTF_16BE),
        ];
        for (bytes, encoding) in cases {
            let mut out = String::new();
            Utf8Reader::new(bytes, encoding)
                .read_to_string(&mut out)
                .unwrap();
            assert!(out.ends_with('\u{FFFD}'), "{encoding:?}: {out:?}");
        }
    }

    #[test]
    fn transcodes_across_buffer_boundaries() {
        let text = "柳州螺蛳粉,".repeat(50_000);
        let (bytes, _, _) = GB18030.encode(&text);
        let mut out = String::new();
        Utf8Reader::new(&bytes[..], GB18030)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }
}
