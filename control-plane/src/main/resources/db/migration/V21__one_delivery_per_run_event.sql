-- One delivery per run, integration, event and action (progress series excepted, they come every few seconds): two
-- control-plane instances that both saw a run end (a partition moved while it ended) must not message Slack twice.
delete from integration_deliveries a using integration_deliveries b
 where a.event <> 'run.progress' and a.run_id = b.run_id and a.kind = b.kind and a.event = b.event
   and a.action = b.action and a.seq > b.seq;
create unique index integration_deliveries_once on integration_deliveries (run_id, kind, event, action)
 where event <> 'run.progress';
