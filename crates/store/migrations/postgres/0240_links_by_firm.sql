-- A firm's links looked up by the firm: its trading partners (the enterprise page) and the local
-- suppliers of the firms with bases abroad (the economy view) probe these instead of reading
-- every link. Chain reads keep scanning (they filter with `+t.buyer_uscc`, which no index serves).
CREATE INDEX supply_links_buyer ON supply_links (buyer_uscc, year);
CREATE INDEX supply_links_supplier ON supply_links (supplier_uscc, year);
