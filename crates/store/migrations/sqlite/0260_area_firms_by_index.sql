-- The firms of an area by their region, with their USCC in the index: the chain reads filter
-- memberships and supply links by "the buyer is a firm of the area", a set built from this
-- index for every chunk of the scan. Without the USCC each of the area's firms was a lookup
-- in the table (at 1,000,000 firms, Liuzhou's 90,000: a chunk of links 0.41-0.58 s, now
-- 0.33-0.36 s).
DROP INDEX enterprises_region;
CREATE INDEX enterprises_region ON enterprises (region, uscc);
