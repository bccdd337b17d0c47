import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api/client';
import type { Me } from './api/types';
import {
  CALLBACK_PATH, completeSignIn, createManager, loadConfig, selectAccount, selectedAccount, signIn, signOut, userManager,
} from './auth/auth';
import { Loading, ProblemAlert } from './components/common';
import { Link, match, navigate, useLocation } from './lib/router';
import { ComparePage } from './pages/Compare';
import { ProjectPage } from './pages/Project';
import { ProjectsPage } from './pages/Projects';
import { RunHistoryPage } from './pages/RunHistory';
import { RunPage } from './pages/Run';
import { ScenarioPage } from './pages/Scenario';
import { SettingsPage } from './pages/Settings';
import { StartRunPage } from './pages/StartRun';
import { TrendsPage } from './pages/Trends';

interface Session {
  me: Me;
  reloadMe: () => void;
}

/** The signed-in person; exported for component tests, which provide one. */
export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no session');
  return s;
}

/** Whether the signed-in person may change things in the current account (viewers only read). */
export function useCanWrite(): boolean {
  const { me } = useSession();
  return me.role !== 'viewer';
}

type Boot =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'signed-out' }
  | { state: 'signed-in' };

/** Loads the sign-in configuration and finishes a sign-in redirect; once per page load. */
let boot$: Promise<Boot> | undefined;

async function startUp(): Promise<Boot> {
  try {
    const manager = createManager(await loadConfig());
    if (window.location.pathname === CALLBACK_PATH) {
      try {
        navigate(await completeSignIn(), { replace: true });
      } catch (e) {
        // e.g. the page was reloaded after the sign-in finished: the one-time code is spent
        navigate('/', { replace: true });
        throw new Error(`the sign-in could not be completed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const user = await manager.getUser();
    if (user && !user.expired) return { state: 'signed-in' };
    if (user?.refresh_token) {
      try {
        await manager.signinSilent();
        return { state: 'signed-in' };
      } catch {
        await manager.removeUser();
      }
    }
    return { state: 'signed-out' };
  } catch (e) {
    return { state: 'error', error: e };
  }
}

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    boot$ ??= startUp();
    boot$.then((b) => {
      if (cancelled) return;
      setBoot(b);
      if (b.state !== 'error') userManager().events.addUserSignedOut(() => setBoot({ state: 'signed-out' }));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (boot.state === 'loading') {
    return (
      <main className="centered" id="main">
        <Loading what="the console" />
      </main>
    );
  }
  if (boot.state === 'error') {
    return (
      <main className="centered" id="main">
        <h1>Barrage</h1>
        <ProblemAlert error={boot.error} title="The console could not start" onRetry={() => window.location.reload()} />
      </main>
    );
  }
  if (boot.state === 'signed-out') return <SignInPage />;
  return <SignedIn />;
}

function SignInPage() {
  const [error, setError] = useState<unknown>(null);
  const returnTo = window.location.pathname === CALLBACK_PATH ? '/' : window.location.pathname + window.location.search;
  return (
    <main className="centered signin" id="main">
      <div className="signin-card">
        <p className="brand brand-large">
          <Logo /> Barrage
        </p>
        <h1>Sign in to the Barrage console</h1>
        <p>Upload Java scenarios, start load tests, watch them live and compare their reports.</p>
        <button type="button" className="btn btn-primary" onClick={() => signIn(returnTo).catch(setError)}>
          Sign in
        </button>
        <ProblemAlert error={error} title="Sign-in could not start" />
      </div>
    </main>
  );
}

function SignedIn() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reloadMe = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    api<Me>('/api/me')
      .then((m) => {
        setMe(m);
        setError(null);
      })
      .catch(async (e) => {
        // a selected account the person no longer belongs to: fall back to their default one
        if (selectedAccount()) {
          selectAccount(null);
          reloadMe();
          return;
        }
        setError(e);
      });
  }, [tick, reloadMe]);

  if (error) {
    return (
      <main className="centered" id="main">
        <h1>Barrage</h1>
        <ProblemAlert error={error} title="Your account could not be loaded" onRetry={reloadMe} />
        <button type="button" className="btn" onClick={() => signOut()}>
          Sign out
        </button>
      </main>
    );
  }
  if (!me) {
    return (
      <main className="centered" id="main">
        <Loading what="your account" />
      </main>
    );
  }
  return (
    <SessionContext.Provider value={{ me, reloadMe }}>
      <Shell>
        {/* a new account: everything below loads again */}
        <Routes key={me.currentAccount} />
      </Shell>
    </SessionContext.Provider>
  );
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" />
      <path d="M6 24 L12 14 L17 19 L26 7" />
    </svg>
  );
}

function NavLink({ to, children, active }: { to: string; children: ReactNode; active: boolean }) {
  return (
    <Link to={to} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { me, reloadMe } = useSession();
  const { path } = useLocation();
  const section = path.startsWith('/runs') || path.startsWith('/compare') ? 'runs'
    : path.startsWith('/settings') ? 'settings' : 'projects';

  const switchAccount = (id: string) => {
    selectAccount(id);
    reloadMe();
    navigate('/');
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Barrage home">
          <Logo /> <span>Barrage</span>
        </Link>
        <nav aria-label="Main" className="nav">
          <NavLink to="/" active={section === 'projects'}>Projects</NavLink>
          <NavLink to="/runs" active={section === 'runs'}>Runs</NavLink>
          <NavLink to="/settings" active={section === 'settings'}>Settings</NavLink>
        </nav>
        <div className="account">
          {me.accounts.length > 1 ? (
            <label className="account-switch">
              <span className="visually-hidden">Account</span>
              <select value={me.currentAccount} onChange={(e) => switchAccount(e.target.value)}>
                {me.accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.role})
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="account-name" title="Your account">
              {me.accounts.find((a) => a.id === me.currentAccount)?.name ?? 'Account'}
            </span>
          )}
          <span className="user" title={me.subject}>
            {me.email ?? me.subject} · {me.role}
          </span>
          <button type="button" className="btn btn-small" onClick={() => signOut().catch(() => userManager().removeUser())}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function Routes() {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  if (path === '/' || path === '/projects') return <ProjectsPage />;
  if ((m = match('/projects/:projectId', path))) return <ProjectPage projectId={m.projectId} />;
  if ((m = match('/projects/:projectId/scenarios/:scenarioId', path)))
    return <ScenarioPage projectId={m.projectId} scenarioId={m.scenarioId} />;
  if ((m = match('/projects/:projectId/runs/new', path))) return <StartRunPage projectId={m.projectId} />;
  if ((m = match('/projects/:projectId/trends', path))) return <TrendsPage projectId={m.projectId} />;
  if (path === '/runs') return <RunHistoryPage />;
  if ((m = match('/runs/:runId', path))) return <RunPage runId={m.runId} />;
  if (path === '/compare') return <ComparePage />;
  if (path === '/settings' || path.startsWith('/settings/')) return <SettingsPage section={path.split('/')[2] ?? ''} />;
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        There is nothing at <code>{path}</code>. <Link to="/">Go to your projects</Link>.
      </p>
    </div>
  );
}
