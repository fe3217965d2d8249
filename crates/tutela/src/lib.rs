//! The `tutela` command: every subcommand behind one [`run`] function.
//!
//! The code lives in a library (with `main.rs` a thin shell) so integration tests can call
//! [`demo::seed_demo`] on a store of their own, and so each command is a plain async function that
//! returns what the process should exit with. Input is checked here, at the edge, and every refusal
//! is an `anyhow` error whose message names the bad value; `main` turns it into one line on stderr.

pub mod admin;
pub mod cli;
pub mod consent;
pub mod datamap;
pub mod datamap_apply;
pub mod db;
pub mod deadline;
pub mod demo;
pub mod demo_service;
pub mod demo_subjects;
pub mod demo_subscriptions;
pub mod failure;
pub mod import_fides;
pub mod introspect;
pub mod journal;
pub mod request;
pub mod request_run;
pub mod scan;
pub mod scan_db;
pub mod serve;
pub mod warranty;

use std::process::ExitCode;

use cli::{
    Cli, Command, ConsentCommand, DatamapCommand, JournalCommand, OperatorCommand, RequestCommand, StaffCommand,
    TokenCommand, WarrantyCommand,
};

/// Runs the command the arguments name and returns the exit code for a completed run. An `Err` is
/// an error to report (exit code [`failure::EXIT_ERROR`]).
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Demo(args) => serve::demo(args).await,
        Command::Deadline(args) => deadline::run(&args),
        Command::Request(RequestCommand::Deadline(args)) => request::deadline(&args),
        Command::Request(RequestCommand::Run(args)) => request_run::run(&args).await,
        Command::Warranty(WarrantyCommand::Check(args)) => warranty::check(&args),
        Command::Scan(args) => scan::run(&args).await,
        Command::Journal(JournalCommand::Verify(args)) => journal::verify(args).await,
        Command::Journal(JournalCommand::Export(args)) => journal::export(args).await,
        Command::Datamap(DatamapCommand::Check(args)) => Ok(datamap::check(&args)),
        Command::Datamap(DatamapCommand::Render(args)) => datamap::render(&args),
        Command::Datamap(DatamapCommand::Introspect(args)) => introspect::run(&args).await,
        Command::Datamap(DatamapCommand::ImportFides(args)) => import_fides::run(&args),
        Command::Consent(ConsentCommand::Decode(args)) => consent::decode(&args),
        Command::Consent(ConsentCommand::Encode(args)) => consent::encode(&args),
        Command::Datamap(DatamapCommand::Apply(args)) => datamap_apply::apply(args).await,
        Command::Operator(OperatorCommand::Create(args)) => admin::create_operator(args).await,
        Command::Staff(StaffCommand::Add(args)) => admin::add_staff(args).await,
        Command::Token(TokenCommand::Issue(args)) => admin::issue_token(args).await,
    }
}
