-- The portal's sign-in: a subject proves they hold an e-mail address the operator knows them by.
-- The address itself is never stored, only its digest bound to the operator
-- (`SubjectEmail::lookup_digest`); one address may stand for several of the operator's subjects.
CREATE TABLE subject_contacts (
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    email_sha256  TEXT NOT NULL,
    subject_ref   TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (operator_id, email_sha256, subject_ref)
);
CREATE INDEX subject_contacts_subject ON subject_contacts (operator_id, subject_ref);

-- The one-time sign-in code last sent to an address: its digest, expiry, wrong entries, and how
-- many codes were sent in the current window (`window_started_at_us`), which limits the mail one
-- address can be sent.
CREATE TABLE portal_codes (
    operator_id          TEXT NOT NULL REFERENCES operators (id),
    email_sha256         TEXT NOT NULL,
    code_sha256          TEXT NOT NULL,
    codes_sent           BIGINT NOT NULL,
    window_started_at_us BIGINT NOT NULL,
    attempts             BIGINT NOT NULL,
    sent_at_us           BIGINT NOT NULL,
    expires_at_us        BIGINT NOT NULL,
    used_at_us           BIGINT,
    PRIMARY KEY (operator_id, email_sha256)
);

-- Signed-in subjects: the session token's digest (the token lives only in the browser's cookie),
-- the address digest it proved, and when it stops being valid.
CREATE TABLE portal_sessions (
    token_sha256  TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    email_sha256  TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL
);
CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at_us);
