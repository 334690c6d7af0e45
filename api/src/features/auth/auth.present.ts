import type { TokenResponse, UserResponse } from "./auth.schemas.js";
import type { TokenPair } from "./sessions.service.js";
import type { UserRow } from "./users.queries.js";

/** Maps a user row to the API's user object; the password hash stays out. */
export function presentUser(user: UserRow): UserResponse {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    phone: user.phone,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    email_verified: user.emailVerifiedAt !== null,
    phone_verified: user.phoneVerifiedAt !== null,
    created_at: user.createdAt.toISOString(),
  };
}

/** Maps a token pair to an OAuth 2.0 token response (RFC 6749 §5.1). */
export function presentTokenPair(pair: TokenPair): TokenResponse {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: "Bearer",
    expires_in: pair.expiresInSeconds,
  };
}
