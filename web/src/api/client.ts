// Calls to the control plane with the person's bearer token; every failure becomes an ApiError with the problem+json.
import { accessToken, selectedAccount } from '../auth/auth';
import type { Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** What to show for any error: the problem's detail when the API sent one. */
export function errorDetail(e: unknown): string {
  if (e instanceof ApiError) return e.problem.detail || e.problem.title || `the request failed (HTTP ${e.status})`;
  if (e instanceof DOMException && e.name === 'AbortError') return 'the request was cancelled';
  if (e instanceof TypeError) return `the control plane could not be reached (${e.message})`;
  if (e instanceof Error) return e.message;
  return String(e);
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
}

export async function authHeaders(): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const token = await accessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const account = selectedAccount();
  if (account) headers['X-Barrage-Account'] = account;
  return headers;
}

/** Reads a failed response into a Problem, whatever its content type. */
export async function readProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('Content-Type') ?? '';
  const text = await res.text().catch(() => '');
  if (type.includes('json') && text) {
    try {
      const p = JSON.parse(text) as Problem;
      return { status: res.status, ...p };
    } catch {
      // fall through: not JSON after all
    }
  }
  const detail = text && text.length < 300 && !text.trimStart().startsWith('<') ? text.trim() : '';
  return { status: res.status, title: res.statusText, detail: detail || `the request failed (HTTP ${res.status} ${res.statusText})` };
}

export async function fetchApi(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', ...(await authHeaders()) };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, signal: options.signal });
  if (!res.ok) throw new ApiError(res.status, await readProblem(res));
  return res;
}

export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const res = await fetchApi(path, options);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as unknown as T;
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads an authenticated response as a file (links cannot carry the bearer token). */
export async function download(path: string, fileName: string): Promise<void> {
  const res = await fetchApi(path, { accept: '*/*' });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
