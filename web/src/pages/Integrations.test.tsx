import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../App';
import type { Me } from '../api/types';
import { resetCapabilities } from '../lib/capabilities';
import { IntegrationsSection, ProjectIntegrations } from './Integrations';

const P = 'p-1';
const BASE = `/api/projects/${P}/integrations`;
const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/secretpathXYZ9';

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A fetch stand-in: answers by "METHOD path", records every call. */
function mockApi(routes: Record<string, (body: unknown) => [number, unknown]>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body });
    const route = routes[`${method} ${url}`];
    if (!route) {
      return problem(404, `no ${method} ${url}`);
    }
    const [status, answer] = route(body);
    if (status >= 400) return problem(status, String(answer), typeof answer === 'object' && answer !== null ? answer : undefined);
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function problem(status: number, detail: string, extra?: object) {
  return new Response(JSON.stringify({ title: 'Problem', status, detail, ...extra }), {
    status, headers: { 'Content-Type': 'application/problem+json' },
  });
}

const slackView = (over: object = {}) => ({
  integration: 'slack', webhookUrl: 'https://hooks.slack.com/…XYZ9', notifyOnStart: true, updatedBy: 'sub-1',
  updatedAt: '2026-11-20T10:00:00Z', ...over,
});

/** Everything the page shows, visible text and the values of its fields. */
function everythingShown(): string {
  const values = Array.from(document.querySelectorAll('input, select, textarea')).map((e) => (e as HTMLInputElement).value);
  return `${document.body.textContent} ${values.join(' ')}`;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ProjectIntegrations', () => {
  it('sets up Slack; the webhook URL is sent once and never shown back', async () => {
    const calls = mockApi({
      [`PUT ${BASE}/slack`]: () => [200, slackView({ notifyOnStart: false })],
    });
    render(<ProjectIntegrations projectId={P} canManage />);
    const slack = await screen.findByTestId('integration-slack');
    await within(slack).findByText('Not set');
    expect(within(screen.getByTestId('integration-datadog')).getByText('Not set')).toBeTruthy();
    expect(within(screen.getByTestId('integration-github')).getByText('Not set')).toBeTruthy();
    expect(within(slack).queryByRole('button', { name: /Send test/ })).toBeNull();

    const url = within(slack).getByLabelText('Slack webhook URL') as HTMLInputElement;
    expect(url.type).toBe('password');
    expect(url.required).toBe(true);
    fireEvent.change(url, { target: { value: ` ${WEBHOOK} ` } });
    fireEvent.click(within(slack).getByRole('button', { name: 'Set up Slack' }));

    await within(slack).findByText('Set');
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ webhookUrl: WEBHOOK, notifyOnStart: false });
    expect(within(slack).getByText('https://hooks.slack.com/…XYZ9')).toBeTruthy();
    expect(within(slack).getByText('Slack settings saved.')).toBeTruthy();
    expect((within(slack).getByLabelText('Slack webhook URL') as HTMLInputElement).value).toBe('');
    expect(everythingShown()).not.toContain('secretpath');
  });

  it('replaces settings without the secret: the field is empty and says the current one is kept', async () => {
    const calls = mockApi({
      [`GET ${BASE}/slack`]: () => [200, slackView()],
      [`PUT ${BASE}/slack`]: (b) => [200, slackView({ notifyOnStart: (b as { notifyOnStart: boolean }).notifyOnStart, updatedAt: '2026-11-21T10:00:00Z' })],
    });
    render(<ProjectIntegrations projectId={P} canManage who={(s) => (s === 'sub-1' ? 'Dana Demo' : s)} />);
    const slack = await screen.findByTestId('integration-slack');
    await within(slack).findByText('Set');
    expect(slack.textContent).toContain('by Dana Demo');
    const url = within(slack).getByLabelText('Slack webhook URL') as HTMLInputElement;
    expect(url.value).toBe('');
    expect(url.required).toBe(false);
    expect(within(slack).getByText(/Leave empty to keep the current one \(https:\/\/hooks\.slack\.com\/…XYZ9\)/)).toBeTruthy();
    const onStart = within(slack).getByLabelText('Also post when a run starts') as HTMLInputElement;
    expect(onStart.checked).toBe(true);
    fireEvent.click(onStart);
    fireEvent.click(within(slack).getByRole('button', { name: 'Save Slack settings' }));
    await within(slack).findByText('Slack settings saved.');
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ notifyOnStart: false });
  });

  it('keeps default URLs out of the form so that they stay defaults', async () => {
    const calls = mockApi({
      [`GET ${BASE}/datadog`]: () => [200, {
        integration: 'datadog', apiKey: '…a1b2', site: 'datadoghq.eu', apiUrl: 'https://api.datadoghq.eu', updatedBy: 's', updatedAt: '2026-11-20T10:00:00Z',
      }],
      [`PUT ${BASE}/datadog`]: () => [200, {
        integration: 'datadog', apiKey: '…a1b2', site: 'datadoghq.com', apiUrl: 'https://api.datadoghq.com', updatedBy: 's', updatedAt: '2026-11-21T10:00:00Z',
      }],
      [`GET ${BASE}/github`]: () => [200, {
        integration: 'github', token: '…tok1', repository: 'acme/shop', apiUrl: 'https://api.github.com', updatedBy: 's', updatedAt: '2026-11-20T10:00:00Z',
      }],
    });
    render(<ProjectIntegrations projectId={P} canManage />);
    const dd = await screen.findByTestId('integration-datadog');
    await within(dd).findByText('Set');
    expect((within(dd).getByLabelText('Datadog site') as HTMLSelectElement).value).toBe('datadoghq.eu');
    expect((within(dd).getByLabelText('Datadog API URL (optional)') as HTMLInputElement).value).toBe('');
    expect((within(dd).getByLabelText('Datadog API key') as HTMLInputElement).value).toBe('');
    const gh = screen.getByTestId('integration-github');
    await within(gh).findByText('Set');
    expect((within(gh).getByLabelText('GitHub repository') as HTMLInputElement).value).toBe('acme/shop');
    expect((within(gh).getByLabelText('GitHub API URL (optional)') as HTMLInputElement).value).toBe('');

    fireEvent.change(within(dd).getByLabelText('Datadog site'), { target: { value: 'datadoghq.com' } });
    fireEvent.click(within(dd).getByRole('button', { name: 'Save Datadog settings' }));
    await within(dd).findByText('Datadog settings saved.');
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ site: 'datadoghq.com' });
  });

  it('sends a test and shows what the service answered', async () => {
    let answer = { ok: true, status: 200, detail: 'POST hooks.slack.com answered 200: ok' };
    mockApi({
      [`GET ${BASE}/slack`]: () => [200, slackView()],
      [`POST ${BASE}/slack/test`]: () => [200, answer],
    });
    render(<ProjectIntegrations projectId={P} kinds={['slack']} canManage />);
    const slack = await screen.findByTestId('integration-slack');
    const test = await within(slack).findByRole('button', { name: 'Send test to Slack' });
    fireEvent.click(test);
    await within(slack).findByText('The test reached Slack');
    expect(within(slack).getByText('POST hooks.slack.com answered 200: ok')).toBeTruthy();

    answer = { ok: false, status: 404, detail: 'POST hooks.slack.com answered 404: no_service' };
    fireEvent.click(test);
    await within(slack).findByText('The test did not go through');
    expect(slack.textContent).toContain('(HTTP 404)');
    expect(slack.textContent).toContain('no_service');
  });

  it('removes only after confirmation', async () => {
    const calls = mockApi({
      [`GET ${BASE}/slack`]: () => [200, slackView()],
      [`DELETE ${BASE}/slack`]: () => [204, null],
    });
    render(<ProjectIntegrations projectId={P} kinds={['slack']} canManage />);
    const slack = await screen.findByTestId('integration-slack');
    fireEvent.click(await within(slack).findByRole('button', { name: 'Remove the Slack integration' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(within(slack).getByRole('button', { name: 'Yes, remove the Slack integration' }));
    await within(slack).findByText('Not set');
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([`${BASE}/slack`]);
    expect(within(slack).getByRole('button', { name: 'Set up Slack' })).toBeTruthy();
  });

  it('shows the problem detail of a refused change, on the field it names', async () => {
    mockApi({
      [`PUT ${BASE}/slack`]: () => [400, { detail: 'webhookUrl must be a Slack incoming webhook on hooks.slack.com', field: 'webhookUrl' }],
      [`PUT ${BASE}/github`]: () => [503, 'integrations need a key to seal their secrets: set barrage.secrets.key'],
    });
    render(<ProjectIntegrations projectId={P} canManage />);
    const slack = await screen.findByTestId('integration-slack');
    const url = await within(slack).findByLabelText('Slack webhook URL');
    fireEvent.change(url, { target: { value: 'https://example.com/hook' } });
    fireEvent.click(within(slack).getByRole('button', { name: 'Set up Slack' }));
    const alert = await within(slack).findByRole('alert');
    expect(alert.textContent).toContain('The Slack settings were not saved');
    expect(alert.textContent).toContain('(HTTP 400)');
    expect(alert.textContent).toContain('webhookUrl must be a Slack incoming webhook on hooks.slack.com');
    expect(url.getAttribute('aria-invalid')).toBe('true');

    const gh = screen.getByTestId('integration-github');
    fireEvent.change(within(gh).getByLabelText('GitHub token'), { target: { value: 'ghp_x' } });
    fireEvent.change(within(gh).getByLabelText('GitHub repository'), { target: { value: 'acme/shop' } });
    fireEvent.click(within(gh).getByRole('button', { name: 'Set up GitHub' }));
    expect((await within(gh).findByRole('alert')).textContent).toContain('integrations need a key to seal their secrets');
  });

  it('shows a failed load with its detail and a way to try again', async () => {
    mockApi({ [`GET ${BASE}/slack`]: () => [500, 'the database is not reachable'] });
    render(<ProjectIntegrations projectId={P} kinds={['slack']} canManage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The Slack integration could not be loaded');
    expect(alert.textContent).toContain('the database is not reachable');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });
});

describe('IntegrationsSection', () => {
  const me = (role: string): Me => ({
    subject: 'sub-1', email: 'demo@example.com', currentAccount: 'a-1', role, accounts: [{ id: 'a-1', name: 'Demo', plan: 'team', role }],
  });
  const openapi = {
    paths: Object.fromEntries(['slack', 'datadog', 'github'].map((k) => [`/api/projects/{projectId}/integrations/${k}`, {}])),
  };
  beforeEach(() => resetCapabilities());

  it('tells viewers that integrations are kept by admins, and asks the API nothing about them', async () => {
    const calls = mockApi({ 'GET /openapi?format=json': () => [200, openapi] });
    render(
      <SessionContext.Provider value={{ me: me('viewer'), reloadMe: () => {} }}>
        <IntegrationsSection />
      </SessionContext.Provider>,
    );
    await screen.findByText(/Only owners and admins see and change a project's integrations/);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(calls.map((c) => c.url)).toEqual(['/openapi?format=json']);
  });

  it('lets admins pick a project and shows its integrations', async () => {
    window.history.replaceState(null, '', '/settings/integrations');
    mockApi({
      'GET /openapi?format=json': () => [200, openapi],
      'GET /api/projects': () => [200, [{ id: P, name: 'shop', createdAt: '2026-11-01T00:00:00Z' }]],
      'GET /api/members': () => [200, { members: [], invitations: [] }],
      [`GET ${BASE}/slack`]: () => [200, slackView()],
    });
    render(
      <SessionContext.Provider value={{ me: me('admin'), reloadMe: () => {} }}>
        <IntegrationsSection />
      </SessionContext.Provider>,
    );
    expect(((await screen.findByLabelText('Project')) as HTMLSelectElement).value).toBe(P);
    const slack = await screen.findByTestId('integration-slack');
    await within(slack).findByText('Set');
    await waitFor(() => expect(slack.textContent).toContain('by you'));
  });

  it('says so when the control plane offers no integrations', async () => {
    mockApi({ 'GET /openapi?format=json': () => [200, { paths: { '/api/projects': {} } }] });
    render(
      <SessionContext.Provider value={{ me: me('owner'), reloadMe: () => {} }}>
        <IntegrationsSection />
      </SessionContext.Provider>,
    );
    expect((await screen.findByTestId('not-available')).textContent).toContain('Integrations: not available yet');
  });
});
