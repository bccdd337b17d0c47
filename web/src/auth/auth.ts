// Sign-in with Keycloak: authorization code flow with PKCE (S256), through oidc-client-ts. Where Keycloak is comes from
// /console-config.json, served by the control plane, so nothing here names a host.
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

export interface ConsoleConfig {
  /** The OIDC issuer, e.g. http://localhost:18080/realms/barrage */
  authority: string;
  /** The public client of the console, e.g. barrage-console */
  clientId: string;
  /**
   * Where to exchange the code and refresh tokens, when the control plane relays that to the issuer (same origin:
   * works whatever web origins the realm lists); absent: the issuer's own token endpoint.
   */
  tokenEndpoint?: string;
}

export const CALLBACK_PATH = '/signin-callback';

let manager: UserManager | null = null;

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console-config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`the console configuration could not be loaded (HTTP ${res.status})`);
  return (await res.json()) as ConsoleConfig;
}

export function createManager(config: ConsoleConfig): UserManager {
  const origin = window.location.origin;
  manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: origin + CALLBACK_PATH,
    post_logout_redirect_uri: origin + '/',
    response_type: 'code',
    metadataSeed: config.tokenEndpoint ? { token_endpoint: new URL(config.tokenEndpoint, origin).href } : undefined,
    scope: 'openid profile email',
    // Tokens live in this tab's session storage only.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Renew with the refresh token before the access token expires (no hidden iframe: the CSP allows none).
    automaticSilentRenew: true,
    loadUserInfo: false,
    monitorSession: false,
  });
  return manager;
}

export function userManager(): UserManager {
  if (!manager) throw new Error('sign-in is not configured yet');
  return manager;
}

/** The current access token, renewed first when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (!manager) return null;
  let user: User | null = await manager.getUser();
  if (user && (user.expired || (user.expires_in ?? 0) < 15)) {
    try {
      user = await manager.signinSilent();
    } catch {
      user = null;
    }
  }
  return user?.access_token ?? null;
}

export async function signIn(returnTo: string): Promise<void> {
  await userManager().signinRedirect({ state: { returnTo } });
}

export async function signOut(): Promise<void> {
  const m = userManager();
  const user = await m.getUser();
  sessionStorage.removeItem(ACCOUNT_KEY);
  await m.removeUser();
  await m.signoutRedirect({ id_token_hint: user?.id_token });
}

/** Finishes the redirect from Keycloak; returns where the person wanted to go. */
export async function completeSignIn(): Promise<string> {
  const user = await userManager().signinRedirectCallback();
  const state = user.state as { returnTo?: string } | undefined;
  const to = state?.returnTo;
  return to && to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

// The account the person works in, when they belong to several: sent as X-Barrage-Account.
const ACCOUNT_KEY = 'barrage.account';

export function selectedAccount(): string | null {
  return sessionStorage.getItem(ACCOUNT_KEY);
}

export function selectAccount(id: string | null): void {
  if (id) sessionStorage.setItem(ACCOUNT_KEY, id);
  else sessionStorage.removeItem(ACCOUNT_KEY);
}
