-- Per-workspace adjustments of the risk policy: tool name -> level (read | change | high).
ALTER TABLE workspace_settings ADD COLUMN risk_overrides jsonb NOT NULL DEFAULT '{}'::jsonb;
