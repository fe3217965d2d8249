//! `tutela consent decode|encode`: read and write IAB consent strings (TCF v2.3 TC strings and GPP
//! strings) by hand. No database involved.
//!
//! A privacy officer debugging a CMP, or a script, can see exactly what a string a browser sent
//! says, in the same JSON model the consent ledger stores (snake_case fields, sorted id lists,
//! RFC 3339 instants), and make a string from such JSON. A bad string exits 2 with one line naming
//! the problem (the segment, the field, the bit).

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, bail};
use tutela_iab::{ConsentString, GppString, TcString};

use crate::cli::{ConsentDecodeArgs, ConsentEncodeArgs};

/// The most JSON `consent encode` reads, in bytes.
const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// Runs `tutela consent decode`: prints the decoded model (or, with `--signal`, the ledger's view of
/// it) as JSON.
pub fn decode(args: &ConsentDecodeArgs) -> anyhow::Result<ExitCode> {
    let text = if args.string == "-" { read_stdin()? } else { args.string.clone() };
    let decoded = ConsentString::decode(text.trim()).context("cannot decode the consent string")?;
    let json = if args.signal {
        serde_json::to_string_pretty(&decoded.signal())
    } else {
        serde_json::to_string_pretty(&decoded)
    };
    println!("{}", json.context("cannot print the decoded model")?);
    Ok(ExitCode::SUCCESS)
}

/// Runs `tutela consent encode`: reads a model as JSON (a file or `-` for standard input) and
/// prints the string. A model with `sections` is a GPP string, otherwise a TC string.
pub fn encode(args: &ConsentEncodeArgs) -> anyhow::Result<ExitCode> {
    let text = if args.json == "-" {
        read_stdin()?
    } else {
        let file = std::fs::File::open(&args.json).with_context(|| format!("cannot read {}", args.json))?;
        read_limited(file).with_context(|| format!("cannot read {}", args.json))?
    };
    let value: serde_json::Value = serde_json::from_str(&text).context("the model is not JSON")?;
    let model = if value.get("sections").is_some() {
        ConsentString::Gpp(serde_json::from_value::<GppString>(value).context("not a GPP model")?)
    } else {
        ConsentString::Tcf(serde_json::from_value::<TcString>(value).context("not a TC string model")?)
    };
    println!("{}", model.encode().context("cannot encode the model")?);
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> anyhow::Result<String> {
    read_limited(std::io::stdin()).context("cannot read standard input")
}

fn read_limited(source: impl Read) -> anyhow::Result<String> {
    let mut text = String::new();
    source.take(MAX_JSON_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_JSON_BYTES {
        bail!("the input is larger than {MAX_JSON_BYTES} bytes");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::one_line;

    fn decode_args(string: &str) -> ConsentDecodeArgs {
        ConsentDecodeArgs { string: string.to_owned(), signal: false }
    }

    #[test]
    fn a_bad_string_is_one_line_naming_the_problem() {
        let error = decode(&decode_args("CLcVD")).unwrap_err();
        assert_eq!(
            one_line(&error),
            "cannot decode the consent string: TC string core segment has an impossible length of 5 base64url characters"
        );
        let error = decode(&decode_args("DBABBg~xyz")).unwrap_err();
        assert!(
            one_line(&error)
                .ends_with("GPP section id 8 (usca) is not supported (supported: 2 tcfeuv2, 6 uspv1, 7 usnat)")
        );
    }

    #[test]
    fn a_good_string_decodes() {
        let code = decode(&decode_args("DBABzw~1Y--~CAAQAAAAAABA.YA")).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
    }
}
