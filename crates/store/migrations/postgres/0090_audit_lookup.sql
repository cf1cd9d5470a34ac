-- Sign-in limits count an account's failed sign-ins since its last success from the trail: an
-- index so that lookup does not read the whole trail (rows in id order: seconds are too coarse).
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, action, id);
