-- Which entities each quote's text mentions: one row per (entity, quote) for every
-- mention of the entity lying within the quote's span [start, end) in the same
-- article, the quote's speaker mention excepted. "What was said about X" is then
-- one range of the primary key, and "entity X quoted about" a count over it. The
-- store refills an article's rows in each transaction that writes its annotations
-- or moves a quote's span (store::annotations::refresh_quote_entities); deleting
-- a quote deletes its rows.
CREATE TABLE quote_entities (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    quote_id  INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, quote_id)
) WITHOUT ROWID;
CREATE INDEX quote_entities_by_quote ON quote_entities (quote_id);

INSERT OR IGNORE INTO quote_entities (entity_id, quote_id)
SELECT m.entity_id, q.id
FROM quotes q JOIN mentions m ON m.article_id = q.article_id
WHERE m.start >= q.start AND m."end" <= q."end"
  AND NOT (m.start IS q.speaker_start AND m."end" IS q.speaker_end);
