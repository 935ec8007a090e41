//! The architecture of docs/architecture.md, checked on the sources:
//!
//! * every module of `src/` is in the document's table of modules, and
//!   uses only the modules its row allows (a `use` the document forbids
//!   fails with the file's name); the table itself draws layers, without a
//!   circle;
//! * no two files of `src/` import each other, directly or through others;
//! * no file of `src/` is longer than 800 lines, and the command line stays
//!   thin.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            sources(&entry, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a file without comments, the text of its string and
/// character literals, and its test modules (tests may use anything).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("\n#[cfg(test)]").next().unwrap_or("");
    let text = without_literals(text);
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with what string and character literals hold blanked (their
/// quotes kept), raw strings included; lifetimes are left alone.
fn without_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A comment to the end of its line is kept as is (`code` drops it).
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(chars[i]);
                i += 1;
            }
            continue;
        }
        if c == 'r' && matches!(chars.get(i + 1), Some('"') | Some('#')) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) == Some(&'"') {
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat('#').take(hashes))
                    .collect();
                let rest: String = chars[i + 2 + hashes..].iter().collect();
                let len = rest.find(&close).unwrap_or(rest.len());
                out.push_str("\"\"");
                out.extend(rest[..len].chars().filter(|&c| c == '\n'));
                i += 2 + hashes + rest[..len].chars().count() + close.len();
                continue;
            }
        }
        if c == '"' {
            i += 1;
            out.push('"');
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push('"');
            i += 1;
            continue;
        }
        if c == '\'' {
            // 'x' or '\x…': a character; anything else is a lifetime.
            let end = if chars.get(i + 1) == Some(&'\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&q| q == '\'')
                    .map(|p| i + 2 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = end {
                out.push_str("' '");
                i = end + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The module of the document a file of `src/` belongs to: its top-level
/// module, or for `io/` its room (`io::formats`).
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [one] if one == "lib" || one == "main" => None,
        [io, room, _, ..] if io == "io" => Some(format!("io::{room}")),
        [first, ..] => Some(first.clone()),
        [] => None,
    }
}

/// The modules of the document a file's code names (`crate::io::storage::vfs`
/// names `io::storage` for a file outside `io/`); `finding` is `rules`'.
fn modules_used(file: &Path) -> BTreeSet<String> {
    let code = code(file);
    let own = module_of(file);
    let mut used = BTreeSet::new();
    for prefix in ["crate::", "multisenge::"] {
        for (at, _) in code.match_indices(prefix) {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: Vec<&str> = code[at + prefix.len()..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .collect();
            let module = match path.as_slice() {
                ["io", room, ..] if ["formats", "storage", "safety"].contains(room) => {
                    format!("io::{room}")
                }
                ["finding", ..] => "rules".to_string(),
                [first, ..] if !first.is_empty() => first.to_string(),
                _ => continue,
            };
            if Some(&module) != own.as_ref() {
                used.insert(module);
            }
        }
        // `use crate::{a, b::c}` and `use crate::io::{formats, storage}`.
        for (at, _) in code.match_indices(&format!("{prefix}{{")) {
            let group = &code[at + prefix.len() + 1..];
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let first = item.trim().split("::").next().unwrap_or("").trim();
                if !first.is_empty() && Some(first) != own.as_deref() {
                    used.insert(first.to_string());
                }
            }
        }
    }
    used
}

/// docs/architecture.md's table of modules: module → the modules it may
/// use (rows `| \`module\` | \`a\`, \`b\` … |`).
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let table = doc
        .split("| module | uses |")
        .nth(1)
        .expect("a `| module | uses |` table in docs/architecture.md");
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|row| {
            let cells: Vec<&str> = row.split('|').collect();
            let module = ticked(cells.get(1)?).into_iter().next()?;
            Some((module, ticked(cells.get(2)?).into_iter().collect()))
        })
        .collect()
}

#[test]
fn every_module_is_documented_and_uses_only_what_the_document_allows() {
    let allowed = documented();
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut broken = Vec::new();
    let mut modules = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        modules.insert(module.clone());
        let Some(may) = allowed.get(&module) else {
            continue;
        };
        for used in modules_used(file) {
            if !may.contains(&used) {
                broken.push(format!(
                    "{} uses `{used}`, which docs/architecture.md does not allow `{module}`",
                    file.display()
                ));
            }
        }
    }
    let missing: Vec<&String> = modules
        .iter()
        .filter(|m| !allowed.contains_key(*m))
        .collect();
    assert!(
        missing.is_empty(),
        "modules of src/ missing from the table of docs/architecture.md: {missing:?}"
    );
    let stale: Vec<&String> = allowed.keys().filter(|m| !modules.contains(*m)).collect();
    assert!(
        stale.is_empty(),
        "docs/architecture.md names modules src/ has not: {stale:?}"
    );
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
    // The drawing names every module too.
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let drawing = doc.split("```text").nth(1).unwrap_or("");
    for module in &modules {
        let name = module.rsplit("::").next().unwrap();
        assert!(
            drawing.contains(&format!("{name}/")) || drawing.contains(&format!("{name}.rs")),
            "the drawing of docs/architecture.md does not name `{module}`"
        );
    }
}

/// The table draws layers: following "uses" never comes back.
#[test]
fn the_documented_modules_form_layers() {
    let allowed = documented();
    fn visit<'a>(
        m: &'a str,
        allowed: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(m) {
            return;
        }
        assert!(
            !path.contains(&m),
            "docs/architecture.md draws a circle: {} -> {m}",
            path.join(" -> ")
        );
        path.push(m);
        for used in allowed.get(m).into_iter().flatten() {
            visit(used, allowed, path, done);
        }
        path.pop();
        done.insert(m);
    }
    let mut done = BTreeSet::new();
    for m in allowed.keys() {
        visit(m, &allowed, &mut Vec::new(), &mut done);
    }
}

/// The file a module path names, from the module `base` (its segments).
fn resolve(base: &[String], path: &[&str]) -> Option<PathBuf> {
    let file_of = |segments: &[String]| -> Option<PathBuf> {
        let dir = segments.iter().fold(src(), |d, s| d.join(s));
        if segments.is_empty() {
            return Some(src().join("lib.rs"));
        }
        let file = dir.with_extension("rs");
        if file.is_file() {
            return Some(file);
        }
        let face = dir.join("mod.rs");
        face.is_file().then_some(face)
    };
    let mut module = base.to_vec();
    let mut found = file_of(&module);
    for segment in path {
        module.push(segment.to_string());
        match file_of(&module) {
            Some(file) => found = Some(file),
            None => break,
        }
    }
    found
}

/// A file's module path (`src/io/storage/listing/mod.rs`: io, storage,
/// listing).
fn segments(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// The paths of a `use` tree (`a::{b, c::{d, self}}`).
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    match tree.find('{') {
        None => {
            let item = tree.split(" as ").next().unwrap_or("").trim();
            if !item.is_empty() {
                out.push(format!("{prefix}{item}"));
            }
        }
        Some(open) => {
            let head = &tree[..open];
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[start..i], &format!("{prefix}{head}"), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&inner[start..], &format!("{prefix}{head}"), out);
        }
    }
}

/// The files of `src/` a file's code names, through `use` and paths.
fn imports(file: &Path) -> BTreeSet<PathBuf> {
    let code = code(file);
    let here = segments(file);
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let s = statement.trim();
        let s = s
            .strip_prefix("pub(crate) ")
            .or(s.strip_prefix("pub(super) "))
            .unwrap_or(s);
        let s = s.strip_prefix("pub ").unwrap_or(s);
        if let Some(tree) = s.strip_prefix("use ") {
            expand(tree, "", &mut paths);
        }
    }
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let rest = &code[at..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            paths.push(rest[..end].trim_end_matches(':').to_string());
        }
    }
    let mut out = BTreeSet::new();
    for path in paths {
        let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        let mut base = match parts.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") | Some(&"self") => here.clone(),
            // `use child::item` in a module that declares `mod child`.
            Some(first) if resolve(&here, &[first]) != resolve(&here, &[]) => here.clone(),
            _ => continue,
        };
        // In `a/b.rs` and `a/b/mod.rs` alike, `super` is `a`.
        while parts.first() == Some(&"super") {
            base.pop();
            parts.remove(0);
        }
        if parts.first().is_some_and(|p| *p == "crate" || *p == "self") {
            parts.remove(0);
        }
        // `crate::finding` is `rules::finding`, re-exported by lib.rs.
        if base.is_empty() && parts.first() == Some(&"finding") {
            parts.insert(0, "rules");
        }
        if let Some(target) = resolve(&base, &parts) {
            if target != file && !target.ends_with("lib.rs") {
                out.insert(target);
            }
        }
    }
    out
}

/// Circles of imports between files that are known and tolerated for a
/// while, each to be broken by the work that owns its folder; one that is
/// gone must leave this list. None today.
const KNOWN_CIRCLES: [&[&str]; 0] = [];

#[test]
fn no_two_files_import_each_other() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> =
        files.iter().map(|f| (f.clone(), imports(f))).collect();
    // Strongly connected components (Tarjan).
    struct State<'a> {
        graph: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a Path, usize>,
        low: BTreeMap<&'a Path, usize>,
        stack: Vec<&'a Path>,
        on: BTreeSet<&'a Path>,
        out: Vec<Vec<&'a Path>>,
    }
    fn connect<'a>(s: &mut State<'a>, v: &'a Path) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_path();
            if !s.index.contains_key(w) {
                connect(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for f in graph.keys() {
        if !state.index.contains_key(f.as_path()) {
            connect(&mut state, f);
        }
    }
    let shown: Vec<Vec<String>> = state
        .out
        .iter()
        .map(|c| {
            c.iter()
                .map(|f| f.strip_prefix(src()).unwrap().display().to_string())
                .collect()
        })
        .collect();
    let known: Vec<Vec<String>> = KNOWN_CIRCLES
        .iter()
        .map(|c| c.iter().map(|f| f.to_string()).collect())
        .collect();
    for circle in &shown {
        assert!(
            known.contains(circle),
            "files of src/ that import each other: {}",
            circle.join(" <-> ")
        );
    }
    for circle in &known {
        assert!(
            shown.contains(circle),
            "{} no longer import each other: remove them from KNOWN_CIRCLES",
            circle.join(" <-> ")
        );
    }
}

#[test]
fn no_file_is_longer_than_800_lines() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > 800)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

#[test]
fn the_command_line_stays_thin() {
    let mut files = Vec::new();
    sources(&src().join("cli"), &mut files);
    let lines: usize = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap().lines().count())
        .sum();
    assert!(
        lines < 700,
        "src/cli/ has {lines} lines: move what does not parse arguments into the library"
    );
}
