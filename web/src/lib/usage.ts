// The account's VU-hour balance, once the control plane has a usage endpoint. Until then: unknown, and said so.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useCapabilities } from './capabilities';

/** Paths a usage endpoint may have; the first one the OpenAPI document lists is used. */
export const USAGE_PATHS = ['/api/usage', '/api/account/usage', '/api/accounts/current/usage', '/api/quotas'];

export interface Usage {
  /** The raw answer, for the usage page. */
  raw: Record<string, unknown>;
  plan?: string;
  includedVuHours?: number;
  usedVuHours?: number;
  remainingVuHours?: number;
  periodStart?: string;
  periodEnd?: string;
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
  const included = num(raw, 'includedVuHours', 'vuHoursIncluded', 'limitVuHours', 'vuHoursLimit', 'monthlyVuHours');
  const used = num(raw, 'usedVuHours', 'vuHoursUsed');
  let remaining = num(raw, 'remainingVuHours', 'vuHoursRemaining', 'balanceVuHours');
  if (remaining === undefined && included !== undefined && used !== undefined) remaining = Math.max(0, included - used);
  return {
    raw,
    plan: str(raw, 'plan', 'planName'),
    includedVuHours: included,
    usedVuHours: used,
    remainingVuHours: remaining,
    periodStart: str(raw, 'periodStart', 'from'),
    periodEnd: str(raw, 'periodEnd', 'to'),
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
