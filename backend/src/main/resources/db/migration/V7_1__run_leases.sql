-- Runs owned by leases (issue 9 §1): the PMOS instance working on a run holds a lease on it, renewed while it works.
-- Another instance takes a run over only once its lease has expired. Expand-only: a release without leases leaves
-- both columns empty and still runs on this schema.
ALTER TABLE chat_runs ADD COLUMN lease_owner text;
ALTER TABLE chat_runs ADD COLUMN lease_expires_at timestamptz;
-- The sweep looks for working runs whose lease ran out.
CREATE INDEX chat_runs_working_idx ON chat_runs (lease_expires_at) WHERE status = 'running';
