-- A counter of committed write transactions: every transaction the store begins
-- for writing (Store::write_tx, in any process) adds one to it, and a rolled-back
-- one takes its increment with it. GET answers carry an ETag made from it, so a
-- client's If-None-Match is checked with one read of this row.
CREATE TABLE corpus_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO corpus_version (id, n) VALUES (1, 0);
