import type { FamilyRow } from "../auth/sessions.queries.js";
import type { Session } from "./me.schemas.js";

/** Maps a refresh token family to a session of the session list. */
export function presentSession(
  family: FamilyRow,
  currentSessionId: string,
): Session {
  return {
    id: family.id,
    device_label: family.deviceLabel,
    created_at: family.createdAt.toISOString(),
    last_used_at: family.lastUsedAt.toISOString(),
    current: family.id === currentSessionId,
  };
}
