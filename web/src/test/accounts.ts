// Test accounts for the web's tests: unique identifiers for each call, and
// the API calls that a second client (another device) makes.
import { TestBrowser } from "./browser.js";

const runId = Date.now().toString(36);
let accountCounter = 0;

export interface TestAccount {
  email: string;
  username: string;
  phone: string;
  password: string;
  first_name: string;
  last_name: string;
}

/** Builds an account with a unique email, username and phone number. */
export function buildAccount(fields: Partial<TestAccount> = {}): TestAccount {
  accountCounter += 1;
  const number = String(accountCounter).padStart(3, "0");
  return {
    email: `shopper-${runId}-${number}@example.com`,
    username: `shopper${runId}${number}`,
    // +44 20 7946 0xxx is a range reserved for fiction.
    phone: `+44 20 7946 0${number}`,
    password: `velvet lantern orbit ${runId} ${number}`,
    first_name: "Ada",
    last_name: `Tester ${number}`,
    ...fields,
  };
}

/** Registers `account` through the web's form; returns the POST response. */
export async function registerThroughWeb(
  browser: TestBrowser,
  account: TestAccount,
): Promise<Response> {
  return browser.post("/register", { ...account });
}

/** Signs in through the web's form; returns the POST response. */
export async function signInThroughWeb(
  browser: TestBrowser,
  login: string,
  password: string,
  next?: string,
): Promise<Response> {
  const fields: Record<string, string> = { login, password };
  if (next !== undefined) fields.next = next;
  return browser.post("/sign-in", fields);
}

/** Registers `account` and returns a signed-in browser. */
export async function buildSignedInBrowser(
  webUrl: string,
  account: TestAccount = buildAccount(),
): Promise<TestBrowser> {
  const browser = new TestBrowser(webUrl);
  const response = await registerThroughWeb(browser, account);
  if (response.status !== 303) {
    throw new Error(
      `registration failed with ${response.status}: ${await response.text()}`,
    );
  }
  return browser;
}

interface TokenResponse {
  access_token: string;
  refresh_token: string;
}

/** Signs in to the API directly, as another device would. */
export async function signInToApi(
  apiUrl: string,
  login: string,
  password: string,
  deviceLabel = "Test phone",
): Promise<TokenResponse> {
  const response = await fetch(`${apiUrl}/api/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password, device_label: deviceLabel }),
  });
  if (response.status !== 200) {
    throw new Error(`API sign-in failed with ${response.status}`);
  }
  return (await response.json()) as TokenResponse;
}

/** Calls the API's token refresh with `refreshToken`; returns the status. */
export async function refreshAtApi(
  apiUrl: string,
  refreshToken: string,
): Promise<number> {
  const response = await fetch(`${apiUrl}/api/v1/auth/token/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Signs the user of `accessToken` out everywhere, through the API. */
export async function signOutEverywhereAtApi(
  apiUrl: string,
  accessToken: string,
): Promise<void> {
  const response = await fetch(`${apiUrl}/api/v1/auth/logout-all`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (response.status !== 204) {
    throw new Error(`sign-out everywhere failed with ${response.status}`);
  }
}
