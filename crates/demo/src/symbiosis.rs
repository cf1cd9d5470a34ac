//! `data/demo/resource_streams.csv`: illustrative by-product offers and input needs of firms in
//! and near the two chemical parks, for industrial-symbiosis demos; `candidate_streams.csv`: the
//! streams candidate projects would bring (see data/demo/README.md).

use serde::Deserialize;

const STREAMS_CSV: &str = include_str!("../../../data/demo/resource_streams.csv");
const CANDIDATE_STREAMS_CSV: &str = include_str!("../../../data/demo/candidate_streams.csv");

/// One offer or need, as in the file (units and classes are checked by the symbiosis engine).
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceStream {
    pub id: String,
    /// park whose symbiosis network the stream takes part in
    pub network: String,
    /// the firm's USCC; empty for a candidate's stream
    pub uscc: String,
    /// the candidate project's id, for `candidate_streams.csv`
    pub candidate: Option<String>,
    /// `true` = offer, `false` = need
    pub offer: bool,
    pub class: String,
    pub quantity: f64,
    pub unit: String,
    pub properties: Vec<(String, f64)>,
    /// 元 per unit: disposal cost (offer) or virgin-input price (need)
    pub price: f64,
    /// road km from the site to the network's park when the firm is outside it
    pub distance_km: Option<f64>,
    pub hw: Option<String>,
    /// hazardous-waste licence categories the receiving firm holds
    pub licences: Vec<String>,
    pub min_intake: Option<f64>,
    pub source: String,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    network: String,
    #[serde(default)]
    uscc: String,
    #[serde(default)]
    candidate: String,
    direction: String,
    class: String,
    quantity: String,
    unit: String,
    properties: String,
    price: String,
    #[serde(default)]
    distance_km: String,
    hw: String,
    licences: String,
    min_intake: String,
    source: String,
}

/// The demo's resource streams, validated for shape (numbers, directions, key=value lists).
pub fn resource_streams() -> Result<Vec<ResourceStream>, crate::DemoError> {
    parse_streams(STREAMS_CSV, "resource_streams.csv", false)
}

/// The streams the demo's candidate projects would bring to their parks.
pub fn candidate_streams() -> Result<Vec<ResourceStream>, crate::DemoError> {
    parse_streams(CANDIDATE_STREAMS_CSV, "candidate_streams.csv", true)
}

fn parse_streams(
    text: &str,
    file: &'static str,
    of_candidates: bool,
) -> Result<Vec<ResourceStream>, crate::DemoError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.deserialize::<Row>().enumerate() {
        let row = i + 2;
        let at = |column: &'static str, reason: String| crate::DemoError {
            file,
            row,
            column,
            reason,
        };
        let r = record.map_err(|e| at("*", e.to_string()))?;
        let num = |s: &str, column: &'static str| -> Result<Option<f64>, crate::DemoError> {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .map(Some)
                .ok_or_else(|| at(column, format!("not a non-negative number: '{t}'")))
        };
        let offer = match r.direction.as_str() {
            "offer" => true,
            "need" => false,
            other => {
                return Err(at(
                    "direction",
                    format!("must be offer or need, not '{other}'"),
                ));
            }
        };
        let candidate = Some(r.candidate.trim().to_string()).filter(|s| !s.is_empty());
        if of_candidates != candidate.is_some() || of_candidates != r.uscc.trim().is_empty() {
            return Err(at(
                if of_candidates { "candidate" } else { "uscc" },
                "each stream names either a firm (uscc) or a candidate".into(),
            ));
        }
        let mut properties = Vec::new();
        for kv in r.properties.split(';').filter(|s| !s.trim().is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| at("properties", format!("'{kv}' is not name=value")))?;
            let v = num(v, "properties")?.unwrap_or(f64::NAN);
            properties.push((k.trim().to_string(), v));
        }
        out.push(ResourceStream {
            quantity: num(&r.quantity, "quantity")?
                .ok_or_else(|| at("quantity", "missing".into()))?,
            price: num(&r.price, "price")?.unwrap_or(0.0),
            distance_km: num(&r.distance_km, "distance_km")?,
            min_intake: num(&r.min_intake, "min_intake")?,
            hw: Some(r.hw.trim().to_string()).filter(|s| !s.is_empty()),
            licences: r
                .licences
                .split(';')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            id: r.id,
            network: r.network,
            uscc: r.uscc,
            candidate,
            offer,
            class: r.class,
            unit: r.unit,
            properties,
            source: r.source,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn streams_parse_and_name_demo_firms() {
        let streams = super::resource_streams().unwrap();
        let data = crate::dataset().unwrap();
        assert!(streams.len() >= 40);
        for s in &streams {
            assert!(
                data.enterprises.iter().any(|e| e.uscc.as_str() == s.uscc),
                "{} names an unknown firm",
                s.id
            );
            assert!(data.parks.iter().any(|p| p.id == s.network), "{}", s.id);
            assert_eq!(s.source, "illustrative");
        }
        for class in ["hydrogen", "steam", "slag", "wood_residue"] {
            assert!(streams.iter().any(|s| s.class == class), "{class}");
        }
    }

    #[test]
    fn candidate_streams_name_demo_candidates_in_their_parks() {
        let streams = super::candidate_streams().unwrap();
        let candidates = include_str!("../../../data/demo/candidates.csv");
        assert!(!streams.is_empty());
        for s in &streams {
            let id = s.candidate.as_deref().unwrap();
            let row = candidates
                .lines()
                .find(|l| l.starts_with(&format!("{id},")))
                .unwrap_or_else(|| panic!("{} names an unknown candidate", s.id));
            assert!(row.contains(&format!(",{},", s.network)), "{}", s.id);
            assert!(s.uscc.is_empty() && s.distance_km.is_none());
        }
    }
}
