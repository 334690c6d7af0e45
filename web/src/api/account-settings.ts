// The calls behind the account pages beyond sign-in: email and phone
// verification, password reset, the profile, the address book, account
// deletion and the data export, plus the development mailbox. Like the
// calls in accounts.ts, they return failures as values, so a form can show
// the API's field errors.
import type { Dispatcher } from "undici";

import {
  settleApiCall,
  type ApiOutcome,
  type BodyOf,
  type JsonOf,
  type Profile,
} from "./accounts.js";
import type { ApiConnection } from "./client.js";
import type { paths } from "./schema.js";

export type CodeSent = JsonOf<
  paths["/api/v1/auth/verify-email/request"]["post"]["responses"][202]
>;
export type VerifyEmailBody = BodyOf<
  paths["/api/v1/auth/verify-email"]["post"]
>;
export type ProfileChanges = BodyOf<paths["/api/v1/me"]["patch"]>;
export type UpdatedProfile = JsonOf<
  paths["/api/v1/me"]["patch"]["responses"][200]
>;
export type Address = JsonOf<
  paths["/api/v1/me/addresses/{id}"]["get"]["responses"][200]
>;
export type AddressList = JsonOf<
  paths["/api/v1/me/addresses"]["get"]["responses"][200]
>;
export type NewAddress = BodyOf<paths["/api/v1/me/addresses"]["post"]>;
export type AddressChanges = BodyOf<
  paths["/api/v1/me/addresses/{id}"]["patch"]
>;
export type Mailbox = JsonOf<
  paths["/api/v1/dev/mailbox"]["get"]["responses"][200]
>;

export interface AccountSettingsApi {
  requestEmailCode(
    requestId: string,
    accessToken: string,
  ): Promise<ApiOutcome<CodeSent>>;
  /** Verifies with `code` (needs `accessToken`) or with a link `token`. */
  verifyEmail(
    requestId: string,
    accessToken: string | undefined,
    body: VerifyEmailBody,
  ): Promise<ApiOutcome<Profile>>;
  requestPhoneCode(
    requestId: string,
    accessToken: string,
  ): Promise<ApiOutcome<CodeSent>>;
  verifyPhone(
    requestId: string,
    accessToken: string,
    code: string,
  ): Promise<ApiOutcome<Profile>>;
  /** Asks for a reset link; the API returns 202 whatever the address. */
  requestPasswordReset(
    requestId: string,
    email: string,
  ): Promise<ApiOutcome<void>>;
  confirmPasswordReset(
    requestId: string,
    token: string,
    newPassword: string,
  ): Promise<ApiOutcome<void>>;
  updateProfile(
    requestId: string,
    accessToken: string,
    changes: ProfileChanges,
  ): Promise<ApiOutcome<UpdatedProfile>>;
  deleteAccount(
    requestId: string,
    accessToken: string,
    password: string,
  ): Promise<ApiOutcome<void>>;
  /** Starts the JSON download of everything stored about the user. */
  streamExport(
    requestId: string,
    accessToken: string,
  ): Promise<Dispatcher.ResponseData>;
  listAddresses(
    requestId: string,
    accessToken: string,
  ): Promise<ApiOutcome<AddressList>>;
  getAddress(
    requestId: string,
    accessToken: string,
    id: string,
  ): Promise<ApiOutcome<Address>>;
  createAddress(
    requestId: string,
    accessToken: string,
    address: NewAddress,
  ): Promise<ApiOutcome<Address>>;
  updateAddress(
    requestId: string,
    accessToken: string,
    id: string,
    changes: AddressChanges,
  ): Promise<ApiOutcome<Address>>;
  deleteAddress(
    requestId: string,
    accessToken: string,
    id: string,
  ): Promise<ApiOutcome<void>>;
  /** Lists the API's development mailbox; 404 when the API is in production. */
  listMailbox(requestId: string): Promise<ApiOutcome<Mailbox>>;
}

function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}

/** Builds the account settings calls on top of one API connection. */
export function createAccountSettingsApi(
  connection: ApiConnection,
): AccountSettingsApi {
  const client = (requestId: string): ReturnType<ApiConnection["clientFor"]> =>
    connection.clientFor(requestId);

  return {
    requestEmailCode(requestId, accessToken) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/verify-email/request", {
          headers: bearer(accessToken),
        }),
      );
    },
    verifyEmail(requestId, accessToken, body) {
      const headers = accessToken === undefined ? {} : bearer(accessToken);
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/verify-email", { body, headers }),
      );
    },
    requestPhoneCode(requestId, accessToken) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/verify-phone/request", {
          headers: bearer(accessToken),
        }),
      );
    },
    verifyPhone(requestId, accessToken, code) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/verify-phone", {
          body: { code },
          headers: bearer(accessToken),
        }),
      );
    },
    requestPasswordReset(requestId, email) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/password/reset", {
          body: { email },
        }),
      );
    },
    confirmPasswordReset(requestId, token, newPassword) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/password/reset/confirm", {
          body: { token, new_password: newPassword },
        }),
      );
    },
    updateProfile(requestId, accessToken, changes) {
      return settleApiCall(
        client(requestId).PATCH("/api/v1/me", {
          body: changes,
          headers: bearer(accessToken),
        }),
      );
    },
    deleteAccount(requestId, accessToken, password) {
      return settleApiCall(
        client(requestId).DELETE("/api/v1/me", {
          body: { password },
          headers: bearer(accessToken),
        }),
      );
    },
    streamExport(requestId, accessToken) {
      return connection.stream(
        "/api/v1/me/export",
        requestId,
        bearer(accessToken),
      );
    },
    listAddresses(requestId, accessToken) {
      return settleApiCall(
        client(requestId).GET("/api/v1/me/addresses", {
          headers: bearer(accessToken),
        }),
      );
    },
    getAddress(requestId, accessToken, id) {
      return settleApiCall(
        client(requestId).GET("/api/v1/me/addresses/{id}", {
          params: { path: { id } },
          headers: bearer(accessToken),
        }),
      );
    },
    createAddress(requestId, accessToken, address) {
      return settleApiCall(
        client(requestId).POST("/api/v1/me/addresses", {
          body: address,
          headers: bearer(accessToken),
        }),
      );
    },
    updateAddress(requestId, accessToken, id, changes) {
      return settleApiCall(
        client(requestId).PATCH("/api/v1/me/addresses/{id}", {
          params: { path: { id } },
          body: changes,
          headers: bearer(accessToken),
        }),
      );
    },
    deleteAddress(requestId, accessToken, id) {
      return settleApiCall(
        client(requestId).DELETE("/api/v1/me/addresses/{id}", {
          params: { path: { id } },
          headers: bearer(accessToken),
        }),
      );
    },
    listMailbox(requestId) {
      return settleApiCall(client(requestId).GET("/api/v1/dev/mailbox"));
    },
  };
}
