// `sqlx::migrate!` embeds the migrations at compile time: a new or changed migration must
// rebuild the crate (as `sqlx migrate build-script` writes it).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
