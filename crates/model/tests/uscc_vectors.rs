//! Every public USCC test vector in ../shared/data/uscc must be classified as its source expects.

use liantu_model::{Uscc, UsccError};

#[test]
fn public_uscc_vectors() {
    let Some(path) = liantu_testdata::shared("uscc/uscc_test_vectors.csv") else {
        return;
    };
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut counted = std::collections::BTreeMap::<String, usize>::new();
    for row in reader.records() {
        let row = row.unwrap();
        let (code, expected) = (&row[0], &row[1]);
        let parsed = Uscc::parse(code);
        match expected {
            "valid" => {
                let (_, warning) = parsed.unwrap_or_else(|e| panic!("{code}: {e}"));
                assert_eq!(warning, None, "{code} should be valid");
            }
            // Checksum-only failures are warnings, never rejections (real pilot-region codes).
            "invalid_checksum" | "invalid_checksum_pilot" => {
                let (_, warning) = parsed.unwrap_or_else(|e| panic!("{code}: {e}"));
                assert!(warning.is_some(), "{code} should warn about its checksum");
            }
            // python-stdnum demands digits in positions 1–8, but GB 32100 allows the authority
            // letters A/N/Y in position 1: such a code is then judged by its check character.
            "invalid_format" => match parsed {
                Err(UsccError::Character { .. } | UsccError::Format { .. }) => {}
                Ok((_, Some(_))) if code.starts_with(['A', 'N', 'Y']) => {}
                other => panic!("{code} should be rejected as malformed, got {other:?}"),
            },
            "invalid_length" => assert!(matches!(parsed, Err(UsccError::Length(_))), "{code}"),
            other => panic!("unknown expectation {other}"),
        }
        *counted.entry(expected.to_string()).or_default() += 1;
    }
    assert!(
        counted["valid"] >= 300,
        "vectors file looks truncated: {counted:?}"
    );
}
