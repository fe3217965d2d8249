-- Fulfilments: each run of the fulfilment engine for a request, entered as `running` before the
-- operator's stores are touched and finished with the engine's report, so a run cut short is seen
-- (and repeated: finding and erasing are idempotent) rather than lost. An access run keeps the
-- package it produced, with its SHA-256, for staff to send; an erasure run keeps its destruction
-- act (HTML, rendered once) with its number and SHA-256: together they are the destruction log.
CREATE TABLE request_fulfilments (
    id              TEXT PRIMARY KEY,
    operator_id     TEXT NOT NULL REFERENCES operators (id),
    request_id      TEXT NOT NULL REFERENCES requests (id),
    -- `access` or `erasure`.
    kind            TEXT NOT NULL,
    -- `running`, `complete` (every store confirmed), `incomplete` (some store did not) or `failed`.
    state           TEXT NOT NULL,
    datamap_version INTEGER NOT NULL,
    actor           TEXT NOT NULL,
    started_at_us   INTEGER NOT NULL,
    finished_at_us  INTEGER,
    -- The engine's report (JSON), or why the run failed.
    report          TEXT,
    package         BLOB,
    package_sha256  TEXT,
    package_bytes   INTEGER,
    act_number      TEXT,
    act             TEXT,
    act_sha256      TEXT,
    -- An erasure's saved plan (every row found, with its key; JSON), written before the first
    -- store is changed and cleared once every store confirmed: what a retry resumes from.
    plan            TEXT
);
CREATE INDEX request_fulfilments_request ON request_fulfilments (request_id, started_at_us);
CREATE INDEX request_fulfilments_log ON request_fulfilments (operator_id, kind, started_at_us);

-- One-time codes sent to a requester's e-mail address to verify a request: only the code's digest
-- is kept, with its expiry, how many codes were sent and how many wrong ones were entered.
CREATE TABLE request_codes (
    request_id    TEXT PRIMARY KEY REFERENCES requests (id),
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    code_sha256   TEXT NOT NULL,
    sent_to       TEXT NOT NULL,
    codes_sent    INTEGER NOT NULL,
    attempts      INTEGER NOT NULL,
    sent_at_us    INTEGER NOT NULL,
    expires_at_us INTEGER NOT NULL,
    used_at_us    INTEGER
);

-- The answer a closed request was given, in the requester's language, as it was sent (by e-mail
-- through the outbox when `sent_to` is set) or printed; its SHA-256 is in the journal.
CREATE TABLE request_answers (
    request_id    TEXT PRIMARY KEY REFERENCES requests (id),
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    language      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    sent_to       TEXT,
    created_at_us INTEGER NOT NULL
);

-- Files that came with a request (a scanned letter, an identity document, a representative's
-- authority), checked for type and size before they are kept, each with its SHA-256.
CREATE TABLE request_attachments (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    request_id    TEXT NOT NULL REFERENCES requests (id),
    name          TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    bytes         BLOB NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    created_at_us INTEGER NOT NULL
);
CREATE INDEX request_attachments_request ON request_attachments (request_id, created_at_us);
