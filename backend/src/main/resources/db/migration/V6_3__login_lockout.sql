-- Sign-in lock-out that holds under concurrency (issue 8 §4). Every password check first reserves a row here
-- (under a per-address lock), so a burst never gets more checks than the limit. A reservation whose password
-- was right is marked as succeeded: it stops counting once no failure is on record for that email, and never
-- counts toward the per-address limit. Expand-only: the previous release ignores the new column.
ALTER TABLE login_attempts ADD COLUMN succeeded boolean NOT NULL DEFAULT false;

-- The per-address count (password spraying over many emails) reads by address and time.
CREATE INDEX login_attempts_address_idx ON login_attempts (ip, at);
