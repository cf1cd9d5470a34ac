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

/// The labelled titles of `tests/data/job_titles.csv`: (title, code, level of the label).
pub fn labelled() -> Vec<(String, String, String)> {
    read_labelled("job_titles.csv")
}

/// The titles of `tests/data/job_titles_fresh.csv`, labelled by a session that saw neither the
/// classifier nor its trade words, and never tuned on.
#[allow(dead_code)] // the evaluation reads it; the benchmark and the tuning example do not
pub fn fresh() -> Vec<(String, String, String)> {
    read_labelled("job_titles_fresh.csv")
}

fn read_labelled(file: &str) -> Vec<(String, String, String)> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut reader = csv::Reader::from_path(path).expect("the labelled titles");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a row");
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect()
}
