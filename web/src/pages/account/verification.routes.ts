// Email and phone verification. The signed-in user types the 6-digit code
// from the message, or requests a new one. The link in the email
// (`/verify-email?token=...`) works without sign-in: it shows a button that
// posts the token, so a mail scanner that opens links cannot use the
// single-use token up before its owner does.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { ApiOutcome, Profile } from "../../api/accounts.js";
import { requireApiData } from "../../api/accounts.js";
import type { CodeSent } from "../../api/account-settings.js";
import {
  addFlash,
  cacheProfile,
  requireSignedIn,
  signedInUser,
} from "../../plugins/session.js";
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

const codeLabels = { code: "Code" };

type FormBody = { Body: unknown };

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function verificationRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accounts, accountSettings } = app;
  app.addHook("onSend", preventCaching);

  async function loadProfile(request: FastifyRequest): Promise<Profile> {
    const user = signedInUser(request);
    return requireApiData(
      await accounts.getProfile(request.id, user.accessToken),
    );
  }

  async function renderCodePage(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    form: FormState,
    status = 200,
  ): Promise<string> {
    const profile = await loadProfile(request);
    return renderFormPage(
      app,
      request,
      reply,
      template,
      { form, profile },
      { status },
    );
  }

  /** Turns the response to a new code request into a flash and a redirect. */
  function answerCodeRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: ApiOutcome<CodeSent>,
    options: { page: string; channel: string },
  ): FastifyReply {
    if (!outcome.ok && outcome.status === 429) {
      const text = `A code was sent recently. ${waitMessage(outcome, "asking for another one")}`;
      addFlash(request, { kind: "error", text });
      return reply.redirect(options.page, 303);
    }
    if (!outcome.ok && outcome.status === 409) {
      const text = outcome.problem?.detail ?? "There is nothing to verify.";
      addFlash(request, { kind: "info", text });
      return reply.redirect("/account", 303);
    }
    const sent = requireApiData(outcome);
    addFlash(request, {
      kind: "success",
      text: `We sent a new code to ${sent.sent_to} by ${options.channel}.`,
    });
    return reply.redirect(options.page, 303);
  }

  /** Checks a typed code, then renders the form errors or redirects. */
  async function answerCodeCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      template: string;
      verify: (code: string) => Promise<ApiOutcome<Profile>>;
      successText: string;
    },
  ): Promise<string | FastifyReply> {
    const values = readFields(request.body, ["code"]);
    const fail = (errors: Parameters<typeof failedForm>[1]): Promise<string> =>
      renderCodePage(
        request,
        reply,
        options.template,
        failedForm(values, errors, { labels: codeLabels }),
        400,
      );

    const blank = findBlankFields(values, {
      code: "Enter the 6-digit code from the message",
    });
    if (blank.length > 0) return fail(blank);

    const verified = await options.verify(values.code?.trim() ?? "");
    if (!verified.ok && verified.status === 400) {
      return fail(fieldErrorsFromProblem(verified.problem, codeLabels, "code"));
    }
    if (!verified.ok && verified.status === 409) {
      return fail([
        {
          field: "code",
          message:
            "The new email address now belongs to another account, so it cannot be used. Change your email address again.",
        },
      ]);
    }
    if (!verified.ok && verified.status === 429) {
      const message = `There have been too many attempts. ${waitMessage(verified, "trying again")}`;
      return fail([{ field: "code", message }]);
    }
    const profile = requireApiData(verified);

    request.session.set("profile", cacheProfile(profile));
    addFlash(request, { kind: "success", text: options.successText });
    return reply.redirect("/account", 303);
  }

  app.get<{ Querystring: { token?: unknown } }>(
    "/verify-email",
    async (request, reply) => {
      const token = readLinkToken(request.query.token);
      if (token !== undefined) {
        return renderFormPage(app, request, reply, "account/verify-link.njk", {
          token,
        });
      }
      const redirect = await requireSignedIn(request, reply);
      if (redirect !== undefined) return redirect;
      return renderCodePage(
        request,
        reply,
        "account/verify-email.njk",
        emptyForm(),
      );
    },
  );

  app.post<FormBody>(
    "/verify-email",
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const user = signedInUser(request);
      return answerCodeCheck(request, reply, {
        template: "account/verify-email.njk",
        verify: (code) =>
          accountSettings.verifyEmail(request.id, user.accessToken, { code }),
        successText: "Your email address has been verified.",
      });
    },
  );

  app.post(
    "/verify-email/resend",
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const user = signedInUser(request);
      const outcome = await accountSettings.requestEmailCode(
        request.id,
        user.accessToken,
      );
      return answerCodeRequest(request, reply, outcome, {
        page: "/verify-email",
        channel: "email",
      });
    },
  );

  app.post<FormBody>("/verify-email/link", async (request, reply) => {
    const token = readLinkToken(readFields(request.body, ["token"]).token);
    const failLink = (problem: string): Promise<string> =>
      renderFormPage(
        app,
        request,
        reply,
        "account/verify-link.njk",
        { problem },
        { status: 400 },
      );
    if (token === undefined) {
      return failLink("This verification link is incomplete.");
    }

    // The token proves who the user is, so no access token goes with it.
    const verified = await accountSettings.verifyEmail(request.id, undefined, {
      token,
    });
    if (!verified.ok && verified.status === 400) {
      return failLink("This verification link is invalid, used or expired.");
    }
    if (!verified.ok && verified.status === 409) {
      return failLink(
        "The new email address now belongs to another account, so it cannot be used.",
      );
    }
    if (!verified.ok && verified.status === 429) {
      return failLink(
        `There have been too many attempts. ${waitMessage(verified, "trying again")}`,
      );
    }
    const profile = requireApiData(verified);

    addFlash(request, {
      kind: "success",
      text: "Your email address has been verified.",
    });
    if (request.user === null) return reply.redirect("/sign-in", 303);
    if (request.user.userId === profile.id) {
      request.session.set("profile", cacheProfile(profile));
    }
    return reply.redirect("/account", 303);
  });

  app.get(
    "/verify-phone",
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const profile = await loadProfile(request);
      if (profile.phone === null) {
        addFlash(request, {
          kind: "info",
          text: "Add a phone number to your profile first, then verify it.",
        });
        return reply.redirect("/account/profile", 303);
      }
      if (profile.phone_verified) {
        addFlash(request, {
          kind: "info",
          text: "Your phone number is already verified.",
        });
        return reply.redirect("/account", 303);
      }
      return renderFormPage(app, request, reply, "account/verify-phone.njk", {
        form: emptyForm(),
        profile,
      });
    },
  );

  app.post(
    "/verify-phone/send",
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const user = signedInUser(request);
      const outcome = await accountSettings.requestPhoneCode(
        request.id,
        user.accessToken,
      );
      return answerCodeRequest(request, reply, outcome, {
        page: "/verify-phone",
        channel: "text message",
      });
    },
  );

  app.post<FormBody>(
    "/verify-phone",
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const user = signedInUser(request);
      return answerCodeCheck(request, reply, {
        template: "account/verify-phone.njk",
        verify: (code) =>
          accountSettings.verifyPhone(request.id, user.accessToken, code),
        successText: "Your phone number has been verified.",
      });
    },
  );

  done();
}
