// Forgotten passwords. `/forgot-password` asks the API for a reset link and
// always leads to the same confirmation page, whatever the address, so the
// page does not reveal which addresses have accounts. `/reset-password?token=`
// is the page the link opens: a new password form that signs every session
// of the user out, this browser's too.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData } from "../../api/accounts.js";
import { addFlash, clearSession } from "../../plugins/session.js";
import {
  emptyForm,
  failedForm,
  fieldErrorsFromProblem,
  findBlankFields,
  readFields,
  readLinkToken,
  waitMessage,
  type FormState,
} from "./forms.js";
import { preventCaching, renderFormPage } from "./render.js";

const forgotLabels = { email: "Email address" };
const resetLabels = { new_password: "New password" };

/** Something, an at sign, and a domain with a dot; no spaces or brackets. */
const plausibleEmail = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>().]+$/;

export const passwordResetMessage =
  "Your password has been changed. Please sign in.";

type FormBody = { Body: unknown };

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function passwordResetRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accountSettings } = app;
  app.addHook("onSend", preventCaching);

  function renderForgot(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/forgot-password.njk",
      { form },
      { status },
    );
  }

  function renderReset(
    request: FastifyRequest,
    reply: FastifyReply,
    context: { form?: FormState; isTokenInvalid?: boolean },
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/reset-password.njk",
      context,
      { status },
    );
  }

  app.get("/forgot-password", async (request, reply) =>
    renderForgot(request, reply, emptyForm()),
  );

  app.post<FormBody>("/forgot-password", async (request, reply) => {
    const values = readFields(request.body, ["email"]);
    const fail = (errors: Parameters<typeof failedForm>[1]): Promise<string> =>
      renderForgot(
        request,
        reply,
        failedForm(values, errors, { labels: forgotLabels }),
        400,
      );

    const blank = findBlankFields(values, {
      email: "Enter your email address",
    });
    if (blank.length > 0) return fail(blank);
    // The API answers every address alike, so a typo would leave the shopper
    // waiting for mail that never comes; catch the obvious ones here.
    if (!plausibleEmail.test(values.email?.trim() ?? "")) {
      return fail([
        {
          field: "email",
          message:
            "Enter an email address in the correct format, like name@example.com",
        },
      ]);
    }

    const requested = await accountSettings.requestPasswordReset(
      request.id,
      values.email?.trim() ?? "",
    );
    if (!requested.ok && requested.status === 429) {
      const message = `There have been too many requests. ${waitMessage(requested, "asking again")}`;
      return fail([{ field: "email", message }]);
    }
    if (!requested.ok && requested.status === 400) {
      return fail(
        fieldErrorsFromProblem(requested.problem, forgotLabels, "email"),
      );
    }
    requireApiData(requested);
    return reply.redirect("/forgot-password/sent", 303);
  });

  app.get("/forgot-password/sent", async (request, reply) =>
    renderFormPage(app, request, reply, "account/forgot-password-sent.njk", {}),
  );

  app.get<{ Querystring: { token?: unknown } }>(
    "/reset-password",
    async (request, reply) => {
      const token = readLinkToken(request.query.token);
      if (token === undefined) {
        return renderReset(request, reply, { isTokenInvalid: true }, 400);
      }
      return renderReset(request, reply, { form: emptyForm({ token }) });
    },
  );

  app.post<FormBody>("/reset-password", async (request, reply) => {
    const values = readFields(request.body, ["token", "new_password"]);
    const token = readLinkToken(values.token);
    if (token === undefined) {
      return renderReset(request, reply, { isTokenInvalid: true }, 400);
    }
    const fail = (errors: Parameters<typeof failedForm>[1]): Promise<string> =>
      renderReset(
        request,
        reply,
        {
          form: failedForm(values, errors, {
            labels: resetLabels,
            secretFields: ["new_password"],
          }),
        },
        400,
      );

    const blank = findBlankFields(values, {
      new_password: "Enter a new password",
    });
    if (blank.length > 0) return fail(blank);

    const confirmed = await accountSettings.confirmPasswordReset(
      request.id,
      token,
      values.new_password ?? "",
    );
    if (!confirmed.ok && confirmed.status === 429) {
      const message = `There have been too many attempts. ${waitMessage(confirmed, "trying again")}`;
      return fail([{ field: "new_password", message }]);
    }
    if (!confirmed.ok && confirmed.status === 400) {
      const apiErrors = confirmed.problem?.errors ?? [];
      if (apiErrors.some((error) => error.field === "token")) {
        return renderReset(request, reply, { isTokenInvalid: true }, 400);
      }
      return fail(
        fieldErrorsFromProblem(confirmed.problem, resetLabels, "new_password"),
      );
    }
    requireApiData(confirmed);

    // The API has ended every session of the user, so this browser's
    // tokens, if any, are dead too.
    clearSession(request);
    addFlash(request, { kind: "success", text: passwordResetMessage });
    return reply.redirect("/sign-in", 303);
  });

  done();
}
