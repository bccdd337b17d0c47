-- records keyed with a run that its runners did not send (a wrong MAC, another run's id, a replay): refused, counted
ALTER TABLE runs ADD COLUMN rejected_records bigint NOT NULL DEFAULT 0;
