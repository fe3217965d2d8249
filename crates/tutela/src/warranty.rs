//! `tutela warranty check`: the warranty decision for a device and a fault, from a rules file and
//! a device file, with no database: the same `tutela_core::service::warranty::decide` the API's
//! `POST /api/v1/warranty-rules/check` runs.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde::Deserialize;
use tutela_core::service::warranty::{DeviceFacts, Fault, WarrantyRule, decide};

use crate::cli::{Format, WarrantyCheckArgs};

/// The device file: its product line and the facts warranties read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeviceFile {
    product_line: String,
    #[serde(flatten)]
    facts: DeviceFacts,
}

/// A rules file: one rule or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RulesFile {
    Many(Vec<WarrantyRule>),
    One(Box<WarrantyRule>),
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {what} {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{what} {} is not valid", path.display()))
}

/// Runs `tutela warranty check`.
pub fn check(args: &WarrantyCheckArgs) -> anyhow::Result<ExitCode> {
    let rules = match read_json::<RulesFile>(&args.rules, "rules file")? {
        RulesFile::Many(rules) => rules,
        RulesFile::One(rule) => vec![*rule],
    };
    for rule in &rules {
        rule.check().with_context(|| format!("the rule of {:?} is invalid", rule.product_line))?;
    }
    let device: DeviceFile = read_json(&args.device, "device file")?;
    let Some(rule) = rules.iter().find(|r| r.product_line == device.product_line) else {
        let lines: Vec<&str> = rules.iter().map(|r| r.product_line.as_str()).collect();
        bail!("no rule for product line {:?}; the rules file has: {}", device.product_line, lines.join(", "));
    };
    let cause = match &args.cause {
        Some(text) => Some(serde_json::from_value(serde_json::Value::String(text.clone())).with_context(|| {
            format!("--cause {text:?}: misuse, force_majeure, unauthorised_repair, liquids or wear")
        })?),
        None => None,
    };
    let fault = Fault {
        on: args.on.parse().with_context(|| format!("--on {:?} is not a date (YYYY-MM-DD)", args.on))?,
        code: args.fault.clone(),
        part: args.part.clone(),
        usage: args.usage,
        cause,
    };
    let decision = decide(rule, &device.facts, &fault).context("cannot decide")?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&decision)?),
        Format::Text => {
            let coverage = serde_json::to_value(decision.coverage)?;
            println!("{}: {}", coverage.as_str().unwrap_or_default(), decision.reason);
            if let Some(until) = decision.covered_until {
                println!("covered until {until} (not included)");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
