import { presentAddress } from "../addresses/addresses.present.js";
import type { FamilyRow } from "../auth/sessions.queries.js";
import type { UserRow } from "../auth/users.queries.js";
import { presentOrderSummary } from "../orders/orders.present.js";
import type { AccountData } from "./account.service.js";
import type {
  AccountExport,
  ExportedProfile,
  ExportedSession,
  Session,
} from "./me.schemas.js";

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

function toNullableIso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** Maps a user row to the exported profile; the password hash stays out. */
function presentExportedProfile(user: UserRow): ExportedProfile {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    phone: user.phone,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    is_active: user.isActive,
    email_verified_at: toNullableIso(user.emailVerifiedAt),
    phone_verified_at: toNullableIso(user.phoneVerifiedAt),
    password_changed_at: user.passwordChangedAt.toISOString(),
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

/** Maps a refresh token family to an exported session, without tokens. */
function presentExportedSession(family: FamilyRow): ExportedSession {
  return {
    id: family.id,
    device_label: family.deviceLabel,
    created_at: family.createdAt.toISOString(),
    last_used_at: family.lastUsedAt.toISOString(),
    expires_at: family.expiresAt.toISOString(),
    revoked_at: toNullableIso(family.revokedAt),
    revoked_reason: family.revokedReason,
  };
}

/** Maps the user's stored data to the export document. */
export function presentAccountExport(data: AccountData): AccountExport {
  return {
    exported_at: data.exportedAt.toISOString(),
    profile: presentExportedProfile(data.user),
    addresses: data.addresses.map(presentAddress),
    sessions: data.families.map(presentExportedSession),
    orders: data.orders.map(presentOrderSummary),
  };
}

/** Names the export file after its UTC date: bazaar-export-2025-01-31.json. */
export function exportFileName(exportedAt: Date): string {
  return `bazaar-export-${exportedAt.toISOString().slice(0, 10)}.json`;
}
