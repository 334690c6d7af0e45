// The browser session: the user's tokens in an encrypted cookie, CSRF
// protection for every form, flash messages, and `request.user`.
//
// Model and threats:
// - The cookie contains the access and refresh tokens, encrypted and
//   authenticated with XSalsa20-Poly1305 (@fastify/secure-session), and is
//   `HttpOnly` and `SameSite=Lax`, plus `Secure` with the `__Host-` prefix
//   when the public URL is https. Page scripts never see a token, and a
//   stolen cookie cannot be read or altered without the key.
// - Each page verifies the access token locally against the API's JWKS. A
//   token within 30 s of its expiry is refreshed once per refresh token
//   (token-refresher.ts), and the new pair is written to the cookie of
//   every response that waited for it. A refused refresh ends the session
//   and sends the browser to sign in, back to the page it asked for.
// - Every POST must come from this site's own origin (`Origin`, else
//   `Referer`, when the browser sends one) and carry the session's CSRF
//   token in `_csrf`. Both checks run as preHandler hooks because the form
//   body is only parsed by then, and a failure is a 403 page before the
//   route handler runs, so nothing changes.
import cookie from "@fastify/cookie";
import csrfProtection from "@fastify/csrf-protection";
import secureSession from "@fastify/secure-session";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { AccountsApi, Profile } from "../api/accounts.js";
import type { GuestCartKey } from "../api/carts.js";
import {
  createAccessTokenVerifier,
  type AccessTokenCheck,
  type AccessTokenClaims,
  type AccessTokenVerifier,
} from "../auth/access-tokens.js";
import { parseNextPath, signInUrl } from "../auth/next-path.js";
import { loadSessionKey } from "../auth/session-key.js";
import {
  createTokenRefresher,
  type SessionTokens,
  type TokenRefresher,
} from "../auth/token-refresher.js";
import type { WebConfig } from "../config.js";
import { PageError } from "../errors.js";
import type { FlashMessage } from "../pages/layout.js";

/** The profile fields the header and the account page show. */
export interface CachedProfile {
  email: string;
  displayName: string;
  emailVerified: boolean;
}

declare module "@fastify/secure-session" {
  interface SessionData {
    tokens: SessionTokens;
    profile: CachedProfile;
    flash: FlashMessage[];
    _csrf: string;
    /** This browser's guest cart, until it is merged at sign-in. */
    guestCart: GuestCartKey;
    /** Units in the cart when the web last read or changed it. */
    cartCount: number;
  }
}

/** The signed-in user of a request. */
export interface CurrentUser extends AccessTokenClaims, CachedProfile {
  accessToken: string;
}

/** Template values that every page of a request shares. */
export interface PageLocals {
  flashMessages: FlashMessage[];
  currentUser: { name: string; email: string; role: string };
  /** The CSRF token of the header's sign-out form. */
  csrfToken: string;
  /** Units in the cart, for the header's cart link. */
  cartCount: number;
}

declare module "fastify" {
  interface FastifyReply {
    /** Values that @fastify/view merges into every render of this reply. */
    locals: Partial<PageLocals> | undefined;
  }
  interface FastifyRequest {
    /** The signed-in user, or null; set before every page handler. */
    user: CurrentUser | null;
  }
  interface FastifyContextConfig {
    /** False on routes that must not verify or refresh tokens (sign-out). */
    loadsUser?: boolean;
  }
}

/** Sessions last as long as the API's default refresh token lifetime. */
const sessionMaxAgeSeconds = 30 * 24 * 60 * 60;

/** Paths that never need the user: static files, images, health checks. */
const sessionlessPrefixes = ["/assets/", "/media/", "/healthz"];

export const sessionExpiredMessage =
  "Your session has expired. Please sign in again.";

export interface SessionDependencies {
  config: WebConfig;
  accounts: AccountsApi;
  /** Injected by tests; built from the config otherwise. */
  verifier?: AccessTokenVerifier;
  refresher?: TokenRefresher;
}

/** Returns the display name of a profile: first name, username or email. */
export function displayNameOf(profile: Profile): string {
  const fullName = `${profile.first_name} ${profile.last_name}`.trim();
  return fullName || profile.username || profile.email;
}

/** Builds the cached profile that the session keeps. */
export function cacheProfile(profile: Profile): CachedProfile {
  return {
    email: profile.email,
    displayName: displayNameOf(profile),
    emailVerified: profile.email_verified,
  };
}

/** Adds a message that the next page shows once. */
export function addFlash(request: FastifyRequest, message: FlashMessage): void {
  const pending = request.session.get("flash") ?? [];
  request.session.set("flash", [...pending, message]);
}

/**
 * Starts a signed-in session with `tokens`. Everything of the anonymous
 * session goes, the CSRF secret included, so a token planted before sign-in
 * is worthless after it; only the guest cart's key stays, to be merged.
 */
export function startSession(
  request: FastifyRequest,
  tokens: SessionTokens,
  profile: Profile,
): void {
  const guestCart = request.session.get("guestCart");
  request.session.regenerate();
  if (guestCart !== undefined) request.session.set("guestCart", guestCart);
  request.session.set("tokens", tokens);
  request.session.set("profile", cacheProfile(profile));
}

/** Forgets the tokens and everything else of the session. */
export function clearSession(request: FastifyRequest): void {
  request.session.regenerate();
  request.user = null;
}

function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/** Returns the origin browsers use for this site. */
function ownOrigin(request: FastifyRequest, config: WebConfig): string {
  return config.publicUrl ?? `${request.protocol}://${request.host}`;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * True when the request comes from a page of this site, or when the browser
 * sent neither `Origin` nor `Referer` (the CSRF token still protects it).
 */
export function isSameOrigin(
  headers: { origin?: string; referer?: string },
  expectedOrigin: string,
): boolean {
  if (headers.origin !== undefined) return headers.origin === expectedOrigin;
  if (headers.referer !== undefined) {
    return originOf(headers.referer) === expectedOrigin;
  }
  return true;
}

/** Returns where sign-in should lead back to after the session ended. */
function nextPathAfterSignIn(
  request: FastifyRequest,
  config: WebConfig,
): string | undefined {
  if (isSafeMethod(request.method)) return parseNextPath(request.url);
  // A form post cannot be repeated after sign-in: go back to its page.
  const referer = request.headers.referer;
  if (referer === undefined) return undefined;
  if (originOf(referer) !== ownOrigin(request, config)) return undefined;
  const url = new URL(referer);
  return parseNextPath(`${url.pathname}${url.search}`);
}

/** Builds the sign-in redirect for a request whose session has ended. */
export function createSessionEndedRedirect(
  config: WebConfig,
): (request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  return (request, reply) => {
    const next = nextPathAfterSignIn(request, config);
    clearSession(request);
    addFlash(request, { kind: "info", text: sessionExpiredMessage });
    return reply.redirect(signInUrl(next), 303);
  };
}

async function checkToken(
  verifier: AccessTokenVerifier,
  token: string,
): Promise<AccessTokenCheck> {
  try {
    return await verifier.check(token);
  } catch (error) {
    throw new PageError(
      "SERVICE_UNAVAILABLE",
      "The keys that verify sign-ins could not be loaded from the API.",
      { cause: error },
    );
  }
}

function toCurrentUser(
  request: FastifyRequest,
  claims: AccessTokenClaims,
  accessToken: string,
): CurrentUser {
  const profile = request.session.get("profile") ?? {
    email: "",
    displayName: "Your account",
    emailVerified: true,
  };
  return { ...claims, ...profile, accessToken };
}

/**
 * Registers the cookie, session and CSRF plugins and the hooks that load
 * `request.user`. Call it on the root instance, before the routes.
 */
export async function registerSession(
  app: FastifyInstance,
  dependencies: SessionDependencies,
): Promise<void> {
  const { config } = dependencies;
  const verifier =
    dependencies.verifier ??
    createAccessTokenVerifier({
      jwksUrl: `${config.apiUrl}/.well-known/jwks.json`,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      timeoutMs: config.apiTimeoutMs,
    });
  const refresher =
    dependencies.refresher ?? createTokenRefresher(dependencies.accounts);
  const isSecure = config.publicUrl?.startsWith("https:") ?? false;
  const redirectToSignIn = createSessionEndedRedirect(config);

  await app.register(cookie);
  await app.register(secureSession, {
    key: loadSessionKey(config),
    // The __Host- prefix makes browsers refuse the cookie unless it is
    // Secure, has path / and no Domain, so a sibling subdomain cannot set it.
    cookieName: isSecure ? "__Host-bazaar_session" : "bazaar_session",
    expiry: sessionMaxAgeSeconds,
    cookie: {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: isSecure,
      maxAge: sessionMaxAgeSeconds,
    },
  });
  await app.register(csrfProtection, {
    sessionPlugin: "@fastify/secure-session",
    logLevel: "info",
  });
  app.decorateRequest("user", null);

  app.addHook("preHandler", async (request) => {
    if (isSafeMethod(request.method)) return;
    const expected = ownOrigin(request, config);
    if (!isSameOrigin(request.headers, expected)) {
      throw new PageError(
        "FORBIDDEN",
        "The form was sent from another site, so it was not accepted.",
      );
    }
  });
  app.addHook("preHandler", (request, reply, done) => {
    if (isSafeMethod(request.method)) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });

  async function loadUser(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    const tokens = request.session.get("tokens");
    if (tokens === undefined) return undefined;

    const check = await checkToken(verifier, tokens.accessToken);
    if (check.status === "valid") {
      request.user = toCurrentUser(request, check.claims, tokens.accessToken);
      return undefined;
    }

    let result;
    try {
      result = await refresher.refresh(tokens.refreshToken, request.id);
    } catch (error) {
      if (check.status !== "expiring") throw error;
      // The token is still valid for a few seconds: serve this page with it.
      request.log.warn({ err: error }, "token refresh failed");
      request.user = toCurrentUser(request, check.claims, tokens.accessToken);
      return undefined;
    }
    if (result.status === "refused") return redirectToSignIn(request, reply);

    request.session.set("tokens", result.tokens);
    const renewed = await checkToken(verifier, result.tokens.accessToken);
    if (renewed.status === "invalid") {
      clearSession(request);
      throw new PageError(
        "INTERNAL",
        "A refreshed access token failed verification: check that JWT_ISSUER and JWT_AUDIENCE match the API's.",
      );
    }
    request.log.debug({ userId: renewed.claims.userId }, "tokens refreshed");
    request.user = toCurrentUser(
      request,
      renewed.claims,
      result.tokens.accessToken,
    );
    return undefined;
  }

  app.addHook("preHandler", async (request, reply) => {
    const path = request.url;
    if (sessionlessPrefixes.some((prefix) => path.startsWith(prefix))) return;
    if (request.routeOptions.config.loadsUser === false) return;

    const redirect = await loadUser(request, reply);
    if (redirect !== undefined) return redirect;

    reply.locals = {
      ...reply.locals,
      cartCount: request.session.get("cartCount") ?? 0,
    };
    if (request.method === "GET" || request.method === "HEAD") {
      const flash = request.session.get("flash");
      if (flash !== undefined) {
        reply.locals = { ...reply.locals, flashMessages: flash };
        request.session.set("flash", undefined);
      }
    }
    if (request.user !== null) {
      reply.locals = {
        ...reply.locals,
        currentUser: {
          name: request.user.displayName,
          email: request.user.email,
          role: request.user.role,
        },
        // The header's sign-out button is a form on every page.
        csrfToken: reply.generateCsrf(),
      };
    }
    return undefined;
  });

  app.addHook("onSend", async (request, reply) => {
    // A signed-in page, or any response that sets the session cookie, must
    // never be stored by a browser or proxy cache.
    if (request.user !== null || request.session?.changed) {
      reply.header("cache-control", "no-store");
    }
  });
}

/**
 * Returns the signed-in user of a route guarded by `requireSignedIn`.
 * Throws PageError INTERNAL when there is none, which means a missing guard.
 */
export function signedInUser(request: FastifyRequest): CurrentUser {
  if (request.user === null) {
    throw new PageError("INTERNAL", "The route needs a signed-in user.");
  }
  return request.user;
}

/**
 * Redirects visitors who are not signed in to the sign-in page, which leads
 * back here afterwards. A preHandler for pages that need a signed-in user.
 */
export async function requireSignedIn(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (request.user !== null) return undefined;
  const next = isSafeMethod(request.method)
    ? parseNextPath(request.url)
    : undefined;
  // The flash messages taken for this request were never shown: keep them.
  const unshown = reply.locals?.flashMessages ?? [];
  if (unshown.length > 0) request.session.set("flash", unshown);
  return reply.redirect(signInUrl(next), 303);
}
