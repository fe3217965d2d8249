-- The request log: every data-subject request the moment it arrives, with its human reference
-- (KUR-2026-000123, numbered per operator and year), its statutory clock, and the history of its
-- status from which its state is derived.
CREATE TABLE requests (
    id             TEXT PRIMARY KEY,
    operator_id    TEXT NOT NULL REFERENCES operators (id),
    reference      TEXT NOT NULL,
    year           BIGINT NOT NULL,
    number         BIGINT NOT NULL,
    request_type   TEXT NOT NULL,
    jurisdiction   TEXT NOT NULL,
    channel        TEXT NOT NULL,
    language       TEXT NOT NULL,
    subject_ref    TEXT,
    -- The identities as the requester gave them (JSON): what verification and fulfilment look for.
    identities     TEXT NOT NULL,
    status         TEXT NOT NULL,
    clock_id       TEXT REFERENCES clocks (id),
    received_at_us BIGINT NOT NULL,
    created_at_us  BIGINT NOT NULL,
    updated_at_us  BIGINT NOT NULL,
    UNIQUE (operator_id, reference),
    UNIQUE (operator_id, year, number)
);
CREATE INDEX requests_operator_received ON requests (operator_id, received_at_us, id);

CREATE TABLE request_events (
    operator_id TEXT NOT NULL REFERENCES operators (id),
    request_id  TEXT NOT NULL REFERENCES requests (id),
    seq         BIGINT NOT NULL,
    at_us       BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);
