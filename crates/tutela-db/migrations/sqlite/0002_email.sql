-- E-mail recipients of an operator's notifications. Each clock transition queues one outbox message
-- with channel 'email' per recipient, besides one per webhook. Addresses are stored as parsed
-- (lower-cased), so the same address cannot be added twice in different case.

CREATE TABLE email_recipients (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    address       TEXT NOT NULL,
    created_at_us INTEGER NOT NULL,
    UNIQUE (operator_id, address)
);
