-- Which entities each article names, with the article's date: one row per
-- (article, entity) however many mentions. "Articles naming entity X between two
-- dates, newest first" is then one range of article_entities_by_entity read in
-- order, with no sort and no scan of the entity's other articles, and an article's
-- entity count is a count over its primary-key prefix. Kept in sync by triggers.

CREATE TABLE article_entities (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL,
    sort_key   TEXT NOT NULL,            -- the article's sort_key (published_at or '')
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_by_entity ON article_entities (entity_id, sort_key, article_id);

INSERT OR IGNORE INTO article_entities (article_id, entity_id, sort_key)
SELECT m.article_id, m.entity_id, a.sort_key
FROM mentions m JOIN articles a ON a.id = m.article_id;

CREATE TRIGGER article_entities_insert AFTER INSERT ON mentions BEGIN
    INSERT OR IGNORE INTO article_entities (article_id, entity_id, sort_key)
    VALUES (new.article_id, new.entity_id,
            coalesce((SELECT sort_key FROM articles WHERE id = new.article_id), ''));
END;
CREATE TRIGGER article_entities_delete AFTER DELETE ON mentions BEGIN
    DELETE FROM article_entities
    WHERE article_id = old.article_id AND entity_id = old.entity_id
      AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = old.entity_id AND article_id = old.article_id);
END;
CREATE TRIGGER article_entities_redate AFTER UPDATE OF published_at ON articles BEGIN
    UPDATE article_entities SET sort_key = coalesce(new.published_at, '') WHERE article_id = new.id;
END;

