-- Operators, staff, API tokens, calendars, clocks, the journal and the notification outbox.
-- Instants are microseconds since the Unix epoch (UTC) in *_at_us columns; ids are UUIDv7 text.

CREATE TABLE operators (
    id            TEXT PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    -- The journal's head: sequence number and hash of the newest entry, so that removing the newest
    -- entries is detected too.
    journal_seq   BIGINT NOT NULL DEFAULT 0,
    journal_hash  TEXT NOT NULL
);

CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_us BIGINT NOT NULL,
    UNIQUE (operator_id, email)
);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    roles         TEXT NOT NULL,
    staff_id      TEXT REFERENCES staff (id),
    created_at_us BIGINT NOT NULL,
    expires_at_us BIGINT,
    revoked_at_us BIGINT
);
CREATE INDEX api_tokens_operator ON api_tokens (operator_id);

CREATE TABLE calendars (
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    id            TEXT NOT NULL,
    definition    TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (operator_id, id)
);

CREATE TABLE clocks (
    id               TEXT PRIMARY KEY,
    operator_id      TEXT NOT NULL REFERENCES operators (id),
    kind             TEXT NOT NULL,
    label            TEXT NOT NULL,
    subject_ref      TEXT,
    calendar_id      TEXT NOT NULL,
    state            TEXT NOT NULL,
    due_at_us        BIGINT NOT NULL,
    next_check_at_us BIGINT,
    body             TEXT NOT NULL,
    created_at_us    BIGINT NOT NULL,
    updated_at_us    BIGINT NOT NULL
);
CREATE INDEX clocks_operator_due ON clocks (operator_id, due_at_us);
CREATE INDEX clocks_next_check ON clocks (next_check_at_us) WHERE next_check_at_us IS NOT NULL;

CREATE TABLE journal (
    operator_id TEXT NOT NULL REFERENCES operators (id),
    seq         BIGINT NOT NULL,
    at_us       BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (operator_id, seq)
);

CREATE TABLE webhooks (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    url           TEXT NOT NULL,
    secret        TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);

CREATE TABLE outbox (
    id                 TEXT PRIMARY KEY,
    operator_id        TEXT NOT NULL REFERENCES operators (id),
    channel            TEXT NOT NULL,
    destination        TEXT NOT NULL,
    topic              TEXT NOT NULL,
    payload            TEXT NOT NULL,
    created_at_us      BIGINT NOT NULL,
    attempts           BIGINT NOT NULL DEFAULT 0,
    next_attempt_at_us BIGINT,
    delivered_at_us    BIGINT,
    last_error         TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at_us) WHERE next_attempt_at_us IS NOT NULL;
CREATE INDEX outbox_operator ON outbox (operator_id, created_at_us);
