// Sessions: each sign-in starts a refresh token family; each refresh rotates
// the family's current token; sign-out revokes the family.
//
// Threat model: a stolen refresh token is replayed by an attacker. Rotation
// makes every token single-use, so the thief and the real client end up
// presenting the same token twice; when a used token comes back after the
// grace window, the whole family is revoked and both must sign in again.
// Within the grace window a used token returns the successor it was rotated
// to, byte for byte, so a client that sent two refreshes at once (two tabs, a
// retry after a lost response) never gets two diverging successors.
import { randomUUID } from "node:crypto";

import type { FastifyBaseLogger } from "fastify";

import type { ApiConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import type { UserRole } from "../../db/schema.js";
import { AppError, notFound } from "../../errors.js";
import { signAccessToken, toAccessTokenSettings } from "./access-tokens.js";
import type { KeyRing } from "./keys.js";
import {
  deriveSuccessorToken,
  generateRefreshToken,
  hashRefreshToken,
} from "./refresh-tokens.js";
import {
  claimRefreshToken,
  findFamilyState,
  findRefreshTokenById,
  findRefreshTokenByHash,
  insertFamily,
  insertRefreshToken,
  listActiveFamilies,
  revokeFamiliesOfUser,
  revokeFamily,
  touchFamily,
  type FamilyRow,
  type FamilyState,
  type RefreshTokenState,
} from "./sessions.queries.js";

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export interface SessionServiceDependencies {
  db: Database;
  config: ApiConfig;
  keyRing: KeyRing;
  now: () => Date;
  log: FastifyBaseLogger;
}

/** The refresh token that an access token is minted from, issued with it. */
interface IssuedRefreshToken {
  userId: string;
  role: UserRole;
  familyId: string;
  tokenId: string;
  createdAt: Date;
}

function invalidRefreshToken(): AppError {
  return new AppError(
    "INVALID_REFRESH_TOKEN",
    "The refresh token is invalid, expired or revoked: sign in again.",
  );
}

function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

function isFamilyUsable(family: FamilyState, now: Date): boolean {
  return (
    family.revokedAt === null &&
    family.expiresAt.getTime() > now.getTime() &&
    family.isUserActive
  );
}

export interface SessionService {
  startSession(
    user: { id: string; role: UserRole },
    deviceLabel: string | undefined,
  ): Promise<TokenPair>;
  refresh(presentedToken: string): Promise<TokenPair>;
  revoke(presentedToken: string): Promise<void>;
  endAllSessions(userId: string): Promise<number>;
  listSessions(userId: string): Promise<FamilyRow[]>;
  endSession(userId: string, familyId: string): Promise<void>;
}

/** Builds the session service: sign-in, refresh, sign-out, session lists. */
export function createSessionService(
  deps: SessionServiceDependencies,
): SessionService {
  const { db, config, keyRing } = deps;
  const accessTokenSettings = toAccessTokenSettings(config);
  const refreshTtlSeconds = config.refreshTokenTtlSeconds;

  async function issuePair(
    issued: IssuedRefreshToken,
    refreshToken: string,
    now: Date,
  ): Promise<TokenPair> {
    const { token, expiresAt } = await signAccessToken(
      keyRing,
      accessTokenSettings,
      {
        userId: issued.userId,
        role: issued.role,
        sessionId: issued.familyId,
        tokenId: issued.tokenId,
        issuedAt: issued.createdAt,
      },
    );
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const expiresInSeconds = expiresAt.getTime() / 1000 - nowSeconds;
    return {
      accessToken: token,
      refreshToken,
      expiresInSeconds: Math.max(0, expiresInSeconds),
    };
  }

  /** Starts a new family for a user who just proved who they are. */
  async function startSession(
    user: { id: string; role: UserRole },
    deviceLabel: string | undefined,
  ): Promise<TokenPair> {
    const now = deps.now();
    const refreshToken = generateRefreshToken();
    const familyId = randomUUID();
    const tokenId = randomUUID();
    const expiresAt = addSeconds(now, refreshTtlSeconds);

    await db.transaction(async (tx) => {
      await insertFamily(tx, {
        id: familyId,
        userId: user.id,
        deviceLabel: deviceLabel ?? null,
        createdAt: now,
        lastUsedAt: now,
        expiresAt,
      });
      await insertRefreshToken(tx, {
        id: tokenId,
        familyId,
        tokenHash: hashRefreshToken(refreshToken),
        createdAt: now,
        expiresAt,
      });
    });

    const issued = { userId: user.id, role: user.role, familyId, tokenId };
    return issuePair({ ...issued, createdAt: now }, refreshToken, now);
  }

  /**
   * Claims the presented token and inserts its successor, in one
   * transaction. Returns undefined when the token cannot be claimed (used,
   * expired or unknown). Throws INVALID_REFRESH_TOKEN, rolling the claim
   * back, when the family or the user no longer allows a refresh.
   */
  async function rotate(
    tokenHash: string,
    successorToken: string,
    now: Date,
  ): Promise<IssuedRefreshToken | undefined> {
    return db.transaction(async (tx) => {
      const successorId = randomUUID();
      const claimed = await claimRefreshToken(tx, {
        tokenHash,
        successorId,
        now,
      });
      if (!claimed) return undefined;

      const family = await findFamilyState(tx, claimed.familyId);
      if (!family || !isFamilyUsable(family, now)) throw invalidRefreshToken();

      const expiresAt = addSeconds(now, refreshTtlSeconds);
      await insertRefreshToken(tx, {
        id: successorId,
        familyId: family.id,
        tokenHash: hashRefreshToken(successorToken),
        parentId: claimed.id,
        createdAt: now,
        expiresAt,
      });
      await touchFamily(tx, family.id, { lastUsedAt: now, expiresAt });
      return {
        userId: family.userId,
        role: family.role,
        familyId: family.id,
        tokenId: successorId,
        createdAt: now,
      };
    });
  }

  /**
   * Returns the successor a used token was rotated to, when the token was
   * used at most the grace window ago. Returns undefined otherwise.
   */
  async function findGraceSuccessor(
    used: RefreshTokenState & { usedAt: Date },
    successorToken: string,
    now: Date,
  ): Promise<IssuedRefreshToken | undefined> {
    const usedAgoMs = now.getTime() - used.usedAt.getTime();
    const graceMs = config.refreshReuseGraceSeconds * 1000;
    if (usedAgoMs > graceMs || used.replacedById === null) return undefined;

    const successor = await findRefreshTokenById(db, used.replacedById);
    // A hash mismatch means the refresh token secret changed since the
    // rotation, so the successor cannot be rebuilt: the caller gets a 401.
    const isSameSuccessor =
      successor?.tokenHash === hashRefreshToken(successorToken);
    if (!successor || !isSameSuccessor) throw invalidRefreshToken();
    if (successor.expiresAt.getTime() <= now.getTime()) {
      throw invalidRefreshToken();
    }
    return {
      userId: successor.family.userId,
      role: successor.family.role,
      familyId: successor.family.id,
      tokenId: successor.id,
      createdAt: successor.createdAt,
    };
  }

  /**
   * Exchanges a refresh token for a new pair. Throws INVALID_REFRESH_TOKEN
   * for an unknown, expired or revoked token, and revokes the whole family
   * when a used token comes back after the grace window.
   */
  async function refresh(presentedToken: string): Promise<TokenPair> {
    const now = deps.now();
    const tokenHash = hashRefreshToken(presentedToken);
    const successorToken = deriveSuccessorToken(
      presentedToken,
      keyRing.refreshTokenSecret,
    );

    const rotated = await rotate(tokenHash, successorToken, now);
    if (rotated) return issuePair(rotated, successorToken, now);

    const stored = await findRefreshTokenByHash(db, tokenHash);
    if (!stored || stored.usedAt === null) throw invalidRefreshToken();
    if (!isFamilyUsable(stored.family, now)) throw invalidRefreshToken();

    const usedToken = { ...stored, usedAt: stored.usedAt };
    const successor = await findGraceSuccessor(usedToken, successorToken, now);
    if (successor) return issuePair(successor, successorToken, now);

    await revokeFamily(db, stored.family.id, {
      reason: "reuse_detected",
      now,
    });
    deps.log.warn(
      { familyId: stored.family.id, userId: stored.family.userId },
      "refresh token reuse detected, family revoked",
    );
    throw invalidRefreshToken();
  }

  /** Revokes the family of a refresh token; unknown tokens are ignored. */
  async function revoke(presentedToken: string): Promise<void> {
    const stored = await findRefreshTokenByHash(
      db,
      hashRefreshToken(presentedToken),
    );
    if (!stored) return;
    await revokeFamily(db, stored.family.id, {
      reason: "sign_out",
      now: deps.now(),
    });
  }

  /** Revokes every family of a user. Returns how many were still active. */
  async function endAllSessions(userId: string): Promise<number> {
    return revokeFamiliesOfUser(db, userId, {
      reason: "sign_out_all",
      now: deps.now(),
    });
  }

  /** Lists the user's active families, most recently used first. */
  async function listSessions(userId: string): Promise<FamilyRow[]> {
    return listActiveFamilies(db, userId, deps.now());
  }

  /**
   * Revokes one family of the user. Throws NOT_FOUND when the family does not
   * exist, belongs to another user or is already revoked.
   */
  async function endSession(userId: string, familyId: string): Promise<void> {
    const isRevoked = await revokeFamily(db, familyId, {
      reason: "session_ended",
      now: deps.now(),
      userId,
    });
    if (!isRevoked) throw notFound("session", familyId);
  }

  return {
    startSession,
    refresh,
    revoke,
    endAllSessions,
    listSessions,
    endSession,
  };
}
