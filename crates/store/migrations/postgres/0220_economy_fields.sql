-- The private-economy article's figures that had no field (民营经济, issue 17 §2): 数字化投入,
-- 进口额 and 高新技术产品出口额 per firm and year; the 战略性新兴产业 flag and the number of
-- production bases abroad (境外生产基地) per firm. All optional: older imports leave them NULL / 0.
ALTER TABLE enterprise_years ADD COLUMN digital_investment DOUBLE PRECISION;
ALTER TABLE enterprise_years ADD COLUMN imports DOUBLE PRECISION;
ALTER TABLE enterprise_years ADD COLUMN hightech_exports DOUBLE PRECISION;
ALTER TABLE enterprises ADD COLUMN strategic_emerging BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enterprises ADD COLUMN overseas_bases BIGINT;
