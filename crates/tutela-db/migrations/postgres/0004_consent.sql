-- The consent ledger. consent_records is append-only: a subject's choice is never updated, a newer
-- record supersedes it. consent_current and consent_subjects hold the current state derived from the
-- records (the newest record per slot by effective instant, then id), updated in the same transaction
-- as each record, so a decision is one indexed read. Each record's journal entry carries the SHA-256
-- of its canonical JSON (`body`), which proves the row unchanged without putting its personal data
-- (address, user agent, names) in the journal.

CREATE TABLE consent_notices (
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    sha256        TEXT NOT NULL,   -- of the text, as the subject saw it
    text          TEXT NOT NULL,
    language      TEXT,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (operator_id, sha256)
);

CREATE TABLE consent_records (
    operator_id    TEXT NOT NULL REFERENCES operators (id),
    id             TEXT NOT NULL,   -- UUIDv7
    subject_ref    TEXT NOT NULL,
    kind           TEXT NOT NULL,   -- consent, objection, signal, age, block, unblock
    purpose_id     TEXT,            -- consent and objection records
    state          TEXT,            -- consent records
    at_us          BIGINT NOT NULL,   -- when the choice was made
    recorded_at_us BIGINT NOT NULL,
    expires_at_us  BIGINT,
    body           TEXT NOT NULL,   -- canonical JSON of the whole record
    journal_seq    BIGINT NOT NULL,
    PRIMARY KEY (operator_id, id)
);
CREATE INDEX consent_records_subject ON consent_records (operator_id, subject_ref, at_us);

CREATE TABLE consent_subjects (
    operator_id      TEXT NOT NULL,
    subject_ref      TEXT NOT NULL,
    first_seen_at_us BIGINT NOT NULL,
    changed_seq      BIGINT NOT NULL,   -- journal seq of the newest record of the subject: export cursor
    block_id         TEXT,               -- newest block or unblock record
    block_at_us      BIGINT,
    block_reason     TEXT,               -- JSON of the block's reason; NULL after an unblock
    gpc_id           TEXT,               -- newest GPC opt-out record
    gpc_at_us        BIGINT,
    age_id           TEXT,               -- newest age record
    age_at_us        BIGINT,
    age              TEXT,               -- JSON of the age status
    PRIMARY KEY (operator_id, subject_ref)
);
CREATE INDEX consent_subjects_changed ON consent_subjects (operator_id, changed_seq);

CREATE TABLE consent_current (
    operator_id     TEXT NOT NULL,
    subject_ref     TEXT NOT NULL,
    purpose_id      TEXT NOT NULL,
    consent_id      TEXT,               -- newest consent record
    consent_state   TEXT,
    consent_at_us   BIGINT,
    expires_at_us   BIGINT,
    by_guardian     BOOLEAN NOT NULL DEFAULT FALSE,
    distribution    TEXT,               -- JSON of its distribution terms, if any
    objection_id    TEXT,               -- newest objection record
    objection_at_us BIGINT,
    PRIMARY KEY (operator_id, subject_ref, purpose_id)
);
-- Suppression lists: who said no to one purpose.
CREATE INDEX consent_current_purpose ON consent_current (operator_id, purpose_id, subject_ref);
