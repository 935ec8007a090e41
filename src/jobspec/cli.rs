//! A job spec as the command line's arguments: clap's [`Arg`]s built from
//! the parameters, every value parsed by the parameter's [`Type`] (so a
//! refused value gets clap's message naming the option), and the parsed
//! arguments read back as [`Values`].

use std::ffi::{OsStr, OsString};

use clap::builder::{OsStringValueParser, PossibleValue, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::spec::{JobSpec, Param};
use super::types::{parse_list, Many, Type};
use super::value::{Value, Values};

/// A first paragraph as clap shows it in a list: without its final period.
fn summary(about: &str) -> &str {
    about.strip_suffix('.').unwrap_or(about)
}

/// `cmd` with the job's description and arguments.
pub fn augment(cmd: Command, spec: &'static JobSpec) -> Command {
    let mut cmd = cmd.about(summary(spec.about));
    if !spec.long_about.is_empty() {
        cmd = cmd.long_about(format!("{}\n\n{}", spec.about, spec.long_about));
    }
    augment_params(cmd, spec.params)
}

/// The arguments of `params` alone (the options every subcommand takes).
pub fn augment_params(cmd: Command, params: &'static [Param]) -> Command {
    params
        .iter()
        .filter_map(|p| Some((p, p.cli?)))
        .fold(cmd, |cmd, (p, flag)| cmd.arg(arg(p, flag)))
}

fn arg(p: &'static Param, flag: super::spec::Flag) -> Arg {
    let mut arg = Arg::new(p.name).help(p.help);
    if flag.long.is_empty() {
        if p.many != Many::One {
            arg = arg.num_args(1..);
        }
    } else {
        arg = arg.long(flag.long);
        if let Some(short) = flag.short {
            arg = arg.short(short);
        }
    }
    arg = match p.ty {
        Type::Flag => arg.action(ArgAction::SetTrue),
        // `--name` alone is `--name true`.
        Type::Bool => arg
            .value_parser(ParamParser(p))
            .action(ArgAction::Set)
            .num_args(0..=1)
            .default_missing_value("true"),
        _ => {
            let action = match p.many {
                Many::One => ArgAction::Set,
                Many::List | Many::Repeat => ArgAction::Append,
            };
            arg.value_parser(ParamParser(p)).action(action)
        }
    };
    if !flag.value_name.is_empty() {
        arg = arg.value_name(flag.value_name);
    }
    if let Some(default) = p.default {
        arg = arg.default_value(default);
    }
    if flag.hide_default {
        arg = arg.hide_default_value(true);
    }
    if flag.hide_choices {
        arg = arg.hide_possible_values(true);
    }
    if p.ty.takes_hyphen() {
        arg = arg.allow_hyphen_values(true);
    }
    if p.required_in_cli() {
        arg = arg.required(true);
    }
    let arg = flag
        .requires
        .iter()
        .fold(arg, |arg, name| arg.requires(*name));
    arg.global(flag.global)
        .conflicts_with_all(flag.conflicts_with.iter().copied())
}

/// The values of `spec`'s parameters in `matches`, over the defaults of
/// every parameter (those the command line does not take included).
pub fn values(spec: &JobSpec, matches: &ArgMatches) -> Values {
    let mut values = spec.defaults();
    read(spec.params, matches, &mut values);
    values
}

/// The values of `params` alone in `matches`.
pub fn read(params: &'static [Param], matches: &ArgMatches, values: &mut Values) {
    for p in params.iter().filter(|p| p.cli.is_some()) {
        if let Type::Flag = p.ty {
            values.set(p.name, Value::Flag(matches.get_flag(p.name)));
            continue;
        }
        let Some(mut given) = matches.get_many::<Value>(p.name) else {
            continue;
        };
        let value = match p.many {
            Many::One => given.next_back().cloned(),
            Many::List | Many::Repeat => Some(Value::List(
                given
                    .flat_map(|v| match v {
                        Value::List(items) => items.clone(),
                        one => vec![one.clone()],
                    })
                    .collect(),
            )),
        };
        if let Some(value) = value {
            values.set(p.name, value);
        }
    }
}

/// Parses a command-line word as its parameter's type; clap names the
/// option in the message of a refused value.
#[derive(Clone)]
struct ParamParser(&'static Param);

impl TypedValueParser for ParamParser {
    type Value = Value;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Value, clap::Error> {
        let p = self.0;
        let parse = move |word: OsString| match p.many {
            Many::List => parse_list(p.ty, &word),
            Many::One | Many::Repeat => p.ty.parse_word(&word),
        };
        OsStringValueParser::new()
            .try_map(parse)
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let choice = self.0.ty.choice()?;
        Some(Box::new(choice.names.iter().enumerate().map(
            |(i, name)| {
                let help = choice.helps.get(i).copied().unwrap_or("");
                let value = PossibleValue::new(*name);
                if help.is_empty() {
                    value
                } else {
                    value.help(help)
                }
            },
        )))
    }
}
