//! The profile's `[publication]` section: what `multisenge stac` writes
//! into the catalog's Collection (id, title, description, licence,
//! citation) and what `multisenge report` shows in its title.

use serde::Deserialize;

/// `[publication]` in a profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationSection {
    /// STAC Collection id: lower-case letters, digits, `-` and `_`, 1 to
    /// 64 characters, starting with a letter or a digit.
    #[serde(default = "default_id")]
    pub id: String,
    /// Title of the Collection and of the report; default: the dataset's name.
    #[serde(default)]
    pub title: Option<String>,
    /// What the dataset is (Markdown allowed by STAC), 1 to 10 000 characters.
    #[serde(default = "default_description")]
    pub description: String,
    /// SPDX licence identifier (e.g. `etalab-2.0`, `CC-BY-4.0`), or STAC
    /// 1.0's `various` or `proprietary`.
    #[serde(default = "default_license")]
    pub license: String,
    /// A page stating the licence (an `http` or `https` URL): a `license`
    /// link of the Collection.
    #[serde(default)]
    pub license_url: Option<String>,
    /// How to cite the dataset, in words (1 to 4 000 characters).
    #[serde(default)]
    pub citation: Option<String>,
    /// DOI of the publication to cite (`10.NNNN/...`): a `cite-as` link
    /// to `https://doi.org/DOI`.
    #[serde(default)]
    pub doi: Option<String>,
    /// Keywords of the Collection: at most 50, each 1 to 100 characters.
    #[serde(default)]
    pub keywords: Vec<String>,
}

fn default_id() -> String {
    "dataset".into()
}
fn default_description() -> String {
    "A patch dataset of Sentinel-2, Sentinel-1 and ground-reference triplets.".into()
}
fn default_license() -> String {
    "various".into()
}

impl Default for PublicationSection {
    fn default() -> Self {
        PublicationSection {
            id: default_id(),
            title: None,
            description: default_description(),
            license: default_license(),
            license_url: None,
            citation: None,
            doi: None,
            keywords: Vec::new(),
        }
    }
}

/// The limits of each key, as docs/profiles.md lists them.
pub const LIMITS: [(&str, &str); 8] = [
    (
        "id",
        "1 to 64 of a-z, 0-9, `-`, `_`, starting with a letter or digit",
    ),
    ("title", "1 to 200 characters"),
    ("description", "1 to 10000 characters"),
    (
        "license",
        "an SPDX identifier (1 to 64 of A-Z, a-z, 0-9, `.`, `-`, `+`), `various` or `proprietary`",
    ),
    (
        "license_url",
        "an http:// or https:// URL without spaces, at most 2048 characters",
    ),
    ("citation", "1 to 4000 characters"),
    (
        "doi",
        "`10.` followed by 4 to 9 digits, `/` and a suffix without spaces, at most 256 characters",
    ),
    ("keywords", "at most 50, each 1 to 100 characters"),
];

fn expected(key: &str) -> &'static str {
    LIMITS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, e)| e)
}

fn chars_within(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.chars().count())
}

impl PublicationSection {
    /// The title: `title`, else the dataset's name.
    pub fn title_or<'a>(&'a self, dataset_name: &'a str) -> &'a str {
        self.title.as_deref().unwrap_or(dataset_name)
    }

    /// Checks every key against [`LIMITS`]; the error names the key and
    /// what was expected.
    ///
    /// ```
    /// use multisenge::profile::publication::PublicationSection;
    /// let mut p = PublicationSection::default();
    /// assert!(p.check().is_ok());
    /// p.doi = Some("doi:10.5194/x".into());
    /// assert!(p.check().unwrap_err().starts_with("[publication] doi ="));
    /// ```
    pub fn check(&self) -> Result<(), String> {
        let fail = |key: &str, value: &str| {
            let shown: String = value.chars().take(60).collect();
            let more = if shown.len() < value.len() { "…" } else { "" };
            Err(format!(
                "[publication] {key} = \"{shown}{more}\": expected {}",
                expected(key)
            ))
        };
        let id = self.id.as_bytes();
        let id_ok = (1..=64).contains(&id.len())
            && id[0].is_ascii_lowercase() | id[0].is_ascii_digit()
            && id
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_');
        if !id_ok {
            return fail("id", &self.id);
        }
        if let Some(title) = self.title.as_deref().filter(|t| !chars_within(t, 1, 200)) {
            return fail("title", title);
        }
        if !chars_within(&self.description, 1, 10_000) {
            return fail("description", &self.description);
        }
        let license_ok = (1..=64).contains(&self.license.len())
            && self
                .license
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'));
        if !license_ok {
            return fail("license", &self.license);
        }
        if let Some(url) = &self.license_url {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() <= 2048
                && url.len() > "https://".len()
                && !url.chars().any(|c| c.is_whitespace() || c.is_control());
            if !ok {
                return fail("license_url", url);
            }
        }
        if let Some(c) = self
            .citation
            .as_deref()
            .filter(|c| !chars_within(c, 1, 4000))
        {
            return fail("citation", c);
        }
        if let Some(doi) = &self.doi {
            if !doi_ok(doi) {
                return fail("doi", doi);
            }
        }
        if self.keywords.len() > 50 {
            return fail("keywords", &format!("{} keywords", self.keywords.len()));
        }
        if let Some(k) = self.keywords.iter().find(|k| !chars_within(k, 1, 100)) {
            return fail("keywords", k);
        }
        Ok(())
    }
}

/// `10.` + 4 to 9 digits + `/` + a suffix of visible characters.
fn doi_ok(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    doi.len() <= 256
        && (4..=9).contains(&registrant.len())
        && registrant.bytes().all(|b| b.is_ascii_digit())
        && !suffix.is_empty()
        && suffix
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_and_the_bundled_profile_pass() {
        assert!(PublicationSection::default().check().is_ok());
        let p = crate::profile::LoadedProfile::default_profile();
        assert!(p.profile.publication.check().is_ok());
        assert_eq!(p.profile.publication.id, "multisenge");
        assert_eq!(
            p.profile.publication.doi.as_deref(),
            Some("10.5194/isprs-annals-V-3-2022-635-2022")
        );
    }

    #[test]
    fn every_key_has_its_limit() {
        type Spoil = Box<dyn Fn(&mut PublicationSection)>;
        let bad: Vec<(&str, Spoil)> = vec![
            ("id", Box::new(|p| p.id = "Multi Sen".into())),
            ("id", Box::new(|p| p.id = "-x".into())),
            ("id", Box::new(|p| p.id = "a".repeat(65))),
            ("title", Box::new(|p| p.title = Some(String::new()))),
            ("title", Box::new(|p| p.title = Some("t".repeat(201)))),
            ("description", Box::new(|p| p.description = String::new())),
            ("license", Box::new(|p| p.license = "CC BY".into())),
            ("license", Box::new(|p| p.license = String::new())),
            (
                "license_url",
                Box::new(|p| p.license_url = Some("ftp://x".into())),
            ),
            (
                "license_url",
                Box::new(|p| p.license_url = Some("https://a b".into())),
            ),
            ("citation", Box::new(|p| p.citation = Some(String::new()))),
            ("doi", Box::new(|p| p.doi = Some("10.12/x".into()))),
            ("doi", Box::new(|p| p.doi = Some("10.5194/".into()))),
            ("doi", Box::new(|p| p.doi = Some("10.5194/a b".into()))),
            ("keywords", Box::new(|p| p.keywords = vec![String::new()])),
            ("keywords", Box::new(|p| p.keywords = vec!["k".into(); 51])),
        ];
        for (key, spoil) in bad {
            let mut p = PublicationSection::default();
            spoil(&mut p);
            let e = p.check().unwrap_err();
            assert!(e.starts_with(&format!("[publication] {key} = ")), "{e}");
            assert!(e.contains(expected(key)), "{e}");
        }
        let mut p = PublicationSection {
            id: "a".repeat(64),
            license: "CC-BY-4.0".into(),
            license_url: Some("https://etalab.gouv.fr/licence-ouverte-open-licence".into()),
            doi: Some("10.123456789/x".into()),
            keywords: vec!["k".into(); 50],
            ..Default::default()
        };
        assert_eq!(p.check(), Ok(()));
        p.id = "0".into();
        assert_eq!(p.check(), Ok(()));
    }

    #[test]
    fn limits_are_documented() {
        let doc = include_str!("../../docs/profiles.md");
        for (key, expected) in LIMITS {
            let row = format!("| `[publication]` | `{key}` | {expected} |");
            assert!(doc.contains(&row), "docs/profiles.md lacks\n{row}");
        }
    }
}
