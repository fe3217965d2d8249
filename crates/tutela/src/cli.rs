//! The command line, declared with clap's derive API.
//!
//! Arguments that need domain checks (dates, durations, calendars, slugs, roles) are taken as plain
//! text and parsed by the command itself, so a bad value gets Tutela's one-line error naming it rather
//! than clap's multi-line usage report. clap still rejects unknown flags and missing arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Default data directory of `serve`, `journal`, `operator`, `staff` and `token`.
pub const DEFAULT_DATA_DIR: &str = "./tutela-data";
/// Default data directory of `demo`, kept apart from real data.
pub const DEFAULT_DEMO_DIR: &str = "./tutela-demo";
/// Environment variable read for `--database` when neither `--database` nor `--data-dir` is given.
pub const DATABASE_URL_ENV: &str = "TUTELA_DATABASE_URL";
/// Environment variable read for `--smtp-url`.
pub const SMTP_URL_ENV: &str = "TUTELA_SMTP_URL";
/// Environment variable read for `--smtp-from`.
pub const SMTP_FROM_ENV: &str = "TUTELA_SMTP_FROM";

/// Tutela turns legal and contractual promises into clocks with deadlines on working-day calendars,
/// and journals every action in a per-operator hash-chained journal.
#[derive(Debug, Parser)]
#[command(name = "tutela", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP API (and the clock scheduler).
    Serve(ServeArgs),
    /// Seed a demo data directory with fictional operators and serve it.
    Demo(DemoArgs),
    /// Compute a deadline on a built-in calendar (no database needed).
    Deadline(DeadlineArgs),
    /// Subjects' requests: their statutory deadlines (no database needed).
    #[command(subcommand)]
    Request(RequestCommand),
    /// Warranty decisions for a device and a fault (no database needed).
    #[command(subcommand)]
    Warranty(WarrantyCommand),
    /// Find personal data in files, directories, standard input (`-`) or database tables
    /// (`--database`), and compare a database with the data map (`--datamap`).
    Scan(ScanArgs),
    /// Verify or export operators' journals.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Check a data map (a YAML file or a folder of them).
    #[command(subcommand)]
    Datamap(DatamapCommand),
    /// Decode or encode IAB consent strings (TCF v2.3 TC strings, GPP strings).
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Manage operators.
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Manage an operator's staff.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Manage an operator's API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

/// `tutela datamap ...`.
#[derive(Debug, Subcommand)]
pub enum DatamapCommand {
    /// Validate a data map; exit 0 when valid, 1 with every problem listed (file:line:column).
    ///
    /// Valid means publishable, so every problem is an error and there are no warnings (and no
    /// --strict): what an import or introspection left to fill in (a text that starts with TODO,
    /// the region ZZ, an operator contact with nothing in it) and personal data no purpose uses (a
    /// store field holding a category that no processing activity with a purpose lists for that
    /// store) make the map invalid, as a missing legal basis does.
    Check(DatamapCheckArgs),
    /// Render a published artefact of a data map (record of processing, China's lists, privacy notice).
    Render(DatamapRenderArgs),
    /// Read a store's tables, columns and keys into a draft `stores:` entry to tag.
    Introspect(DatamapIntrospectArgs),
    /// Convert Fides (fideslang) dataset and system YAML into a data map.
    ImportFides(DatamapImportFidesArgs),
    /// Validate a data map and store it as the operator's next version (journaled with what changed).
    Apply(DatamapApplyArgs),
}

/// `tutela consent ...`.
#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Print a TC string or GPP string as JSON; exit 2 naming the problem when it is malformed.
    Decode(ConsentDecodeArgs),
    /// Make a TC string or GPP string from its JSON model (as `consent decode` prints it).
    Encode(ConsentEncodeArgs),
}

/// `tutela consent decode`.
#[derive(Debug, Args)]
pub struct ConsentDecodeArgs {
    /// The TC string or GPP string (`-` reads it from standard input).
    #[arg(value_name = "STRING", allow_hyphen_values = true)]
    pub string: String,
    /// Print what the consent ledger records (purposes, vendors, opt-outs, GPC) instead of the model.
    #[arg(long)]
    pub signal: bool,
}

/// `tutela consent encode`.
#[derive(Debug, Args)]
pub struct ConsentEncodeArgs {
    /// A JSON file holding the model (`-` reads standard input).
    #[arg(value_name = "JSON", default_value = "-")]
    pub json: String,
}

/// `tutela datamap check`.
#[derive(Debug, Args)]
pub struct DatamapCheckArgs {
    /// A data map YAML file, or a folder of them.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}

/// `tutela datamap render`.
#[derive(Debug, Args)]
pub struct DatamapRenderArgs {
    /// A data map YAML file, or a folder of them.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The artefact: ropa, pi-collected, pi-shared or notice.
    #[arg(long, value_name = "ARTIFACT")]
    pub artifact: String,
    /// The language: en, zh-CN, ru, bg or hi (default: the map's default language).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// The format: html, csv or json.
    #[arg(long, value_name = "FORMAT", default_value = "html")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `tutela datamap introspect`.
#[derive(Debug, Args)]
pub struct DatamapIntrospectArgs {
    /// The store: a postgres:// URL, an SQLite file (or sqlite:// URL), or a CSV / JSON Lines file
    /// or folder.
    #[arg(value_name = "LOCATION", required_unless_present = "location_env", conflicts_with = "location_env")]
    pub location: Option<String>,
    /// Read LOCATION from this environment variable (keeps a database password off the command line).
    #[arg(long, value_name = "VAR")]
    pub location_env: Option<String>,
    /// The store's id in the data map [default: from the file, folder or database name].
    #[arg(long, value_name = "ID")]
    pub store_id: Option<String>,
    /// The country where the store's data is, e.g. DE [default: a ZZ placeholder marked TODO].
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// The PostgreSQL schema to read.
    #[arg(long, value_name = "NAME", default_value = "public")]
    pub schema: String,
    /// File to write (replaced if it exists); standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `tutela datamap import-fides`.
#[derive(Debug, Args)]
pub struct DatamapImportFidesArgs {
    /// Fides dataset and system YAML files, or folders of them.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The operator's legal name [default: the first system's legal_name].
    #[arg(long, value_name = "NAME")]
    pub operator_name: Option<String>,
    /// The operator's country, e.g. DE; its jurisdictions follow [default: a TODO placeholder].
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// File to write (replaced if it exists); standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `tutela datamap apply`.
#[derive(Debug, Args)]
pub struct DatamapApplyArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// The operator's slug.
    #[arg(long, value_name = "SLUG")]
    pub operator: String,
    /// A data map YAML file, or a folder of them.
    pub path: PathBuf,
}

/// Where the database is: a SQLite data directory or a database URL.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Directory of the SQLite database [default: ./tutela-data].
    #[arg(long, value_name = "DIR", conflicts_with = "database")]
    pub data_dir: Option<PathBuf>,
    /// Database URL, postgres://... or sqlite://PATH [env: TUTELA_DATABASE_URL].
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

/// Where e-mail notifications are sent from; without `--smtp-url` none are sent.
#[derive(Debug, Clone, Args)]
pub struct SmtpArgs {
    /// SMTP relay for e-mail notifications: smtp://[user:password@]host[:port] (add ?tls=required
    /// for STARTTLS) or smtps://... for TLS; without it e-mail is not sent [env: TUTELA_SMTP_URL].
    #[arg(long, value_name = "URL", env = SMTP_URL_ENV, hide_env = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of e-mail notifications, an address or "Name <address>" [env: TUTELA_SMTP_FROM].
    #[arg(long, value_name = "ADDRESS", env = SMTP_FROM_ENV, hide_env = true, default_value = tutela_server::email::DEFAULT_SENDER)]
    pub smtp_from: String,
}

/// Subjects the decision cache holds by default (see BENCHMARKS.md for the memory it takes).
pub const DEFAULT_DECISION_CACHE_SUBJECTS: usize = 100_000;

/// `tutela serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Do not run the clock scheduler and notification delivery in this instance.
    #[arg(long)]
    pub no_scheduler: bool,
    /// Subjects whose consent state decisions keep in memory (SQLite only; 0 turns it off).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DECISION_CACHE_SUBJECTS)]
    pub decision_cache_subjects: usize,
    /// The folder of the operators' own stores, one folder per operator slug, at the relative
    /// locations their data maps declare (PostgreSQL stores are reached by their connection_env).
    #[arg(long, value_name = "DIR")]
    pub stores_dir: Option<PathBuf>,
    /// The key of the `hash` masking (at least 16 bytes), kept outside the data map.
    #[arg(long, env = "TUTELA_HASH_KEY", hide_env_values = true, value_name = "SECRET")]
    pub hash_key: Option<String>,
    /// The address subjects reach this server at (`https://privacy.example.com`), for links in
    /// e-mails; without it links use the request's `Host`.
    #[arg(long, env = "TUTELA_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// E-mail notifications.
    #[command(flatten)]
    pub smtp: SmtpArgs,
}

/// `tutela demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Demo data directory, created and seeded if needed.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DEMO_DIR)]
    pub data_dir: PathBuf,
    /// Seed and serve the demo in this database (e.g. a PostgreSQL URL) instead of the data
    /// directory's SQLite file; the operators' demo stores stay in the data directory.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// E-mail notifications.
    #[command(flatten)]
    pub smtp: SmtpArgs,
}

/// Output format of `tutela deadline` and `tutela request deadline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One readable line.
    Text,
    /// One JSON object.
    Json,
}

/// `tutela deadline`.
#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// Built-in calendar id (ru, cn, bg, in, us-ca, eu, 24x7).
    #[arg(long, value_name = "ID", required_unless_present = "calendar_file", conflicts_with = "calendar_file")]
    pub calendar: Option<String>,
    /// A calendar file in the calendar format (data/calendars/README.md); it may `extends` a built-in.
    #[arg(long, value_name = "FILE")]
    pub calendar_file: Option<std::path::PathBuf>,
    /// Start instant, RFC 3339 with an offset, e.g. 2025-10-28T11:00:00+03:00 or ...Z.
    #[arg(long, value_name = "INSTANT")]
    pub start: String,
    /// Period, e.g. "10 working days", "72 hours", "1 month", "4 business hours".
    #[arg(long, value_name = "PERIOD", allow_hyphen_values = true)]
    pub duration: String,
    /// Keep a day-based deadline on a day off instead of moving it to the next working day.
    #[arg(long)]
    pub no_roll: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `tutela warranty ...`.
#[derive(Debug, Subcommand)]
pub enum WarrantyCommand {
    /// Decide whether a fault is repaired free, replaced, or paid for, and cite the rule.
    Check(WarrantyCheckArgs),
}

/// `tutela warranty check`.
#[derive(Debug, Args)]
pub struct WarrantyCheckArgs {
    /// The warranty rules: a JSON file with one rule or an array of them (the form
    /// `PUT /api/v1/warranty-rules/{product_line}` takes).
    #[arg(long, value_name = "FILE")]
    pub rules: std::path::PathBuf,
    /// The device: a JSON file with its `product_line` and `delivered_on`, `installed_on`,
    /// `accepted_on`, `extensions`, `repairs`.
    #[arg(long, value_name = "FILE")]
    pub device: std::path::PathBuf,
    /// The fault's code.
    #[arg(long, value_name = "CODE")]
    pub fault: String,
    /// The day of the fault (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// The part at fault.
    #[arg(long)]
    pub part: Option<String>,
    /// The usage-meter reading at the fault.
    #[arg(long, value_name = "N")]
    pub usage: Option<u64>,
    /// The cause, when it is one rules exclude: misuse, force_majeure, unauthorised_repair,
    /// liquids, wear.
    #[arg(long)]
    pub cause: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `tutela request ...`.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// The statutory deadline of a subject's request, with the rule and the article that set it.
    Deadline(RequestDeadlineArgs),
    /// Carry out an access, portability or erasure request on the stores a data map describes,
    /// without the server (rehearse a map on a copy of the database).
    Run(RequestRunArgs),
}

/// What `tutela request run` carries out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RunType {
    /// Write the subject's access package (a zip).
    Access,
    /// Write the subject's data as JSON they can take elsewhere (the same package).
    Portability,
    /// Erase the subject's data as the map says: delete, mask, stub or hold.
    Erasure,
    /// Mark the subject's rows restricted (blocked) where the map names a `restriction_flag`.
    Restriction,
}

/// `tutela request run`.
#[derive(Debug, Args)]
pub struct RequestRunArgs {
    /// The data map (a file or a folder); store locations are relative to it.
    #[arg(long, value_name = "PATH")]
    pub datamap: PathBuf,
    /// What to do.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub request_type: RunType,
    /// An identity of the subject: email=..., phone=+..., or <data category>=... (e.g.
    /// account.identifier=42); repeat for several.
    #[arg(long = "identity", value_name = "KIND=VALUE", required = true)]
    pub identities: Vec<String>,
    /// Only find and show what would be done; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where to write the package (access and portability) [default: access-package.zip].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The language of the package's summary: en, zh-CN, ru, bg or hi [default: the map's].
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// The key of the `hash` masking (at least 16 bytes), kept outside the data map.
    #[arg(long, env = "TUTELA_HASH_KEY", hide_env_values = true, value_name = "SECRET")]
    pub hash_key: Option<String>,
    /// How long a store may take to connect or answer one statement, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = tutela_fulfil::DEFAULT_TIMEOUT_MS)]
    pub timeout_ms: u64,
}

/// `tutela request deadline`.
#[derive(Debug, Args)]
pub struct RequestDeadlineArgs {
    /// The law: eu_gdpr, ru_152fz, cn_pipl, in_dpdp, us_ca_ccpa or br_lgpd.
    #[arg(long, value_name = "ID")]
    pub jurisdiction: String,
    /// The right: access, portability, rectification, restriction, erasure, objection, withdrawal,
    /// account_closure or complaint.
    #[arg(long = "type", value_name = "TYPE")]
    pub request_type: String,
    /// When the request was received, RFC 3339 with an offset, e.g. 2026-12-30T16:00:00+03:00.
    #[arg(long, value_name = "INSTANT")]
    pub received: String,
    /// Built-in calendar id [default: the jurisdiction's: ru, cn, in or us-ca; eu_gdpr and br_lgpd
    /// need one, e.g. bg].
    #[arg(long, value_name = "ID", conflicts_with = "calendar_file")]
    pub calendar: Option<String>,
    /// A calendar file in the calendar format (data/calendars/README.md); it may `extends` a built-in.
    #[arg(long, value_name = "FILE")]
    pub calendar_file: Option<PathBuf>,
    /// Count the period with the rule's extension taken (GDPR +2 months, 152-FZ +5 working days,
    /// CCPA +45 days).
    #[arg(long)]
    pub extended: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `tutela journal ...`.
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Recompute every operator's hash chain (or one operator's); exit 1 on a break.
    Verify(VerifyArgs),
    /// Write one operator's journal as JSON Lines, one entry per line.
    Export(ExportArgs),
}

/// `tutela journal verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// Only this operator.
    #[arg(long, value_name = "SLUG")]
    pub operator: Option<String>,
}

/// `tutela journal export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// The operator whose journal to export.
    #[arg(long, value_name = "SLUG")]
    pub operator: String,
    /// File to write (replaced if it exists); standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `tutela operator ...`.
#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Create an operator.
    Create(CreateOperatorArgs),
}

/// `tutela operator create`.
#[derive(Debug, Args)]
pub struct CreateOperatorArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// URL-safe short name: 2 to 40 of a-z, 0-9 and '-', starting with a letter.
    #[arg(long)]
    pub slug: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
}

/// `tutela staff ...`.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member who signs in with e-mail and password.
    Add(AddStaffArgs),
}

/// `tutela staff add`.
#[derive(Debug, Args)]
pub struct AddStaffArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// The operator's slug.
    #[arg(long, value_name = "SLUG")]
    pub operator: String,
    /// Sign-in e-mail address.
    #[arg(long)]
    pub email: String,
    /// Comma-separated roles: admin, privacy_officer, agent, viewer.
    #[arg(long)]
    pub roles: String,
    /// Name shown in the console and the journal [default: the e-mail's local part].
    #[arg(long = "display-name", value_name = "NAME")]
    pub display_name: Option<String>,
    /// Read the password from the first line of standard input; without it a random password is
    /// generated and printed once.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `tutela token ...`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue an API token; its secret is printed once, on standard output.
    Issue(IssueTokenArgs),
}

/// `tutela token issue`.
#[derive(Debug, Args)]
pub struct IssueTokenArgs {
    /// Where the database is.
    #[command(flatten)]
    pub db: DbArgs,
    /// The operator's slug.
    #[arg(long, value_name = "SLUG")]
    pub operator: String,
    /// What the token is for, e.g. "crm integration".
    #[arg(long)]
    pub name: String,
    /// Comma-separated roles: admin, privacy_officer, agent, viewer.
    #[arg(long)]
    pub roles: String,
}

/// Output format of `tutela scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// One JSON object per finding.
    Jsonl,
    /// One readable line per finding.
    Table,
    /// One SARIF 2.1.0 log, for code-scanning tools (files only).
    Sarif,
    /// With --datamap: the drift report as one JSON document; otherwise the same as jsonl.
    Json,
}

/// `tutela scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan (directories honour .gitignore and .ignore); `-` reads standard
    /// input. CSV (.csv, .tsv) and JSON Lines (.jsonl, .ndjson) files are scanned cell by cell.
    #[arg(value_name = "PATH", required_unless_present = "database")]
    pub paths: Vec<PathBuf>,
    /// Scan the tables of a database: an SQLite file (or sqlite:// URL) or a postgres:// URL. Each
    /// finding names its table, column and row (the single-column primary key, else the row number),
    /// followed by a summary per column. Exit 1 when a table was skipped.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Read a random sample of N rows per table instead of every row (SQLite: ORDER BY random();
    /// PostgreSQL: TABLESAMPLE BERNOULLI on large tables, ORDER BY random() on small ones).
    #[arg(long, value_name = "N", requires = "database")]
    pub sample: Option<u64>,
    /// Only these tables, comma-separated.
    #[arg(long, value_name = "TABLES", requires = "database", value_delimiter = ',')]
    pub tables: Option<Vec<String>>,
    /// The PostgreSQL schema whose tables are scanned.
    #[arg(long, value_name = "SCHEMA", requires = "database", default_value = "public")]
    pub schema: String,
    /// The most rows read from one table.
    #[arg(long, value_name = "N", requires = "database", default_value_t = 1_000_000)]
    pub max_rows: u64,
    /// The most bytes of a cell that are scanned; longer cells are cut (and counted).
    #[arg(long, value_name = "BYTES", requires = "database", default_value_t = 65_536)]
    pub max_cell_bytes: usize,
    /// The timeout of reading one PostgreSQL table (and of an SQLite lock wait), in milliseconds.
    #[arg(long, value_name = "MS", requires = "database", default_value_t = 300_000)]
    pub timeout_ms: u64,
    /// Compare the database with this data map (a YAML file or a folder of them) and report drift
    /// instead of findings: personal data in fields the map does not declare for it, and declared
    /// fields where none was found. Exit codes: 0 no drift, 3 drift found, 1 tables skipped and no
    /// drift found in the rest (drift takes precedence over skipped tables).
    #[arg(long, value_name = "PATH", requires = "database", conflicts_with = "paths")]
    pub datamap: Option<PathBuf>,
    /// The data map's store the database is [default: the store at that location, else the only
    /// store of its kind].
    #[arg(long, value_name = "STORE_ID", requires = "datamap")]
    pub store: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Jsonl)]
    pub format: ScanFormat,
    /// Only these kinds, comma-separated (email, phone, ipv4, ipv6, credit_card, iban,
    /// cn_resident_id, ru_inn, ru_snils, ru_ogrn, ru_passport, bg_egn, in_aadhaar, in_pan, imei,
    /// iccid, geo_coordinates) [default: all].
    #[arg(long, value_name = "KINDS")]
    pub kinds: Option<String>,
    /// Scanning threads [default: the number of CPUs]; reading files and writing findings run on one
    /// more, beside them.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print found values in full instead of masked.
    #[arg(long)]
    pub show_values: bool,
    /// Leave out paths matching this gitignore-style pattern (repeatable), e.g. '*.log'.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Report findings at or above this confidence (0 to 1).
    #[arg(long, value_name = "C", default_value_t = 0.5)]
    pub min_confidence: f32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
