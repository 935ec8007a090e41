//! Findings: what a rule reports, with its severity, where it applies and
//! the rule's record of what it found.

use crate::model::PatchKey;
use crate::rules::Rule;

pub use super::record::{AnyRecord, Location, Severity};

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: Rule,
    /// Filled in by the engine from the rule's default and the profile.
    pub severity: Severity,
    /// Rendered from `data` by the rule ([`super::record::Record::message`]).
    pub message: String,
    /// Path relative to the dataset root, `/`-separated.
    pub path: Option<String>,
    pub patch: Option<PatchKey>,
    pub location: Option<Location>,
    /// Also in the baseline given with `--baseline`: reported, but not
    /// counted toward the exit code.
    pub known: bool,
    /// The rule's record: the facts the message says, as typed fields (the
    /// rule's struct; [`Finding::data_as`] gives it back typed).
    pub data: Box<dyn AnyRecord>,
}

impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        (
            self.rule,
            self.severity,
            &self.message,
            &self.path,
            &self.patch,
            &self.location,
            self.known,
        ) == (
            other.rule,
            other.severity,
            &other.message,
            &other.path,
            &other.patch,
            &other.location,
            other.known,
        ) && *self.data == *other.data
    }
}

impl Finding {
    /// A finding of `rule` carrying `data` (the rule's record), its message
    /// rendered from it, at the rule's default severity.
    pub fn of(rule: Rule, data: Box<dyn AnyRecord>) -> Finding {
        debug_assert!(rule.owns(data.as_ref()), "{rule}: {data:?}");
        Finding {
            rule,
            severity: rule.meta().default_severity,
            message: data.message(),
            path: None,
            patch: None,
            location: None,
            known: false,
            data,
        }
    }

    /// The record as its rule's struct, when it is `T`.
    pub fn data_as<T: 'static>(&self) -> Option<&T> {
        self.data.as_any().downcast_ref()
    }

    /// The pixel window the finding points at, `[col, row, width, height]`.
    pub fn window(&self) -> Option<[u32; 4]> {
        match self.location {
            Some(Location::Window {
                col,
                row,
                width,
                height,
            }) => Some([col, row, width, height]),
            _ => None,
        }
    }

    pub fn path(mut self, path: impl Into<String>) -> Finding {
        self.path = Some(path.into());
        self
    }

    pub fn patch(mut self, patch: impl Into<Option<PatchKey>>) -> Finding {
        self.patch = patch.into();
        self
    }

    pub fn location(mut self, location: Location) -> Finding {
        self.location = Some(location);
        self
    }
}
