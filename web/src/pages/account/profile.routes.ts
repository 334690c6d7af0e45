// The signed-in user's own data: the profile form, account deletion and the
// JSON download of everything stored about them. A new email address only
// replaces the current one once the code sent to it is entered, so the
// profile form leads to /verify-email when the email changes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { Profile } from "../../api/accounts.js";
import { requireApiData } from "../../api/accounts.js";
import type { ProfileChanges } from "../../api/account-settings.js";
import { isApiUnreachable, pageErrorFromResponse } from "../../api/client.js";
import { PageError, SessionEndedError } from "../../errors.js";
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
  waitMessage,
  type FormState,
} from "./forms.js";
import { preventCaching, renderFormPage } from "./render.js";

const profileLabels = {
  first_name: "First name",
  last_name: "Last name",
  username: "Username",
  phone: "Phone number",
  email: "Email address",
};

const deleteLabels = { password: "Password" };

export const accountDeletedMessage = "Your account has been deleted.";

type FormBody = { Body: unknown };

function profileValues(profile: Profile): Record<string, string> {
  return {
    first_name: profile.first_name,
    last_name: profile.last_name,
    username: profile.username ?? "",
    phone: profile.phone ?? "",
    email: profile.email,
  };
}

/**
 * Returns the fields of `values` that differ from `profile`, in the API's
 * form: a blank username or phone becomes null, which removes it.
 */
export function findProfileChanges(
  profile: Profile,
  values: Record<string, string>,
): ProfileChanges {
  const current = profileValues(profile);
  const typed = (name: string): string => values[name]?.trim() ?? "";
  const changes: ProfileChanges = {};
  if (typed("first_name") !== current.first_name) {
    changes.first_name = typed("first_name");
  }
  if (typed("last_name") !== current.last_name) {
    changes.last_name = typed("last_name");
  }
  if (typed("username") !== current.username) {
    changes.username = typed("username") || null;
  }
  if (typed("phone") !== current.phone) changes.phone = typed("phone") || null;
  if (typed("email").toLowerCase() !== current.email?.toLowerCase()) {
    changes.email = typed("email");
  }
  return changes;
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function profileRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accounts, accountSettings } = app;
  app.addHook("onSend", preventCaching);
  app.addHook("preHandler", requireSignedIn);

  async function loadProfile(request: FastifyRequest): Promise<Profile> {
    const user = signedInUser(request);
    return requireApiData(
      await accounts.getProfile(request.id, user.accessToken),
    );
  }

  function renderProfile(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/profile.njk",
      { form },
      { status },
    );
  }

  app.get("/account/profile", async (request, reply) => {
    const profile = await loadProfile(request);
    return renderProfile(request, reply, emptyForm(profileValues(profile)));
  });

  app.post<FormBody>("/account/profile", async (request, reply) => {
    const user = signedInUser(request);
    const values = readFields(request.body, Object.keys(profileLabels));
    const fail = (errors: Parameters<typeof failedForm>[1]): Promise<string> =>
      renderProfile(
        request,
        reply,
        failedForm(values, errors, { labels: profileLabels }),
        400,
      );

    const blank = findBlankFields(values, {
      email: "Enter your email address",
    });
    if (blank.length > 0) return fail(blank);
    const profile = await loadProfile(request);
    const changes = findProfileChanges(profile, values);
    if (Object.keys(changes).length === 0) {
      addFlash(request, { kind: "info", text: "You made no changes." });
      return reply.redirect("/account", 303);
    }

    const updated = await accountSettings.updateProfile(
      request.id,
      user.accessToken,
      changes,
    );
    if (!updated.ok && updated.status === 429) {
      const message = `A code went to this address recently. ${waitMessage(updated, "asking for another one")}`;
      return fail([{ field: "email", message }]);
    }
    if (!updated.ok && [400, 409].includes(updated.status)) {
      return fail(
        fieldErrorsFromProblem(updated.problem, profileLabels, "email"),
      );
    }
    const saved = requireApiData(updated);

    request.session.set("profile", cacheProfile(saved));
    request.log.info({ userId: user.userId }, "profile updated");
    if (saved.email_change !== undefined) {
      addFlash(request, {
        kind: "info",
        text: `We sent a code to ${saved.email_change.sent_to}. Your email address stays ${saved.email} until you confirm the new one.`,
      });
      return reply.redirect("/verify-email", 303);
    }
    addFlash(request, {
      kind: "success",
      text: "Your profile has been updated.",
    });
    return reply.redirect("/account", 303);
  });

  function renderDelete(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/delete.njk",
      { form },
      { status },
    );
  }

  app.get("/account/delete", async (request, reply) =>
    renderDelete(request, reply, emptyForm()),
  );

  app.post<FormBody>("/account/delete", async (request, reply) => {
    const user = signedInUser(request);
    const values = readFields(request.body, ["password"]);
    const fail = (errors: Parameters<typeof failedForm>[1]): Promise<string> =>
      renderDelete(
        request,
        reply,
        failedForm(values, errors, {
          labels: deleteLabels,
          secretFields: ["password"],
        }),
        400,
      );

    const blank = findBlankFields(values, {
      password: "Enter your password",
    });
    if (blank.length > 0) return fail(blank);

    const deleted = await accountSettings.deleteAccount(
      request.id,
      user.accessToken,
      values.password ?? "",
    );
    if (!deleted.ok && deleted.status === 400) {
      return fail(
        fieldErrorsFromProblem(deleted.problem, deleteLabels, "password"),
      );
    }
    requireApiData(deleted);

    request.log.info({ userId: user.userId }, "account deleted");
    clearSession(request);
    addFlash(request, { kind: "success", text: accountDeletedMessage });
    return reply.redirect("/", 303);
  });

  // A GET, because the download changes nothing. The API's body is streamed
  // on as it arrives, with its file name.
  app.get("/account/export", async (request, reply) => {
    const user = signedInUser(request);

    let response;
    try {
      response = await accountSettings.streamExport(
        request.id,
        user.accessToken,
      );
    } catch (error) {
      if (!isApiUnreachable(error)) throw error;
      throw new PageError(
        "SERVICE_UNAVAILABLE",
        "The API could not be reached for the export.",
        { cause: error },
      );
    }
    if (response.statusCode !== 200) {
      const body: unknown = await response.body.json().catch(() => undefined);
      if (response.statusCode === 401) throw new SessionEndedError();
      throw pageErrorFromResponse(response.statusCode, body);
    }

    const disposition = response.headers["content-disposition"];
    reply.header(
      "content-disposition",
      typeof disposition === "string"
        ? disposition
        : 'attachment; filename="bazaar-export.json"',
    );
    reply.type("application/json; charset=utf-8");
    return reply.send(response.body);
  });

  done();
}
