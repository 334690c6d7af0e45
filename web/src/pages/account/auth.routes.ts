// Registration, sign-in and sign-out. Each form posts, then redirects to a
// page (POST-redirect-GET). A failed form comes back with status 400, its
// values except passwords, and the errors next to the fields and in a
// summary at the top.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { TokenPair } from "../../api/accounts.js";
import { requireApiData } from "../../api/accounts.js";
import { describeDevice } from "../../auth/device-label.js";
import { parseNextPath } from "../../auth/next-path.js";
import { addFlash, clearSession, startSession } from "../../plugins/session.js";
import { loadCartAfterSignIn } from "../cart/cart-session.js";
import {
  emptyForm,
  failedForm,
  fieldErrorsFromProblem,
  findBlankFields,
  readFields,
  type FormState,
  waitMessage,
} from "./forms.js";
import { preventCaching, renderFormPage } from "./render.js";

const registerLabels = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email address",
  username: "Username",
  phone: "Phone number",
  password: "Password",
};

const signInLabels = {
  login: "Email, username or phone number",
  password: "Password",
};

/** The page that sign-in and registration lead to without a `next`. */
const defaultNextPath = "/account";

/** Passes the API's Retry-After on to the browser when it gave one. */
function setRetryAfter(
  reply: FastifyReply,
  retryAfterSeconds: number | undefined,
): void {
  if (retryAfterSeconds !== undefined) {
    reply.header("retry-after", String(retryAfterSeconds));
  }
}

export const invalidCredentialsMessage =
  "The login or the password is wrong. Check them and try again.";

type FormBody = { Body: unknown };

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function authRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accounts } = app;
  app.addHook("onSend", preventCaching);

  /**
   * Signs in with the new pair: loads the profile for the header, starts
   * the session and moves this browser's guest cart into the user's.
   */
  async function startSignedInSession(
    request: FastifyRequest,
    tokens: TokenPair,
  ): Promise<void> {
    const profile = requireApiData(
      await accounts.getProfile(request.id, tokens.access_token),
    );
    startSession(
      request,
      {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
      },
      profile,
    );
    await loadCartAfterSignIn(app, request, tokens.access_token);
  }

  function renderRegister(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/register.njk",
      {
        form,
      },
      { status },
    );
  }

  function renderSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/sign-in.njk",
      {
        form,
      },
      { status },
    );
  }

  app.get<{ Querystring: { next?: unknown } }>(
    "/register",
    async (request, reply) => {
      const next = parseNextPath(request.query.next);
      if (request.user !== null) {
        return reply.redirect(next ?? defaultNextPath, 303);
      }
      return renderRegister(request, reply, emptyForm({ next: next ?? "" }));
    },
  );

  app.post<FormBody>("/register", async (request, reply) => {
    const values = readFields(request.body, [
      ...Object.keys(registerLabels),
      "next",
    ]);
    const next = parseNextPath(values.next);
    values.next = next ?? "";
    const fail = (
      errors: Parameters<typeof failedForm>[1],
      status = 400,
    ): Promise<string> =>
      renderRegister(
        request,
        reply,
        failedForm(values, errors, {
          labels: registerLabels,
          secretFields: ["password"],
        }),
        status,
      );

    const blank = findBlankFields(values, {
      email: "Enter your email address",
      password: "Enter a password",
    });
    if (blank.length > 0) return fail(blank);

    const optional = (name: string): string | undefined =>
      values[name]?.trim() || undefined;
    const registered = await accounts.register(request.id, {
      email: values.email ?? "",
      password: values.password ?? "",
      username: optional("username"),
      phone: optional("phone"),
      first_name: values.first_name?.trim() ?? "",
      last_name: values.last_name?.trim() ?? "",
    });
    if (!registered.ok && registered.status === 429) {
      const message = `There have been too many attempts. ${waitMessage(registered, "trying again")}`;
      setRetryAfter(reply, registered.retryAfterSeconds);
      return fail([{ field: "email", message }], 429);
    }
    if (!registered.ok && [400, 409].includes(registered.status)) {
      return fail(
        fieldErrorsFromProblem(registered.problem, registerLabels, "email"),
      );
    }
    const user = requireApiData(registered);

    const signedIn = requireApiData(
      await accounts.signIn(request.id, {
        login: user.email,
        password: values.password ?? "",
        device_label: describeDevice(request.headers["user-agent"]),
      }),
    );
    await startSignedInSession(request, signedIn);
    request.log.info({ userId: user.id }, "user registered");
    addFlash(request, {
      kind: "success",
      text: "Your account has been created and you are signed in.",
    });
    return reply.redirect(next ?? defaultNextPath, 303);
  });

  app.get<{ Querystring: { next?: unknown } }>(
    "/sign-in",
    async (request, reply) => {
      const next = parseNextPath(request.query.next);
      if (request.user !== null) {
        return reply.redirect(next ?? defaultNextPath, 303);
      }
      return renderSignIn(request, reply, emptyForm({ next: next ?? "" }));
    },
  );

  app.post<FormBody>("/sign-in", async (request, reply) => {
    const values = readFields(request.body, ["login", "password", "next"]);
    const next = parseNextPath(values.next);
    values.next = next ?? "";
    const fail = (
      errors: Parameters<typeof failedForm>[1],
      status = 400,
    ): Promise<string> =>
      renderSignIn(
        request,
        reply,
        failedForm(values, errors, {
          labels: signInLabels,
          secretFields: ["password"],
        }),
        status,
      );

    const blank = findBlankFields(values, {
      login: "Enter your email address, username or phone number",
      password: "Enter your password",
    });
    if (blank.length > 0) return fail(blank);

    const signedIn = await accounts.signIn(request.id, {
      login: values.login?.trim() ?? "",
      password: values.password ?? "",
      device_label: describeDevice(request.headers["user-agent"]),
    });
    if (!signedIn.ok && signedIn.status === 429) {
      const message = `There have been too many attempts. ${waitMessage(signedIn, "trying again")}`;
      setRetryAfter(reply, signedIn.retryAfterSeconds);
      return fail([{ field: "login", message }], 429);
    }
    if (!signedIn.ok && signedIn.status === 401) {
      return fail([{ field: "password", message: invalidCredentialsMessage }]);
    }
    if (!signedIn.ok && signedIn.status === 400) {
      return fail(
        fieldErrorsFromProblem(signedIn.problem, signInLabels, "login"),
      );
    }
    await startSignedInSession(request, requireApiData(signedIn));
    addFlash(request, { kind: "success", text: "You are signed in." });
    return reply.redirect(next ?? defaultNextPath, 303);
  });

  // Sign-out works with an expired access token too, so it skips the
  // token check and refresh that other pages do.
  app.post(
    "/sign-out",
    { config: { loadsUser: false } },
    async (request, reply) => {
      const tokens = request.session.get("tokens");
      if (tokens !== undefined) {
        // The API returns 204 even for an unknown or revoked token. When it
        // fails, the browser still forgets the tokens: nobody holds them
        // any more, and the session ends by itself after its lifetime.
        try {
          const revoked = await accounts.revoke(
            request.id,
            tokens.refreshToken,
          );
          if (!revoked.ok) {
            request.log.warn({ status: revoked.status }, "sign-out failed");
          }
        } catch (error) {
          request.log.warn({ err: error }, "sign-out failed");
        }
      }
      clearSession(request);
      addFlash(request, { kind: "success", text: "You have signed out." });
      return reply.redirect("/", 303);
    },
  );

  done();
}
