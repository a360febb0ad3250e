-- Entity mention counts are added by the store, once per entity and transaction,
-- instead of by a trigger per mention row: each count change moves the entity in
-- two indexes (by mentions, by kind and mentions), and a bulk import adds tens of
-- mentions per article to the same few thousand entities. Deletes keep their trigger.
DROP TRIGGER mentions_count_insert;
