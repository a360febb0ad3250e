-- Which entities each article names (article_entities) is filled by the store,
-- one row per (article, entity) with the article's date, when a transaction's
-- mentions go in, instead of by a trigger per mention row that looked the
-- article's date up again. Deletes and date changes keep their triggers.
DROP TRIGGER article_entities_insert;
