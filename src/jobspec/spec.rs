//! What a job spec is: the job ([`JobSpec`]), its parameters ([`Param`])
//! and how the command line spells them ([`Flag`]).

use super::types::{parse_default, Many, Type};
use super::value::{Value, Values};

/// A job: a subcommand of the command line and, with [`Backend`], an
/// algorithm of GIS front ends.
#[derive(Debug)]
pub struct JobSpec {
    /// The subcommand's name and the algorithm's id.
    pub id: &'static str,
    /// The command line's one-line description (`multisenge --help`).
    pub about: &'static str,
    /// The rest of the subcommand's `--help` text ("" when none).
    pub long_about: &'static str,
    /// What GIS front ends show; `None`: a command-line subcommand only.
    pub backend: Option<Backend>,
    /// In the order both front ends list them.
    pub params: &'static [Param],
}

/// A job as GIS front ends show it (`algorithms --json`).
#[derive(Debug)]
pub struct Backend {
    pub name: &'static str,
    pub group: &'static str,
    pub help: &'static str,
    /// Results that are not files (counts…).
    pub outputs: &'static [Output],
    /// Output parameter → style name (`styles/<name>.qml` of the plugin);
    /// `NAME|layername=LAYER`: a further layer of that output, loaded too.
    pub styles: &'static [(&'static str, &'static str)],
}

/// A result of a job that is not a written file.
#[derive(Debug)]
pub struct Output {
    pub name: &'static str,
    pub description: &'static str,
    /// `number` or `string`.
    pub kind: &'static str,
}

/// Which front ends require a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    Never,
    /// The command line only (the backend takes it from elsewhere).
    Cli,
    /// `run` only (the command line has a default behaviour without it:
    /// standard output, another target…).
    Backend,
    Both,
}

/// How the command line spells a parameter.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    /// `--long`; "" for a positional argument.
    pub long: &'static str,
    pub short: Option<char>,
    /// The placeholder in `--help` (`FILE`); "" for the parameter's name.
    pub value_name: &'static str,
    /// Keep the default out of `--help` (the text states it).
    pub hide_default: bool,
    /// Keep the list of choices out of `--help` (the placeholder or the
    /// text states them).
    pub hide_choices: bool,
    /// Taken by every subcommand (`--color`, `-q`…).
    pub global: bool,
    /// Parameters it cannot be given with.
    pub conflicts_with: &'static [&'static str],
    /// Parameters it must be given with.
    pub requires: &'static [&'static str],
}

impl Flag {
    /// `--long VALUE_NAME`.
    pub const fn long(long: &'static str, value_name: &'static str) -> Flag {
        Flag {
            long,
            short: None,
            value_name,
            hide_default: false,
            hide_choices: false,
            global: false,
            conflicts_with: &[],
            requires: &[],
        }
    }

    /// A positional argument.
    pub const fn positional() -> Flag {
        Flag::long("", "")
    }

    pub const fn short(mut self, short: char) -> Flag {
        self.short = Some(short);
        self
    }

    pub const fn hide_default(mut self) -> Flag {
        self.hide_default = true;
        self
    }

    pub const fn hide_choices(mut self) -> Flag {
        self.hide_choices = true;
        self
    }

    pub const fn global(mut self) -> Flag {
        self.global = true;
        self
    }

    pub const fn conflicts_with(mut self, names: &'static [&'static str]) -> Flag {
        self.conflicts_with = names;
        self
    }

    pub const fn requires(mut self, names: &'static [&'static str]) -> Flag {
        self.requires = names;
        self
    }
}

/// One parameter of a job.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The key of `run --params` (upper case) and the argument's id.
    pub name: &'static str,
    pub ty: Type,
    pub many: Many,
    /// The label GIS front ends show ("" for a command-line parameter).
    pub label: &'static str,
    /// The command line's `--help` text ("" for a backend parameter).
    pub help: &'static str,
    /// The value when the parameter is left out, as the command line
    /// would give it; parsed by [`Type`] like any given value.
    pub default: Option<&'static str>,
    /// How the command line takes it; `None`: not on the command line.
    pub cli: Option<Flag>,
    /// Whether `run` takes it (and `algorithms --json` lists it).
    pub backend: bool,
    pub required: Required,
}

impl Param {
    /// A parameter of both front ends.
    pub const fn new(name: &'static str, ty: Type, flag: Flag) -> Param {
        Param {
            name,
            ty,
            many: Many::One,
            label: "",
            help: "",
            default: None,
            cli: Some(flag),
            backend: true,
            required: Required::Never,
        }
    }

    /// A parameter of the command line only.
    pub const fn cli(name: &'static str, ty: Type, flag: Flag) -> Param {
        Param {
            backend: false,
            ..Param::new(name, ty, flag)
        }
    }

    /// A parameter of `run` only.
    pub const fn backend(name: &'static str, ty: Type) -> Param {
        Param {
            cli: None,
            ..Param::new(name, ty, Flag::positional())
        }
    }

    pub const fn label(mut self, label: &'static str) -> Param {
        self.label = label;
        self
    }

    pub const fn help(mut self, help: &'static str) -> Param {
        self.help = help;
        self
    }

    pub const fn default(mut self, default: &'static str) -> Param {
        self.default = Some(default);
        self
    }

    pub const fn list(mut self) -> Param {
        self.many = Many::List;
        self
    }

    pub const fn repeat(mut self) -> Param {
        self.many = Many::Repeat;
        self
    }

    pub const fn required(mut self, required: Required) -> Param {
        self.required = required;
        self
    }

    /// The command line spells it `flag` (same type, texts and default).
    pub const fn flag(mut self, flag: Flag) -> Param {
        self.cli = Some(flag);
        self
    }

    /// Required by `run`.
    pub fn required_in_backend(&self) -> bool {
        matches!(self.required, Required::Backend | Required::Both)
    }

    /// Required on the command line.
    pub fn required_in_cli(&self) -> bool {
        matches!(self.required, Required::Cli | Required::Both)
    }
}

impl JobSpec {
    /// The parameter `name`.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

impl Param {
    /// The parsed default, if any (every default parses: tested for every
    /// spec).
    pub fn default_value(&self) -> Option<Value> {
        parse_default(self.ty, self.many, self.default?).ok()
    }
}

impl JobSpec {
    /// The defaults of every parameter (of both front ends: a job run by
    /// `run` gets the command line's defaults of what `run` does not take).
    pub fn defaults(&self) -> Values {
        let mut values = Values::default();
        for p in self.params {
            if let Some(v) = p.default_value() {
                values.set(p.name, v);
            }
        }
        values
    }
}
