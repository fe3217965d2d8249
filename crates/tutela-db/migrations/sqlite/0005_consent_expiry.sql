-- Consents still given whose term has an end, by that end: the scheduler's expiry sweep reads the
-- earliest of them to know when to wake, and the ones that ran out to record them as expired.
CREATE INDEX consent_current_expiring ON consent_current (expires_at_us)
    WHERE consent_state = 'given' AND expires_at_us IS NOT NULL;
