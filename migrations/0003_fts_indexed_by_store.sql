-- New articles and quotes are added to the full-text indexes by the store, once
-- per transaction, instead of by a trigger per row: FTS5 writes its pending terms
-- to disk at every statement of a transaction, so per-row indexing during a bulk
-- import wrote one small segment per article and spent its time merging them.
-- Updates and deletes keep their triggers (rare, one row at a time).
DROP TRIGGER articles_fts_insert;
DROP TRIGGER quotes_fts_insert;
