/**
 * The signed-in token, per browser tab: sessionStorage, never localStorage, so that it does not
 * outlive the tab or leak to another user of a shared ward workstation. Both pages share it.
 */
const TOKEN_KEY = 'hospital-gateway.token';

export function storedToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  window.sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  window.sessionStorage.removeItem(TOKEN_KEY);
}

/** what a user pastes: the bare token, or a whole "Bearer …" header value */
export function normalizeToken(pasted: string): string {
  return pasted.trim().replace(/^Bearer\s+/i, '').trim();
}
