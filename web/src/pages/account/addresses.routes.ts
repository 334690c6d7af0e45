// The signed-in user's address book: the list with the default shipping
// address marked, the add and edit forms, a confirmation page before
// deleting, and a button that makes an address the default. The API checks
// every field; its field errors are shown next to the matching field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { ApiOutcome } from "../../api/accounts.js";
import { requireApiData } from "../../api/accounts.js";
import type { Address, NewAddress } from "../../api/account-settings.js";
import { PageError } from "../../errors.js";
import {
  addFlash,
  requireSignedIn,
  signedInUser,
} from "../../plugins/session.js";
import { countryChoices, countryName } from "./countries.js";
import {
  emptyForm,
  failedForm,
  fieldErrorsFromProblem,
  findBlankFields,
  readFields,
  type FormState,
} from "./forms.js";
import { preventCaching, renderFormPage } from "./render.js";

const addressLabels = {
  name: "Full name",
  line1: "Address line 1",
  line2: "Address line 2",
  city: "Town or city",
  region: "County, state or province",
  postal_code: "Postcode or ZIP code",
  country: "Country",
  phone: "Phone number",
  is_default_shipping: "Default shipping address",
};

const requiredAddressFields = {
  name: "Enter the full name of the recipient",
  line1: "Enter the first line of the address",
  city: "Enter the town or city",
  postal_code: "Enter the postcode or ZIP code",
  country: "Choose a country",
};

const listPath = "/account/addresses";

const uuidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type IdParams = { Params: { id: string } };
type FormBody = { Body: unknown };

const selectableCountries = countryChoices.map((choice) => ({
  value: choice.code,
  label: choice.name,
}));

function readAddressId(raw: string): string {
  if (!uuidPattern.test(raw)) {
    throw new PageError("NOT_FOUND", "No address matches this address.");
  }
  return raw;
}

function addressValues(address: Address): Record<string, string> {
  return {
    name: address.name,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    region: address.region,
    postal_code: address.postal_code,
    country: address.country,
    phone: address.phone,
    is_default_shipping: address.is_default_shipping ? "yes" : "",
  };
}

/** Builds the API body of the address form, every text field trimmed. */
export function toAddressBody(values: Record<string, string>): NewAddress {
  const text = (name: string): string => values[name]?.trim() ?? "";
  return {
    name: text("name"),
    line1: text("line1"),
    line2: text("line2"),
    city: text("city"),
    region: text("region"),
    postal_code: text("postal_code"),
    country: text("country").toUpperCase(),
    phone: text("phone"),
    is_default_shipping: values.is_default_shipping === "yes",
  };
}

/** Returns the 404 page for an address the user does not have. */
function addressNotFound(): PageError {
  return new PageError("NOT_FOUND", "You have no address with this id.");
}

function requireAddress<T>(outcome: ApiOutcome<T>): T {
  if (!outcome.ok && outcome.status === 404) throw addressNotFound();
  return requireApiData(outcome);
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function addressRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accountSettings } = app;
  app.addHook("onSend", preventCaching);
  app.addHook("preHandler", requireSignedIn);

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    context: { form: FormState; addressId?: string },
    status = 200,
  ): Promise<string> {
    return renderFormPage(
      app,
      request,
      reply,
      "account/address-form.njk",
      { ...context, countries: selectableCountries },
      { status },
    );
  }

  /** Re-renders the form with the errors of a failed save, or throws. */
  function renderSaveErrors(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    outcome: ApiOutcome<Address>,
    addressId?: string,
  ): Promise<string> | undefined {
    if (outcome.ok || ![400, 409].includes(outcome.status)) return undefined;
    const errors = fieldErrorsFromProblem(
      outcome.problem,
      addressLabels,
      "name",
    );
    const form = failedForm(values, errors, { labels: addressLabels });
    return renderForm(request, reply, { form, addressId }, 400);
  }

  app.get(listPath, async (request, reply) => {
    const user = signedInUser(request);
    const list = requireApiData(
      await accountSettings.listAddresses(request.id, user.accessToken),
    );

    const addresses = list.results.map((address) => ({
      ...address,
      countryName: countryName(address.country),
    }));
    return renderFormPage(app, request, reply, "account/addresses.njk", {
      addresses,
    });
  });

  app.get(`${listPath}/new`, async (request, reply) =>
    renderForm(request, reply, { form: emptyForm() }),
  );

  app.post<FormBody>(listPath, async (request, reply) => {
    const user = signedInUser(request);
    const values = readFields(request.body, Object.keys(addressLabels));
    const blank = findBlankFields(values, requiredAddressFields);
    if (blank.length > 0) {
      const form = failedForm(values, blank, { labels: addressLabels });
      return renderForm(request, reply, { form }, 400);
    }

    const created = await accountSettings.createAddress(
      request.id,
      user.accessToken,
      toAddressBody(values),
    );
    const failed = renderSaveErrors(request, reply, values, created);
    if (failed !== undefined) return failed;
    requireApiData(created);

    addFlash(request, { kind: "success", text: "The address has been added." });
    return reply.redirect(listPath, 303);
  });

  app.get<IdParams>(`${listPath}/:id/edit`, async (request, reply) => {
    const user = signedInUser(request);
    const id = readAddressId(request.params.id);

    const address = requireAddress(
      await accountSettings.getAddress(request.id, user.accessToken, id),
    );

    return renderForm(request, reply, {
      form: emptyForm(addressValues(address)),
      addressId: id,
    });
  });

  app.post<IdParams & FormBody>(
    `${listPath}/:id/edit`,
    async (request, reply) => {
      const user = signedInUser(request);
      const id = readAddressId(request.params.id);
      const values = readFields(request.body, Object.keys(addressLabels));
      const blank = findBlankFields(values, requiredAddressFields);
      if (blank.length > 0) {
        const form = failedForm(values, blank, { labels: addressLabels });
        return renderForm(request, reply, { form, addressId: id }, 400);
      }

      // An unticked box leaves the default where it is: the API refuses to
      // turn the default off, because another address must take it over.
      const { is_default_shipping: isDefault, ...fields } =
        toAddressBody(values);
      const changes = isDefault
        ? { ...fields, is_default_shipping: true }
        : fields;
      const updated = await accountSettings.updateAddress(
        request.id,
        user.accessToken,
        id,
        changes,
      );
      const failed = renderSaveErrors(request, reply, values, updated, id);
      if (failed !== undefined) return failed;
      requireAddress(updated);

      addFlash(request, {
        kind: "success",
        text: "The address has been updated.",
      });
      return reply.redirect(listPath, 303);
    },
  );

  app.post<IdParams>(`${listPath}/:id/default`, async (request, reply) => {
    const user = signedInUser(request);
    const id = readAddressId(request.params.id);

    requireAddress(
      await accountSettings.updateAddress(request.id, user.accessToken, id, {
        is_default_shipping: true,
      }),
    );

    addFlash(request, {
      kind: "success",
      text: "Your default shipping address has been changed.",
    });
    return reply.redirect(listPath, 303);
  });

  app.get<IdParams>(`${listPath}/:id/delete`, async (request, reply) => {
    const user = signedInUser(request);
    const id = readAddressId(request.params.id);

    const address = requireAddress(
      await accountSettings.getAddress(request.id, user.accessToken, id),
    );

    return renderFormPage(app, request, reply, "account/address-delete.njk", {
      address: { ...address, countryName: countryName(address.country) },
    });
  });

  app.post<IdParams>(`${listPath}/:id/delete`, async (request, reply) => {
    const user = signedInUser(request);
    const id = readAddressId(request.params.id);

    const deleted = await accountSettings.deleteAddress(
      request.id,
      user.accessToken,
      id,
    );
    if (!deleted.ok && deleted.status === 404) {
      addFlash(request, {
        kind: "info",
        text: "That address was already deleted.",
      });
      return reply.redirect(listPath, 303);
    }
    requireApiData(deleted);

    addFlash(request, {
      kind: "success",
      text: "The address has been deleted.",
    });
    return reply.redirect(listPath, 303);
  });

  done();
}
