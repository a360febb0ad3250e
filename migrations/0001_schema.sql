-- Articles, the entities they name, every mention, and every quotation.
-- Offsets are [start, end) in Unicode code points of articles.body.

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    url               TEXT UNIQUE,
    title             TEXT,
    byline            TEXT,
    source            TEXT,
    dateline          TEXT,
    published_at      TEXT,               -- ISO 8601 date or date-time
    language          TEXT,
    body              TEXT NOT NULL,
    content_hash      TEXT NOT NULL UNIQUE,
    annotator_version TEXT,               -- engine that made the automatic annotations
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    -- '' sorts undated articles last in newest-first order and keeps keyset paging NULL-free.
    sort_key          TEXT GENERATED ALWAYS AS (coalesce(published_at, '')) VIRTUAL
);
CREATE INDEX articles_by_date ON articles (sort_key, id);
CREATE INDEX articles_by_source ON articles (source, sort_key, id);
CREATE INDEX articles_by_byline ON articles (byline, sort_key, id);

CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,          -- fullest form seen
    norm          TEXT NOT NULL,          -- normalized name: the cross-article identity
    mention_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, norm)
);
CREATE INDEX entities_by_mentions ON entities (mention_count, id);
CREATE INDEX entities_by_kind_mentions ON entities (kind, mention_count, id);
CREATE INDEX entities_by_name ON entities (name COLLATE NOCASE, id);

-- Every surface form an entity was named by, normalized, so that "Torrealba" finds "Francisco Torrealba".
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    norm      TEXT NOT NULL,
    PRIMARY KEY (entity_id, norm)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_by_norm ON entity_aliases (norm, entity_id);

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities (id),
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('auto', 'manual'))
);
CREATE INDEX mentions_by_article ON mentions (article_id, start);
CREATE INDEX mentions_by_entity ON mentions (entity_id, article_id);

CREATE TRIGGER mentions_count_insert AFTER INSERT ON mentions BEGIN
    UPDATE entities SET mention_count = mention_count + 1 WHERE id = new.entity_id;
END;
CREATE TRIGGER mentions_count_delete AFTER DELETE ON mentions BEGIN
    UPDATE entities SET mention_count = mention_count - 1 WHERE id = old.entity_id;
END;

CREATE TABLE quotes (
    id                INTEGER PRIMARY KEY,
    article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
    start             INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    text              TEXT NOT NULL,
    fragments         TEXT,               -- JSON [[start, end], ...] when discontinuous
    speaker           TEXT,
    speaker_entity_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    speaker_text      TEXT,
    cue_start         INTEGER,
    cue_end           INTEGER,
    cue_text          TEXT,
    cue_norm          TEXT,               -- lower-cased cue for the cue filter
    role              TEXT,
    origin            TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
    sort_key          TEXT NOT NULL DEFAULT '' -- the article's published_at, copied for date filters and order
);
CREATE INDEX quotes_by_date ON quotes (sort_key, id);
CREATE INDEX quotes_by_article ON quotes (article_id, start);
CREATE INDEX quotes_by_speaker ON quotes (speaker_entity_id, sort_key, id);
CREATE INDEX quotes_by_kind ON quotes (kind, sort_key, id);
CREATE INDEX quotes_by_cue ON quotes (cue_norm, sort_key, id);

-- Full text, kept in sync with the tables by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, content = 'articles', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text, content = 'quotes', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;
