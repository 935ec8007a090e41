//! GDAL's HTTP settings for object storage (timeouts, retries), the hint
//! a request that gave up waiting gets, and where GDAL's own messages go
//! (kept for the errors that quote them, never printed).

use std::collections::VecDeque;
use std::io;
use std::sync::{Mutex, Once};

/// GDAL's HTTP settings for object storage: each option, the default this
/// program sets when the environment (or GDAL's configuration) leaves it
/// unset, and the range a value set by the user must be in. A request
/// gives up connecting after 10 s (curl would wait 5 minutes), and gives up
/// when fewer than 1 byte a second arrived for 10 s (a server that accepts
/// and never answers; GDAL alone would wait forever); it is retried at most
/// 3 times (on HTTP 429, 500, 502, 503, 504), 2 s apart (GDAL waits 30 s).
/// A request that keeps receiving is never cut (`GDAL_HTTP_TIMEOUT`, the
/// whole request's limit, is left unset). docs/scale.md states them.
pub const HTTP_SETTINGS: [HttpSetting; 5] = [
    HttpSetting {
        key: "GDAL_HTTP_CONNECTTIMEOUT",
        default: "10",
        min: 1,
        max: 600,
        unit: "seconds",
    },
    HttpSetting {
        key: "GDAL_HTTP_LOW_SPEED_TIME",
        default: "10",
        min: 1,
        max: 3600,
        unit: "seconds",
    },
    HttpSetting {
        key: "GDAL_HTTP_LOW_SPEED_LIMIT",
        default: "1",
        min: 1,
        max: 1 << 30,
        unit: "bytes a second",
    },
    HttpSetting {
        key: "GDAL_HTTP_MAX_RETRY",
        default: "3",
        min: 0,
        max: 10,
        unit: "retries",
    },
    HttpSetting {
        key: "GDAL_HTTP_RETRY_DELAY",
        default: "2",
        min: 0,
        max: 60,
        unit: "seconds",
    },
];

/// One of GDAL's HTTP options, its default here and its range.
#[derive(Clone, Copy, Debug)]
pub struct HttpSetting {
    pub key: &'static str,
    pub default: &'static str,
    pub min: u64,
    pub max: u64,
    pub unit: &'static str,
}

/// An HTTP setting of the environment outside its range.
#[derive(Debug, thiserror::Error)]
#[error("{key}=`{value}`: expected a whole number from {min} to {max} ({unit})")]
pub struct BadHttpSetting {
    pub key: &'static str,
    pub value: String,
    pub min: u64,
    pub max: u64,
    pub unit: &'static str,
}

/// Sets each HTTP setting the environment leaves unset to its default,
/// and checks the ones the user set against their range.
pub(super) fn apply_settings() -> Result<(), BadHttpSetting> {
    for setting in HTTP_SETTINGS {
        let given = gdal::config::get_config_option(setting.key, "").unwrap_or_default();
        if given.is_empty() {
            // A refused option only changes the waits; nothing to report.
            let _ = gdal::config::set_config_option(setting.key, setting.default);
            continue;
        }
        let ok = given
            .trim()
            .parse::<u64>()
            .is_ok_and(|v| (setting.min..=setting.max).contains(&v));
        if !ok {
            return Err(BadHttpSetting {
                key: setting.key,
                value: given,
                min: setting.min,
                max: setting.max,
                unit: setting.unit,
            });
        }
    }
    Ok(())
}

/// A failed request's error, with the settings that decided when to give
/// up when curl gave up waiting (a server that accepts and never answers,
/// or an unreachable one).
pub(super) fn with_hint(e: io::Error) -> io::Error {
    let text = e.to_string();
    let waited = ["too slow", "timed out", "Timeout", "Failed to connect"];
    if !text.contains("CURL error") || !waited.iter().any(|w| text.contains(w)) {
        return e;
    }
    let get = |key: &str| gdal::config::get_config_option(key, "").unwrap_or_default();
    io::Error::new(
        e.kind(),
        format!(
            "{text} (the server did not answer: gave up after GDAL_HTTP_CONNECTTIMEOUT={} s to \
             connect, or GDAL_HTTP_LOW_SPEED_TIME={} s without data; settable, docs/scale.md)",
            get("GDAL_HTTP_CONNECTTIMEOUT"),
            get("GDAL_HTTP_LOW_SPEED_TIME")
        ),
    )
}

/// GDAL's last messages (errors and warnings), newest last.
static RECENT: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// How many of GDAL's messages [`recent_gdal_messages`] keeps.
const KEPT: usize = 32;

/// Installs, once per process, GDAL's error handler: GDAL, OGR and PROJ
/// messages are kept for the errors that quote them ([`recent_gdal_messages`]) instead
/// of being printed (`ERROR 1: …` on standard error, which names neither
/// the file nor what was expected). Every failure reaches the user through
/// the returned values, as a sentence naming the file.
pub fn collect_gdal_messages() {
    static DONE: Once = Once::new();
    DONE.call_once(|| {
        gdal::config::set_error_handler(|class, number, message| {
            use gdal::errors::CplErrType as C;
            if matches!(class, C::None | C::Debug) {
                return;
            }
            let mut recent = RECENT.lock().unwrap_or_else(|e| e.into_inner());
            if recent.len() == KEPT {
                recent.pop_front();
            }
            recent.push_back(format!("{} (GDAL error {number})", message.trim()));
        });
    });
}

/// GDAL's messages since the process started (at most the last 32).
pub fn recent_gdal_messages() -> Vec<String> {
    RECENT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .cloned()
        .collect()
}
