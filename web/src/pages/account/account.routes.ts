// The signed-in user's pages: the account summary, the password change and
// the list of devices (sessions) with sign-out per device or everywhere.
// Every route needs a signed-in user; the session plugin has verified or
// refreshed the access token before the handler runs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData } from "../../api/accounts.js";
import { PageError } from "../../errors.js";
import {
  addFlash,
  cacheProfile,
  clearSession,
  requireSignedIn,
  signedInUser,
} from "../../plugins/session.js";
import {
  emptyForm,
  failedForm,
  fieldErrorsFromProblem,
  findBlankFields,
  readFields,
  type FormState,
} from "./forms.js";
import { preventCaching, renderFormPage } from "./render.js";

const passwordLabels = {
  current_password: "Current password",
  new_password: "New password",
};

const uuidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function accountRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accounts } = app;
  app.addHook("onSend", preventCaching);
  app.addHook("preHandler", requireSignedIn);

  app.get("/account", async (request, reply) => {
    const user = signedInUser(request);
    const profile = requireApiData(
      await accounts.getProfile(request.id, user.accessToken),
    );
    // The header shows the cached profile: keep it up to date.
    const cached = cacheProfile(profile);
    const previous = request.session.get("profile");
    if (JSON.stringify(previous) !== JSON.stringify(cached)) {
      request.session.set("profile", cached);
    }

    return renderFormPage(app, request, reply, "account/account.njk", {
      profile,
      verifyEmailUrl: "/verify-email",
    });
  });

  function renderPassword(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/password.njk",
      { form },
      { status },
    );
  }

  app.get("/account/password", async (request, reply) =>
    renderPassword(request, reply, emptyForm()),
  );

  app.post<{ Body: unknown }>("/account/password", async (request, reply) => {
    const user = signedInUser(request);
    const values = readFields(request.body, Object.keys(passwordLabels));
    const fail = (errors: Parameters<typeof failedForm>[1]): Promise<string> =>
      renderPassword(
        request,
        reply,
        failedForm(values, errors, {
          labels: passwordLabels,
          secretFields: Object.keys(passwordLabels),
        }),
        400,
      );

    const blank = findBlankFields(values, {
      current_password: "Enter your current password",
      new_password: "Enter a new password",
    });
    if (blank.length > 0) return fail(blank);

    const changed = await accounts.changePassword(
      request.id,
      user.accessToken,
      {
        current_password: values.current_password ?? "",
        new_password: values.new_password ?? "",
      },
    );
    if (!changed.ok && changed.status === 400) {
      return fail(
        fieldErrorsFromProblem(
          changed.problem,
          passwordLabels,
          "current_password",
        ),
      );
    }
    requireApiData(changed);
    request.log.info({ userId: user.userId }, "password changed");
    addFlash(request, {
      kind: "success",
      text: "Your password has been changed, and your other devices have been signed out.",
    });
    return reply.redirect("/account", 303);
  });

  app.get("/account/devices", async (request, reply) => {
    const user = signedInUser(request);
    const sessions = requireApiData(
      await accounts.listSessions(request.id, user.accessToken),
    );

    return renderFormPage(app, request, reply, "account/devices.njk", {
      sessions: sessions.results,
    });
  });

  app.post<{ Params: { id: string } }>(
    "/account/devices/:id/sign-out",
    async (request, reply) => {
      const user = signedInUser(request);
      const { id } = request.params;
      if (!uuidPattern.test(id)) {
        throw new PageError("NOT_FOUND", "No device matches this address.");
      }

      const ended = await accounts.endSession(request.id, user.accessToken, id);
      if (!ended.ok && ended.status === 404) {
        addFlash(request, {
          kind: "info",
          text: "That device was already signed out.",
        });
        return reply.redirect("/account/devices", 303);
      }
      requireApiData(ended);
      if (id === user.sessionId) {
        clearSession(request);
        addFlash(request, { kind: "success", text: "You have signed out." });
        return reply.redirect("/", 303);
      }
      addFlash(request, {
        kind: "success",
        text: "The device has been signed out.",
      });
      return reply.redirect("/account/devices", 303);
    },
  );

  app.post("/account/devices/sign-out-everywhere", async (request, reply) => {
    const user = signedInUser(request);

    requireApiData(
      await accounts.signOutEverywhere(request.id, user.accessToken),
    );

    request.log.info({ userId: user.userId }, "signed out everywhere");
    clearSession(request);
    addFlash(request, {
      kind: "success",
      text: "You have signed out on every device, this one included.",
    });
    return reply.redirect("/sign-in", 303);
  });

  done();
}
