import type { Report } from '../api/types';
import { formatCount, formatDuration } from '../lib/format';

/** An open-model run that could not keep up with its arrival rate, with the numbers; nothing otherwise. */
export function Shortfall({ report }: { report: Report }) {
  const it = report.iterations;
  if (!it || !(it.dropped > 0)) return null;
  const due = it.due ?? it.started + it.dropped;
  const share = due > 0 ? (100 * it.started) / due : 100;
  return (
    <section className="panel thresholds failed" aria-labelledby="shortfall-h" data-testid="shortfall">
      <h2 id="shortfall-h">Could not keep up with the arrival rate</h2>
      <p>
        {it.targetRate != null && it.achievedRate != null
          ? <>Target {it.targetRate.toFixed(2)} iterations/s, achieved {it.achievedRate.toFixed(2)}/s ({share.toFixed(1)} %): </>
          : <>{share.toFixed(1)} % of the iterations due were started: </>}
        <strong>{formatCount(it.dropped)} dropped</strong> of {formatCount(due)}
        {it.droppedFromSecond != null
          ? <> from {formatDuration(Math.round(it.droppedFromSecond))} to {formatDuration(Math.round(it.droppedUntilSecond ?? it.droppedFromSecond))} into the run</>
          : null}
        . Every allowed user was busy when they were due: raise maxUsers, or the target is too slow.
      </p>
    </section>
  );
}
