//! docs/rules.md is generated from the rules' doc comments and must not be
//! stale: regenerate it with `multisenge rules --markdown > docs/rules.md`.

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let generated = multisenge::rules::docs::markdown();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `cargo run --bin multisenge -- rules --markdown > docs/rules.md`"
    );
    for rule in multisenge::rules::Rule::ALL {
        assert!(on_disk.contains(&format!("### {} {}", rule.code(), rule.meta().name)));
    }
}
