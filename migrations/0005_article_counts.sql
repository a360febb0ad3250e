-- Each article's quote and entity counts, stored. Every article list returned them,
-- and two counting subqueries per row were a quarter of a page's cost. The store
-- refreshes them in each transaction that changes an article's quotes or mentions
-- (store::annotations::refresh_counts), once per article rather than per row.
ALTER TABLE articles ADD COLUMN quote_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN entity_count INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET
    quote_count = (SELECT count(*) FROM quotes q WHERE q.article_id = articles.id),
    entity_count = (SELECT count(*) FROM article_entities ae WHERE ae.article_id = articles.id);
