import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetCapabilities } from '../lib/capabilities';
import { asRole, mockApi } from '../testing/mockApi';
import { MembersSection } from './Members';

const member = (subject: string, displayName: string, role: string) => ({
  subject, email: `${subject}@example.com`, displayName, role, since: '2026-11-01T00:00:00Z',
});

beforeEach(resetCapabilities);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Members', () => {
  it('does not offer the only owner to leave, and says why', async () => {
    // sub-1 is the person signed in (asRole)
    mockApi({
      'GET /api/members': () => [200, { members: [member('sub-1', 'Dana', 'owner'), member('sub-2', 'Ezra', 'member')], invitations: [] }],
    });
    render(asRole('owner', <MembersSection />));
    const dana = await screen.findByRole('row', { name: /Dana/ });
    expect(within(dana).queryByRole('button', { name: 'Leave account' })).toBeNull();
    expect(dana.textContent).toContain('You are the only owner: make someone else owner before you leave.');
    expect((within(dana).getByLabelText('Role of Dana') as HTMLSelectElement).disabled).toBe(true);
    // the others can still be removed and given another role
    const ezra = screen.getByRole('row', { name: /Ezra/ });
    expect(within(ezra).getByRole('button', { name: /Remove/ })).toBeTruthy();
    expect((within(ezra).getByLabelText('Role of Ezra') as HTMLSelectElement).disabled).toBe(false);
  });

  it('offers an owner who is not the only one to leave', async () => {
    const calls = mockApi({
      'GET /api/members': () => [200, { members: [member('sub-1', 'Dana', 'owner'), member('sub-2', 'Ezra', 'owner')], invitations: [] }],
      'DELETE /api/members/sub-1': () => [204, null],
    });
    render(asRole('owner', <MembersSection />));
    const dana = await screen.findByRole('row', { name: /Dana/ });
    expect(dana.textContent).not.toContain('only owner');
    fireEvent.click(within(dana).getByRole('button', { name: 'Leave account' }));
    fireEvent.click(within(dana).getByRole('button', { name: 'Yes, leave this account' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/members/sub-1')).toBe(true));
  });
});
