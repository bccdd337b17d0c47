// For component tests: a fetch stand-in answering the control plane's calls by "METHOD path?query", and a session.
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { SessionContext } from '../App';
import type { Me } from '../api/types';

export interface Call {
  method: string;
  url: string;
  body: unknown;
}

export type Route = (body: unknown) => [number, unknown];

/**
 * Answers each call with its route's [status, body] (204: no body; 400 and above: problem+json, the body's fields
 * added to it), 404 for anything else; returns every call made, in order.
 */
export function mockApi(routes: Record<string, Route>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body });
    const route = routes[`${method} ${url}`];
    const [status, answer] = route ? route(body) : [404, { title: 'Not Found', detail: `no ${method} ${url}` }];
    if (status === 204) return new Response(null, { status });
    if (status >= 400) {
      const problem = typeof answer === 'object' && answer !== null ? answer : { detail: String(answer) };
      return new Response(JSON.stringify({ title: 'Problem', status, ...problem }), {
        status, headers: { 'Content-Type': 'application/problem+json' },
      });
    }
    return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
  }));
  return calls;
}

export function me(role: string): Me {
  return {
    subject: 'sub-1', email: 'demo@example.com', currentAccount: 'a-1', role, accounts: [{ id: 'a-1', name: 'Demo', plan: 'team', role }],
  };
}

/** The page as a person of this role in the account sees it. */
export function asRole(role: string, children: ReactNode) {
  return <SessionContext.Provider value={{ me: me(role), reloadMe: () => {} }}>{children}</SessionContext.Provider>;
}
