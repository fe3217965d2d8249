-- Security incidents: what happened and when it was discovered, with a human reference numbered
-- per operator and year (`INC-2026-000001`), and the facts the notices were derived from (JSON).
CREATE TABLE incidents (
    id               TEXT PRIMARY KEY,
    operator_id      TEXT NOT NULL REFERENCES operators (id),
    reference        TEXT NOT NULL,
    year             BIGINT NOT NULL,
    number           BIGINT NOT NULL,
    description      TEXT NOT NULL,
    facts            TEXT NOT NULL,
    discovered_at_us BIGINT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at_us    BIGINT NOT NULL,
    UNIQUE (operator_id, year, number)
);
CREATE INDEX incidents_operator ON incidents (operator_id, created_at_us);

-- Each notice an incident requires: its duty (`ru_152fz.first_notice`), recipient, authority,
-- article and language, the draft written when the incident was registered, its clock (none yet
-- for a notice that runs from another one being sent), and when, how and by whom it was sent.
CREATE TABLE incident_notices (
    incident_id   TEXT NOT NULL REFERENCES incidents (id),
    duty_key      TEXT NOT NULL,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    position      BIGINT NOT NULL,
    recipient     TEXT NOT NULL,
    authority     TEXT NOT NULL,
    article       TEXT NOT NULL,
    language      TEXT NOT NULL,
    duty          TEXT NOT NULL,
    follows       TEXT,
    clock_id      TEXT REFERENCES clocks (id),
    draft         TEXT NOT NULL,
    draft_sha256  TEXT NOT NULL,
    sent_at_us    BIGINT,
    sent_how      TEXT,
    sent_by       TEXT,
    PRIMARY KEY (incident_id, duty_key)
);
