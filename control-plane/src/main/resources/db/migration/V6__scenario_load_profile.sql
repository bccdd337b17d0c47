-- What drives a scenario version's users (the run's users, a shape's stages, a tick() shape, an arrival rate), as the
-- upload check (barrage check) found it; runs are priced by it. Null for versions uploaded before it was recorded.
alter table scenario_versions add column load_profile text;
