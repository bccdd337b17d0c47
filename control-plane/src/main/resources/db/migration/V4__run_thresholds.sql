-- Thresholds of a run (one expression per line, e.g. p95<500ms) and their verdicts, judged once when the run ends.
alter table runs add column thresholds text;
alter table runs add column threshold_results jsonb;
