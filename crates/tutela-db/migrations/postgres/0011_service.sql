-- After-sales service (seed 003). Warranty rules per product line, and the operator's ordered
-- list of service-level policies, both as JSON in the forms `tutela_core::service` defines.
CREATE TABLE warranty_rules (
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    product_line  TEXT NOT NULL,
    rule          TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (operator_id, product_line)
);

CREATE TABLE sla_policies (
    operator_id   TEXT PRIMARY KEY REFERENCES operators (id),
    policies      TEXT NOT NULL,
    version       BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);

-- Devices at customers' sites: serial number unique per operator, the dates warranties run from,
-- extension codes, the repairs done under warranty (JSON), the subject who owns it, if any, and
-- the device it replaced in an exchange.
CREATE TABLE devices (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    serial        TEXT NOT NULL,
    product_line  TEXT NOT NULL,
    model         TEXT NOT NULL,
    region        TEXT NOT NULL,
    site_address  TEXT NOT NULL,
    subject_ref   TEXT,
    delivered_on  TEXT,
    installed_on  TEXT,
    accepted_on   TEXT,
    extensions    TEXT NOT NULL,
    repairs       TEXT NOT NULL,
    replaces      TEXT REFERENCES devices (id),
    created_at_us BIGINT NOT NULL,
    UNIQUE (operator_id, serial)
);
CREATE INDEX devices_subject ON devices (operator_id, subject_ref);

-- Usage-meter readings (km, hours, cycles): never lower than the last of the same unit.
CREATE TABLE meter_readings (
    device_id  TEXT NOT NULL REFERENCES devices (id),
    unit       TEXT NOT NULL,
    reading    BIGINT NOT NULL,
    read_at_us BIGINT NOT NULL,
    PRIMARY KEY (device_id, unit, read_at_us)
);

-- Service tickets: the facts their policy is chosen by, the policy chosen, and a summary derived
-- from the history (status, the earliest due instant of a running target, whether one is
-- breached), rewritten with every event and every policy change.
CREATE TABLE tickets (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    reference     TEXT NOT NULL,
    number        BIGINT NOT NULL,
    device_id     TEXT REFERENCES devices (id),
    facts         TEXT NOT NULL,
    description   TEXT NOT NULL,
    policy_key    TEXT NOT NULL,
    status        TEXT NOT NULL,
    next_due_us   BIGINT,
    breached      BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    UNIQUE (operator_id, number)
);
CREATE INDEX tickets_due ON tickets (operator_id, next_due_us);
CREATE INDEX tickets_device ON tickets (device_id);

-- A ticket's history: what happened, when it happened (`at_us`, which may be back-dated) and when
-- and by whom it was recorded.
CREATE TABLE ticket_events (
    id             TEXT PRIMARY KEY,
    ticket_id      TEXT NOT NULL REFERENCES tickets (id),
    kind           TEXT NOT NULL,
    at_us          BIGINT NOT NULL,
    note           TEXT NOT NULL,
    actor          TEXT NOT NULL,
    recorded_at_us BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, recorded_at_us);

-- A ticket's service report: what the engineer reported (JSON, `tutela_core::service::report`)
-- and what the customer pays, the customer's confirmation (JSON), when the clerk closed it, and
-- the call-back clock that closing started with the customer's satisfaction once called.
CREATE TABLE service_reports (
    ticket_id         TEXT PRIMARY KEY REFERENCES tickets (id),
    operator_id       TEXT NOT NULL REFERENCES operators (id),
    report            TEXT NOT NULL,
    charge_minor      BIGINT NOT NULL,
    reported_by       TEXT NOT NULL,
    reported_at_us    BIGINT NOT NULL,
    confirmation      TEXT,
    closed_at_us      BIGINT,
    callback_clock_id TEXT REFERENCES clocks (id),
    satisfaction      BIGINT,
    callback_note     TEXT
);

-- Returns and exchanges of a device: what was asked, the items the clerk ticked, the verdict
-- (JSON: accepted, or refused with the missing items and whether the window had passed), and for
-- an accepted exchange the new device.
CREATE TABLE device_returns (
    id              TEXT PRIMARY KEY,
    operator_id     TEXT NOT NULL REFERENCES operators (id),
    device_id       TEXT NOT NULL REFERENCES devices (id),
    kind            TEXT NOT NULL,
    requested_on    TEXT NOT NULL,
    items           TEXT NOT NULL,
    reason          TEXT,
    verdict         TEXT NOT NULL,
    new_device_id   TEXT REFERENCES devices (id),
    created_by      TEXT NOT NULL,
    created_at_us   BIGINT NOT NULL
);
CREATE INDEX device_returns_device ON device_returns (device_id, created_at_us);
