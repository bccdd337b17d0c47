-- A project's baseline run, which every later run of the project is judged against when it ends, and how much worse a
-- number may get before it counts as a regression. The verdict is kept with each judged run.
alter table projects add column baseline_run_id uuid references runs (id) on delete set null;
alter table projects add column baseline_tolerance jsonb;
alter table runs add column baseline_verdict jsonb;
