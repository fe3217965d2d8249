-- Plans an operator offers: the terms (`tutela_core::subscription::Plan`, JSON) under a key.
-- A subscription copies the terms it was signed up on, so changing a plan never changes them.
CREATE TABLE subscription_plans (
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    plan_key      TEXT NOT NULL,
    name          TEXT NOT NULL,
    terms         TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (operator_id, plan_key)
);

-- One subject's subscription: its reference (`SUB-000001`, numbered per operator), the plan's
-- terms as signed up on, its state (`tutela_core::subscription::Subscription`, JSON) with the
-- status copied out for lists, how sign-up happened (channel, number of steps), the address
-- receipts go to (cleared when the account is closed), when the next change falls due by itself
-- (the scheduler's index) and when the subject is to be reminded that a pause ends.
-- `version` guards against two instances changing it at once.
CREATE TABLE subscriptions (
    id                 TEXT PRIMARY KEY,
    operator_id        TEXT NOT NULL REFERENCES operators (id),
    reference          TEXT NOT NULL,
    number             BIGINT NOT NULL,
    subject_ref        TEXT NOT NULL,
    email              TEXT,
    language           TEXT NOT NULL,
    plan_key           TEXT NOT NULL,
    plan_name          TEXT NOT NULL,
    terms              TEXT NOT NULL,
    state              TEXT NOT NULL,
    status             TEXT NOT NULL,
    signup_channel     TEXT NOT NULL,
    signup_steps       BIGINT NOT NULL,
    remind_at_us       BIGINT,
    next_change_at_us  BIGINT,
    created_at_us      BIGINT NOT NULL,
    updated_at_us      BIGINT NOT NULL,
    version            BIGINT NOT NULL,
    UNIQUE (operator_id, number)
);
CREATE INDEX subscriptions_subject ON subscriptions (operator_id, subject_ref);
CREATE INDEX subscriptions_due ON subscriptions (next_change_at_us);
CREATE INDEX subscriptions_remind ON subscriptions (remind_at_us);

-- Every change of a subscription (sign-up, renewal, pause, cancellation ...) with the receipt the
-- subject was sent for it, when one was: content, date and time on a durable medium (§312k BGB).
CREATE TABLE subscription_events (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
    operator_id     TEXT NOT NULL REFERENCES operators (id),
    event           TEXT NOT NULL,
    from_status     TEXT,
    to_status       TEXT NOT NULL,
    at_us           BIGINT NOT NULL,
    refund_minor    BIGINT,
    reason          TEXT,
    steps           BIGINT,
    actor           TEXT NOT NULL,
    receipt_subject TEXT,
    receipt_body    TEXT,
    created_at_us   BIGINT NOT NULL
);
CREATE INDEX subscription_events_subscription ON subscription_events (subscription_id, created_at_us);

-- Account closures: asked for, closing when the grace ends (`closes_at_us`), restored, or closed
-- with the erasure request that carried it out, and the subscriptions whose cancellation it
-- scheduled (reverted when the account is restored). One open closure per subject.
CREATE TABLE account_closures (
    id              TEXT PRIMARY KEY,
    operator_id     TEXT NOT NULL REFERENCES operators (id),
    subject_ref     TEXT NOT NULL,
    email           TEXT,
    language        TEXT NOT NULL,
    state           TEXT NOT NULL,
    reason          TEXT,
    requested_at_us BIGINT NOT NULL,
    closes_at_us    BIGINT NOT NULL,
    restored_at_us  BIGINT,
    closed_at_us    BIGINT,
    request_id      TEXT,
    cancelled_subscriptions TEXT NOT NULL,
    requested_by    TEXT NOT NULL
);
CREATE UNIQUE INDEX account_closures_open ON account_closures (operator_id, subject_ref) WHERE state IN ('pending', 'closing');
CREATE INDEX account_closures_due ON account_closures (state, closes_at_us);

-- The suppression list: subjects direct marketing must not reach, each entry with where it came
-- from (`SUB-000001` cancelled, a closure's id) so that restoring an account removes only its own.
CREATE TABLE suppressions (
    id            TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    subject_ref   TEXT NOT NULL,
    source        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    UNIQUE (operator_id, subject_ref, source)
);

-- Links that cancel a subscription without signing in (§312k BGB): the token's digest only, sent
-- to the subscription's address, valid for a day and used once.
CREATE TABLE cancel_links (
    token_sha256    TEXT PRIMARY KEY,
    operator_id     TEXT NOT NULL REFERENCES operators (id),
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
    expires_at_us   BIGINT NOT NULL,
    used_at_us      BIGINT,
    created_at_us   BIGINT NOT NULL
);
CREATE INDEX cancel_links_subscription ON cancel_links (subscription_id);

-- Each operator's account settings: the grace period before a closed account is erased.
CREATE TABLE account_settings (
    operator_id   TEXT PRIMARY KEY REFERENCES operators (id),
    grace_days    BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
