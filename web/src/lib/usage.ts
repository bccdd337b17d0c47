// The account's VU-hour balance and plan (GET /api/usage, owners and admins). Where the control plane has no usage
// endpoint (an older one), the console says so instead of guessing.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useCapabilities } from './capabilities';

/** Paths a usage endpoint may have; the first one the OpenAPI document lists is used. */
export const USAGE_PATHS = ['/api/usage'];

export interface PlanLimits {
  id?: string;
  name?: string;
  vuHoursPerMonth?: number;
  maxUsersPerRun?: number;
  maxConcurrentRuns?: number;
  maxRunSeconds?: number;
  maxRunners?: number;
}

export interface RunUsage {
  runId: string;
  status: string;
  vuHours: number;
  reservedVuHours: number;
}

export interface Usage {
  /** The raw answer, for the usage page. */
  raw: Record<string, unknown>;
  plan?: string;
  limits?: PlanLimits;
  month?: string;
  includedVuHours?: number;
  usedVuHours?: number;
  /** held for runs in progress (their users × duration, not used yet) */
  reservedVuHours?: number;
  remainingVuHours?: number;
  runs: RunUsage[];
}

function num(o: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

function str(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Reads the numbers a usage answer has, whatever their exact names. */
export function readUsage(raw: Record<string, unknown>): Usage {
  const planObj = typeof raw.plan === 'object' && raw.plan !== null ? (raw.plan as Record<string, unknown>) : undefined;
  const included = num(raw, 'allowanceVuHours', 'includedVuHours') ?? (planObj && num(planObj, 'vuHoursPerMonth'));
  const used = num(raw, 'usedVuHours');
  const reserved = num(raw, 'reservedVuHours');
  let remaining = num(raw, 'remainingVuHours');
  if (remaining === undefined && included !== undefined && used !== undefined) {
    remaining = Math.max(0, included - used - (reserved ?? 0));
  }
  const limits: PlanLimits | undefined = planObj
    ? {
        id: str(planObj, 'id'),
        name: str(planObj, 'name'),
        vuHoursPerMonth: num(planObj, 'vuHoursPerMonth'),
        maxUsersPerRun: num(planObj, 'maxUsersPerRun'),
        maxConcurrentRuns: num(planObj, 'maxConcurrentRuns'),
        maxRunSeconds: num(planObj, 'maxRunSeconds'),
        maxRunners: num(planObj, 'maxRunners'),
      }
    : undefined;
  const runs = Array.isArray(raw.runs) ? (raw.runs as RunUsage[]) : [];
  return {
    raw,
    plan: limits?.name ?? str(raw, 'plan'),
    limits,
    month: str(raw, 'month'),
    includedVuHours: included,
    usedVuHours: used,
    reservedVuHours: reserved,
    remainingVuHours: remaining,
    runs,
  };
}

export type UsageState =
  | { state: 'loading' }
  | { state: 'unavailable' }
  | { state: 'error'; error: unknown }
  | { state: 'ok'; usage: Usage; path: string };

export function useUsage(): UsageState {
  const caps = useCapabilities();
  const [state, setState] = useState<UsageState>({ state: 'loading' });
  const path = caps.first(...USAGE_PATHS);
  useEffect(() => {
    if (!caps.loaded) return;
    if (!path) {
      setState({ state: 'unavailable' });
      return;
    }
    api<Record<string, unknown>>(path)
      .then((raw) => setState({ state: 'ok', usage: readUsage(raw), path }))
      .catch((error) => setState({ state: 'error', error }));
  }, [caps.loaded, path]);
  return state;
}
