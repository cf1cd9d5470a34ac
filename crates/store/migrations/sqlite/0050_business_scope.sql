-- 经营范围 (business scope as registered), optional: imports without the column leave it NULL.
-- Auto-tagging reads it beside main_products.
ALTER TABLE enterprises ADD COLUMN business_scope TEXT;
