-- Applied data maps. Each apply stores the map's source files as they were (so any version can be
-- rendered again and compared) under the next version number of the operator; the journal entry of
-- the apply records the version, the content hash and the difference to the previous version.

CREATE TABLE datamap_versions (
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    version       INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    sources       TEXT NOT NULL,   -- JSON array of {"name": ..., "text": ...}
    changes       TEXT NOT NULL,   -- JSON: the difference to the previous version
    applied_by    TEXT NOT NULL,   -- the actor, as the journal writes it
    applied_at_us INTEGER NOT NULL,
    PRIMARY KEY (operator_id, version)
);
