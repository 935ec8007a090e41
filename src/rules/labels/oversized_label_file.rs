use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, LabelRead, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A label file is no larger than the profile's `[label_files] max_bytes`
    /// (1 MiB by default; published files are a few kilobytes). Larger files
    /// are not read, so no other label rule reports on them.
    ///
    /// ## Why it matters
    /// A label file of megabytes is not a label file (a raster or an archive
    /// renamed by mistake), and reading it would slow every loader.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: file is 52428800 bytes, more than the 1048576 allowed for a label file
    /// ```
    pub struct OversizedLabelFile {
        code: "J006",
        name: "oversized-label-file",
        family: Labels,
        severity: Error,
        summary: "A label file larger than the profile allows",
        reads: [LabelFile(check)],
    }
    data {
        /// The file's size.
        size_bytes: u64,
        /// The profile's `[label_files] max_bytes`.
        max_bytes: u64,
    }
}

impl Record for OversizedLabelFile {
    fn message(&self) -> String {
        format!(
            "file is {} bytes, more than the {} allowed for a label file",
            self.size_bytes, self.max_bytes
        )
    }
}

/// J006: a label file too large to be read (the engine reads at most
/// `max + 1` bytes, and gives this when it got them all).
fn check(facts: &LabelFileFacts, out: &mut Out) {
    if let LabelRead::TooLarge { size, max } = facts.read {
        out.push(OversizedLabelFile {
            size_bytes: size,
            max_bytes: max,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::messages;

    #[test]
    fn names_size_and_limit() {
        let facts = LabelFileFacts {
            read: LabelRead::TooLarge {
                size: 2048,
                max: 1024,
            },
            classes: &Default::default(),
        };
        assert_eq!(
            messages(check, &facts),
            ["file is 2048 bytes, more than the 1024 allowed for a label file"]
        );
    }
}
