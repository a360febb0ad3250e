-- Newest-first full text as a walk that stops after a page. A second pair of
-- full-text indexes keys each row by `newest_key` instead of its id:
--   newest_key = day(sort_key) * 2^34 + id
-- where day(sort_key) is YYYYMMDD of the (validated ISO 8601) date, with a
-- missing month or day as 00, and 0 for undated rows (sort_key ''). day() never
-- decreases as sort_key grows, so descending rowid order is newest-first order
-- up to the order inside one day, which the page query sorts exactly (see
-- src/store/fts.rs). Ids must stay below 2^34.
ALTER TABLE articles ADD COLUMN newest_key INTEGER GENERATED ALWAYS AS (
    (CAST(substr(sort_key, 1, 4) AS INTEGER) * 10000
     + CAST(substr(sort_key, 6, 2) AS INTEGER) * 100
     + CAST(substr(sort_key, 9, 2) AS INTEGER)) * 17179869184 + id
) VIRTUAL;
ALTER TABLE quotes ADD COLUMN newest_key INTEGER GENERATED ALWAYS AS (
    (CAST(substr(sort_key, 1, 4) AS INTEGER) * 10000
     + CAST(substr(sort_key, 6, 2) AS INTEGER) * 100
     + CAST(substr(sort_key, 9, 2) AS INTEGER)) * 17179869184 + id
) VIRTUAL;

-- Contentless: only rowids and matches are read from them; the rows live in
-- articles and quotes, whose old values the triggers pass to 'delete'.
CREATE VIRTUAL TABLE articles_newest_fts USING fts5 (
    title, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_newest_fts USING fts5 (
    text, content = '', tokenize = 'unicode61 remove_diacritics 2'
);

-- Backfill in key order (one statement each: FTS5 writes its segments once).
INSERT INTO articles_newest_fts (rowid, title, body)
    SELECT newest_key, title, body FROM articles ORDER BY newest_key;
INSERT INTO quotes_newest_fts (rowid, text)
    SELECT newest_key, text FROM quotes ORDER BY newest_key;

-- New rows are indexed by the store, once per transaction (as in 0003); changes
-- and deletes by triggers. A new date moves the row to its new key; an update
-- that changes neither key nor text (quotes' sort_key is rewritten on every
-- article update) leaves the index alone.
CREATE TRIGGER articles_newest_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_newest_fts (articles_newest_fts, rowid, title, body)
        VALUES ('delete', old.newest_key, old.title, old.body);
END;
CREATE TRIGGER articles_newest_fts_update AFTER UPDATE OF title, body, published_at ON articles
    WHEN old.newest_key <> new.newest_key OR old.title IS NOT new.title OR old.body <> new.body BEGIN
    INSERT INTO articles_newest_fts (articles_newest_fts, rowid, title, body)
        VALUES ('delete', old.newest_key, old.title, old.body);
    INSERT INTO articles_newest_fts (rowid, title, body)
        VALUES (new.newest_key, new.title, new.body);
END;
CREATE TRIGGER quotes_newest_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_newest_fts (quotes_newest_fts, rowid, text)
        VALUES ('delete', old.newest_key, old.text);
END;
CREATE TRIGGER quotes_newest_fts_update AFTER UPDATE OF text, sort_key ON quotes
    WHEN old.newest_key <> new.newest_key OR old.text <> new.text BEGIN
    INSERT INTO quotes_newest_fts (quotes_newest_fts, rowid, text)
        VALUES ('delete', old.newest_key, old.text);
    INSERT INTO quotes_newest_fts (rowid, text)
        VALUES (new.newest_key, new.text);
END;
