import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../App';
import { api } from '../api/client';
import { ConfirmButton, EmptyState, Loading, NotAvailable, ProblemAlert } from '../components/common';
import { TableScroll } from '../components/StatsTable';
import { useCapabilities } from '../lib/capabilities';
import { formatDateTime } from '../lib/format';
import { useApi } from '../lib/useApi';

export const MEMBERS_PATH = '/api/members';

interface MemberView {
  subject: string;
  email: string | null;
  displayName: string | null;
  role: string;
  since: string;
}

interface InvitationView {
  id: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: string;
}

interface People {
  members: MemberView[];
  invitations: InvitationView[];
}

const ROLES = ['owner', 'admin', 'member', 'viewer'];

/** Members and roles of the current account: invite, change a role, remove (admins and owners). */
export function MembersSection() {
  const caps = useCapabilities();
  const { me, reloadMe } = useSession();
  const available = !caps.paths || caps.has(MEMBERS_PATH);
  const people = useApi<People>(caps.loaded && available ? MEMBERS_PATH : null);
  const canManage = me.role === 'owner' || me.role === 'admin';
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  if (!caps.loaded) return <Loading what="what the control plane offers" />;
  if (!available) return <NotAvailable feature="Members and invitations" />;

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      people.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const invite = (e: FormEvent) => {
    e.preventDefault();
    act(async () => {
      await api(`${MEMBERS_PATH}/invitations`, { body: { email: email.trim(), role } });
      setEmail('');
    });
  };
  const changeRole = (m: MemberView, r: string) =>
    act(async () => {
      await api(`${MEMBERS_PATH}/${encodeURIComponent(m.subject)}/role`, { method: 'PUT', body: { role: r } });
      if (m.subject === me.subject) reloadMe();
    });
  const remove = (m: MemberView) => act(() => api(`${MEMBERS_PATH}/${encodeURIComponent(m.subject)}`, { method: 'DELETE' }));
  const withdraw = (i: InvitationView) => act(() => api(`${MEMBERS_PATH}/invitations/${i.id}`, { method: 'DELETE' }));

  return (
    <div>
      <p>
        Owners manage the plan and everything else; admins manage people, projects, tokens and integrations; members
        upload scenarios and start runs; viewers read.
      </p>
      {canManage ? (
        <form className="inline-form" onSubmit={invite} aria-label="Invite someone">
          <div className="field">
            <label htmlFor={`${ids}-email`}>E-mail address</label>
            <input id={`${ids}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required placeholder="alex@example.com" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-role`}>Role</label>
            <select id={`${ids}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.filter((r) => r !== 'owner').map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()}>
            Invite
          </button>
        </form>
      ) : null}
      {canManage ? <p className="hint">They join with this role the next time they sign in with a verified e-mail address matching it.</p> : null}
      <ProblemAlert error={error} title="The change was not made" />
      <ProblemAlert error={people.error} title="Members could not be loaded" onRetry={people.reload} />
      {people.loading && !people.data ? <Loading what="members" /> : null}
      {people.data ? (
        <>
          <h3>Members</h3>
          <TableScroll label="Members">
            <table className="data">
              <caption className="visually-hidden">Members of this account</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.data.members.map((m, _, all) => {
                  const who = m.displayName || m.email || m.subject;
                  const self = m.subject === me.subject;
                  // an account needs an owner: its only one can neither leave, be removed, nor step down (the API refuses)
                  const soleOwner = m.role === 'owner' && all.filter((o) => o.role === 'owner').length === 1;
                  return (
                    <tr key={m.subject}>
                      <th scope="row">
                        {who}
                        {self ? <span className="sub"> (you)</span> : null}
                        {m.email && m.email !== who ? <span className="sub"> {m.email}</span> : null}
                      </th>
                      <td>
                        {canManage ? (
                          <select aria-label={`Role of ${who}`} value={m.role} disabled={busy || soleOwner}
                            title={soleOwner ? 'The only owner: make someone else owner first' : undefined}
                            onChange={(e) => changeRole(m, e.target.value)}>
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        ) : (
                          m.role
                        )}
                      </td>
                      <td>{formatDateTime(m.since)}</td>
                      <td>
                        {soleOwner && self ? (
                          <span className="hint">You are the only owner: make someone else owner before you leave.</span>
                        ) : soleOwner ? null : canManage || self ? (
                          <ConfirmButton
                            disabled={busy}
                            label={self ? 'Leave account' : <>Remove <span className="visually-hidden">{who}</span></>}
                            confirmLabel={self ? 'Yes, leave this account' : `Yes, remove ${who}`}
                            onConfirm={() => remove(m)}
                          />
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          <h3>Invitations</h3>
          {people.data.invitations.length === 0 ? (
            <EmptyState title="No open invitations">
              {canManage ? <p>Invite a colleague by e-mail above.</p> : <p>An owner or admin can invite people.</p>}
            </EmptyState>
          ) : (
            <TableScroll label="Invitations">
              <table className="data">
                <caption className="visually-hidden">Invitations not accepted yet</caption>
                <thead>
                  <tr>
                    <th scope="col">E-mail</th>
                    <th scope="col">Role</th>
                    <th scope="col">Invited</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {people.data.invitations.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">{i.email}</th>
                      <td>{i.role}</td>
                      <td>{formatDateTime(i.createdAt)}</td>
                      <td>
                        {canManage ? (
                          <button type="button" className="btn btn-small" disabled={busy} onClick={() => withdraw(i)}>
                            Withdraw <span className="visually-hidden">invitation of {i.email}</span>
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      ) : null}
      <h3>Your accounts</h3>
      <ul className="list">
        {me.accounts.map((a) => (
          <li key={a.id} className="list-row">
            <span>
              <strong>{a.name}</strong> <span className="muted">· {a.plan} plan · {a.role}</span>
            </span>
            {a.id === me.currentAccount ? <span className="badge badge-finished">current</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
