//! The OpenAPI document types every body and parameter: no schema may be a bare object or an
//! untyped value, so clients (and schemathesis in CI) can hold each response to its real shape.

use serde_json::Value;
use utoipa::OpenApi;

fn document() -> Value {
    serde_json::to_value(liantu_web::ApiDoc::openapi()).unwrap()
}

/// Every schema in the document with its JSON pointer: components, parameters and bodies, and
/// the schemas nested in each.
fn schemas(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        nested(schema, format!("/components/schemas/{name}"), &mut out);
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let at = format!("/paths/{path}/{method}");
            for (i, p) in op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                nested(
                    &p["schema"],
                    format!("{at}/parameters/{i}/schema"),
                    &mut out,
                );
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let pointer = format!("{at}/responses/{status}/content/{media}/schema");
                    nested(&content["schema"], pointer, &mut out);
                }
            }
        }
    }
    out
}

fn nested<'a>(schema: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    for key in ["items", "not"] {
        if schema[key].is_object() {
            nested(&schema[key], format!("{at}/{key}"), out);
        }
    }
    if schema["additionalProperties"].is_object() {
        nested(
            &schema["additionalProperties"],
            format!("{at}/additionalProperties"),
            out,
        );
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        nested(property, format!("{at}/properties/{name}"), out);
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        for (i, part) in schema[key].as_array().into_iter().flatten().enumerate() {
            nested(part, format!("{at}/{key}/{i}"), out);
        }
    }
    out.push((at, schema));
}

fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Why a schema says too little about the value it describes, if it does.
fn vagueness(schema: &Value) -> Option<&'static str> {
    let composed = ["$ref", "allOf", "oneOf", "anyOf", "enum", "const"]
        .iter()
        .any(|k| schema.get(k).is_some());
    let types = types(schema);
    if types.is_empty() {
        return (!composed).then_some("no type: any value");
    }
    let has_properties = schema["properties"]
        .as_object()
        .is_some_and(|p| !p.is_empty());
    // A map is typed when its values are: `additionalProperties` is a schema, not `true`.
    let is_map = schema["additionalProperties"].is_object();
    if types.contains(&"object") && !has_properties && !is_map && !composed {
        return Some("a bare object without properties");
    }
    if types.contains(&"array") && !schema["items"].is_object() && !schema["prefixItems"].is_array()
    {
        return Some("an array of anything");
    }
    None
}

#[test]
fn every_schema_is_typed() {
    let doc = document();
    let all = schemas(&doc);
    assert!(all.len() > 100, "only {} schemas found", all.len());
    let vague: Vec<String> = all
        .iter()
        .filter_map(|(at, s)| vagueness(s).map(|why| format!("{at}: {why}: {s}")))
        .collect();
    assert!(vague.is_empty(), "vague schemas:\n{}", vague.join("\n"));
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let components = doc["components"]["schemas"].as_object().unwrap();
    for (at, schema) in schemas(&doc) {
        if let Some(target) = schema["$ref"].as_str() {
            let name = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("{at}: unexpected reference {target}"));
            assert!(components.contains_key(name), "{at}: {target} is missing");
        }
    }
}

/// The tests above would pass on a document that types nothing; these catch that.
#[test]
fn the_checks_reject_vague_schemas() {
    let vague = serde_json::json!([
        {},
        {"type": "object"},
        {"type": ["object", "null"]},
        {"type": "object", "additionalProperties": true},
        {"type": "array"},
    ]);
    for s in vague.as_array().unwrap() {
        assert!(vagueness(s).is_some(), "{s} passed");
    }
    let typed = serde_json::json!([
        {"type": "string"},
        {"$ref": "#/components/schemas/X"},
        {"type": "object", "properties": {"a": {"type": "integer"}}},
        {"type": "object", "additionalProperties": {"type": "number"}},
        {"type": "array", "items": {"type": "string"}},
        {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/X"}]},
    ]);
    for s in typed.as_array().unwrap() {
        assert_eq!(vagueness(s), None, "{s}");
    }
}

/// Vocabularies serialise as their keys; the schema must list exactly those.
#[test]
fn vocabulary_enums_list_their_keys() {
    use liantu_model::{EdgeKind, NodeStatus, Ownership, Stage};
    let doc = document();
    let keys = |all: &[&str]| all.iter().map(|k| Value::from(*k)).collect::<Vec<_>>();
    let expected = [
        (
            "Stage",
            keys(&Stage::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        ),
        (
            "NodeStatus",
            keys(&NodeStatus::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        ),
        (
            "Ownership",
            keys(&Ownership::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        ),
        (
            "EdgeKind",
            keys(&EdgeKind::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        ),
    ];
    for (name, keys) in expected {
        let schema = &doc["components"]["schemas"][name];
        assert_eq!(schema["enum"].as_array(), Some(&keys), "{name}: {schema}");
    }
}
