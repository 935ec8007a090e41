//! `[class_colors]` in a profile: checked on load (with the line), defaults
//! for classes left out, used by every class raster's symbology.

use multisenge::profile::{default_class_color, LoadedProfile, DEFAULT_PROFILE};

fn with_colors(colors: &str) -> Result<LoadedProfile, String> {
    let start = DEFAULT_PROFILE.find("[class_colors]").unwrap();
    let end = start + DEFAULT_PROFILE[start..].find("\n\n").unwrap();
    let text = format!(
        "{}[class_colors]\n{colors}{}",
        &DEFAULT_PROFILE[..start],
        &DEFAULT_PROFILE[end..]
    );
    LoadedProfile::parse(&text, "p.toml").map_err(|e| e.to_string())
}

#[test]
fn colours_are_checked_and_default() {
    let p = with_colors("3 = [1, 2, 3]\n").unwrap();
    let entries = p.class_entries();
    assert_eq!(entries.len(), 14);
    assert_eq!(entries[2].rgb, [1, 2, 3]);
    assert_eq!(entries[0].rgb, default_class_color(1));
    assert_eq!(entries[0].rgb, [230, 0, 77]);
    assert_eq!(default_class_color(15), [96, 96, 96]);
    assert_eq!(default_class_color(0), [96, 96, 96]);

    let err = with_colors("15 = [1, 2, 3]\n").unwrap_err();
    assert!(
        err.starts_with("p.toml:")
            && err.contains("[class_colors] key `15` is not a class of [classes]"),
        "{err}"
    );
    let err = with_colors("x = [1, 2, 3]\n").unwrap_err();
    assert!(err.contains("key `x`"), "{err}");
    let err = with_colors("1 = [300, 0, 0]\n").unwrap_err();
    assert!(err.starts_with("p.toml:"), "{err}");
    let err = with_colors("1 = [-1, 0, 0]\n").unwrap_err();
    assert!(err.starts_with("p.toml:"), "{err}");
    let err = with_colors("1 = [1, 2]\n").unwrap_err();
    assert!(err.starts_with("p.toml:"), "{err}");
}

#[test]
fn the_bundled_colours_are_the_defaults() {
    let p = LoadedProfile::default_profile();
    for e in p.class_entries() {
        assert_eq!(e.rgb, default_class_color(e.value), "class {}", e.value);
    }
}
