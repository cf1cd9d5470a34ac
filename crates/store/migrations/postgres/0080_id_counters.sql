-- Ids are handed out by counters in store_meta, taken with `UPDATE … RETURNING` inside the
-- writing transaction (see `write::take_ids`), never read as MAX(id) + 1: that races between two
-- connections and is not how PostgreSQL allocates keys. An importer takes a whole block at once.
INSERT INTO store_meta (key, value) SELECT 'supply_link_next_id', COALESCE(MAX(id), 0) + 1 FROM supply_links;
INSERT INTO store_meta (key, value) SELECT 'tag_run_next_id', COALESCE(MAX(id), 0) + 1 FROM tag_runs;
