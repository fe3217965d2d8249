//! The answer to a closed request, written in the requester's language with the words of
//! `answer.ftl`: what was done (the access package's file and digest, the erasure's date and
//! destruction act, or staff's note) or why it is refused, and where to complain (the
//! jurisdiction's authority). It is stored with the request when it closes and, for a request that
//! came by the API, the portal or e-mail with an e-mail address, sent through the outbox in the
//! same transaction; for a paper letter or a call, staff print it (`GET
//! /api/v1/requests/{id}/answer`, a printable page).

use axum::extract::State;
use axum::response::Response;
use tutela_db::{FulfilmentRecord, NewAnswer, Operator, RequestRecord};
use tutela_i18n::{Arg, Lang, Messages};

use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::Path;
use crate::problem::{ApiError, ApiResult, Problem};

/// The channels whose answer is printed rather than e-mailed.
const PRINTED_CHANNELS: [&str; 2] = ["paper", "phone"];

/// Writes the answer of `request`, closing as `status` with staff's `note`, from its runs.
pub fn compose(
    operator_name: &str,
    request: &RequestRecord,
    status: &str,
    note: &str,
    runs: &[FulfilmentRecord],
) -> NewAnswer {
    let words = LetterWords::of(request);
    let say = |id: &str, args: &[(&str, &str)]| words.say(id, args);
    let received = request.received_at.strftime("%Y-%m-%d").to_string();
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let mut paragraphs = vec![say("answer-re", &[("reference", &request.reference), ("received", &received)])];
    // The newest complete run of a kind that found the subject (a repeated erasure finds nothing
    // and is not the one that destroyed the data), else the newest complete one.
    let complete = |kind: &str| {
        let mut complete = runs.iter().filter(move |run| run.kind == kind && run.state == "complete");
        let found = |run: &&FulfilmentRecord| run.report.as_ref().is_some_and(|report| report["found"] == true);
        complete.clone().find(found).or_else(|| complete.next())
    };
    if status == "refused" {
        paragraphs.push(say("answer-refused", &[]));
        paragraphs.push(say("answer-ground", &[("note", note)]));
    } else if let Some(run) = complete("access").filter(|run| run.package_sha256.is_some()) {
        let file = format!("{}-access.zip", request.reference);
        let sha256 = run.package_sha256.clone().unwrap_or_default();
        paragraphs.push(say("answer-completed-access", &[("file", &file), ("sha256", &sha256)]));
        paragraphs.push(say("answer-what-was-done", &[("note", note)]));
    } else if let Some(run) = complete("erasure").filter(|run| run.act_number.is_some()) {
        let date = run.finished_at.unwrap_or(run.started_at).strftime("%Y-%m-%d").to_string();
        let act = run.act_number.clone().unwrap_or_default();
        paragraphs.push(say("answer-completed-erasure", &[("date", &date), ("act", &act)]));
        paragraphs.push(say("answer-what-was-done", &[("note", note)]));
    } else {
        paragraphs.push(say("answer-completed", &[]));
        paragraphs.push(say("answer-what-was-done", &[("note", note)]));
    }
    let authority = say(&format!("answer-authority-{}", request.jurisdiction), &[]);
    paragraphs.push(say("answer-complain", &[("authority", &authority)]));
    paragraphs.push(say("answer-signature", &[("operator", operator_name), ("date", &today)]));
    let subject = say("answer-subject", &[("operator", operator_name), ("reference", &request.reference)]);
    words.letter(request, subject, paragraphs.join("\n\n"))
}

/// The words of a letter to a requester, in the language of their request (English when it is not
/// one of Tutela's): the answer, or a request for completion before it.
pub(super) struct LetterWords {
    lang: Lang,
    messages: Messages,
}

impl LetterWords {
    /// The words for a letter about `request`.
    pub(super) fn of(request: &RequestRecord) -> Self {
        let lang: Lang = request.language.parse().unwrap_or(Lang::En);
        Self { lang, messages: Messages::new(lang) }
    }

    /// A message with text arguments; a missing message shows its id (the catalogue test keeps
    /// every id present in every language).
    pub(super) fn say(&self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg<'_>)> = args.iter().map(|&(name, value)| (name, Arg::Text(value))).collect();
        self.messages.format(id, &args).unwrap_or_else(|_| id.to_owned())
    }

    /// The letter, e-mailed to the address the request gives unless it came on paper or by phone
    /// (then it is printed).
    pub(super) fn letter(&self, request: &RequestRecord, subject: String, body: String) -> NewAnswer {
        let email = request.identities.get("email").and_then(|value| value.as_str()).map(str::to_owned);
        NewAnswer {
            language: self.lang.as_str().to_owned(),
            subject,
            body,
            send_to: email.filter(|_| !PRINTED_CHANNELS.contains(&request.channel.as_str())),
        }
    }
}

/// The operator's name as the requester reads it: its legal name in the data map, in the request's
/// language, or the name it was created with.
pub async fn operator_name(state: &AppState, operator: &Operator, language: &str) -> ApiResult<String> {
    let applied = state.datamaps.current(&state.db, &operator.id).await?;
    let lang: Lang = language.parse().unwrap_or(Lang::En);
    Ok(applied.map_or_else(
        || operator.name.as_str().to_owned(),
        |applied| {
            let default = applied.map.operator.default_language();
            applied.map.operator.legal_name.resolve(lang, default).text.to_owned()
        },
    ))
}

/// The answer a closed request was given, as a printable page (for a paper letter).
#[utoipa::path(get, path = "/api/v1/requests/{id}/answer", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem)))]
pub async fn get_answer(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    answer_response(&state, &caller, &id).await
}

/// The answer as a page: what the API's route and the console's link both serve.
pub async fn answer_response(state: &AppState, caller: &Caller, id: &str) -> ApiResult<Response> {
    let request = state.db.request(&caller.operator().id, id).await?;
    let answer = state
        .db
        .request_answer(&caller.operator().id, &request.id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("request {} has no answer yet", request.reference)))?;
    let paragraphs: String =
        answer.body.split("\n\n").map(|paragraph| format!("<p>{}</p>\n", escape(paragraph))).collect();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{subject}</title>\n\
         <style>body {{ font-family: \"Noto Serif\", \"Noto Serif CJK SC\", \"Noto Sans Devanagari\", serif; \
         max-width: 40rem; margin: 3rem auto; line-height: 1.5; white-space: pre-line; }}</style>\n</head>\n<body>\n\
         <h1>{subject}</h1>\n{paragraphs}<footer><small>SHA-256 {sha256}</small></footer>\n</body>\n</html>\n",
        lang = escape(&answer.language),
        subject = escape(&answer.subject),
        sha256 = escape(&answer.sha256),
    );
    Ok(super::document_page(html))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
