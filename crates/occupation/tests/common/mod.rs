//! The published 2022 classification (`../shared/data/occupations/csco2022.csv`) as the
//! classifier takes it, for the evaluation, the benchmark and the tuning example; `None` (a
//! skip) without `../shared`.

use liantu_model::occupation::{Occupation, OccupationCode, split_marks};

pub fn classification() -> Option<Vec<Occupation>> {
    let path = liantu_testdata::shared("occupations/csco2022.csv")?;
    let mut reader = csv::Reader::from_path(path).expect("the classification file");
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.expect("a row");
        let (name, digital, green) = split_marks(&row[3]);
        out.push(Occupation {
            code: OccupationCode::parse(&row[1]).expect("a code"),
            level: row[0].parse().expect("a level"),
            name: name.to_string(),
            digital,
            green,
            definition: row[4].to_string(),
            tasks: row[5].to_string(),
            aliases: row[7].split(',').map(str::to_string).collect(),
            parent: None,
        });
    }
    Some(out)
}

/// The labelled titles: (title, code, level of the label).
pub fn labelled() -> Vec<(String, String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/job_titles.csv");
    let mut reader = csv::Reader::from_path(path).expect("the labelled titles");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a row");
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect()
}
