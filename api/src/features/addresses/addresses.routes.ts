import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";

import { assertSomeFieldGiven } from "../../errors.js";
import { authenticate, requireUser } from "../../plugins/auth.js";
import { problemResponse } from "../products/problem.schemas.js";
import { presentAddress } from "./addresses.present.js";
import {
  AddressCreateBody,
  AddressList,
  AddressParams,
  AddressResponse,
  AddressUpdateBody,
} from "./addresses.schemas.js";
import {
  createAddressService,
  maxAddressesPerUser,
  type AddressFieldChanges,
} from "./addresses.service.js";

const bearerSecurity = [{ bearerAuth: [] }];
const unauthorized = problemResponse("The access token is missing or invalid.");
const notFound = problemResponse("The user has no address with this id.");

/** Maps a request body in the API's snake_case to the service's fields. */
function readAddressFields(body: AddressUpdateBody): AddressFieldChanges {
  return {
    name: body.name,
    line1: body.line1,
    line2: body.line2,
    city: body.city,
    region: body.region,
    postalCode: body.postal_code,
    country: body.country,
    phone: body.phone,
    isDefaultShipping: body.is_default_shipping,
  };
}

/** Registers the routes of the signed-in user's address book. */
export const addressRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const addresses = createAddressService({
    db: app.database.db,
    now: app.now,
  });

  app.get(
    "/me/addresses",
    {
      schema: {
        tags: ["me"],
        operationId: "listMyAddresses",
        summary: "The current user's address book",
        security: bearerSecurity,
        response: { 200: AddressList, 401: unauthorized },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const rows = await addresses.listAddresses(user.id);
      return { results: rows.map(presentAddress) };
    },
  );

  app.post(
    "/me/addresses",
    {
      schema: {
        tags: ["me"],
        operationId: "createMyAddress",
        summary: "Add an address to the current user's address book",
        description: `The first address becomes the default shipping address. An address book contains at most ${maxAddressesPerUser} addresses.`,
        security: bearerSecurity,
        body: AddressCreateBody,
        response: {
          201: AddressResponse,
          400: problemResponse("A field is missing or invalid."),
          401: unauthorized,
          409: problemResponse(
            `The address book already holds ${maxAddressesPerUser} addresses.`,
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      const fields = readAddressFields(request.body);
      const address = await addresses.createAddress(user.id, {
        ...fields,
        name: request.body.name,
        line1: request.body.line1,
        city: request.body.city,
        postalCode: request.body.postal_code,
        country: request.body.country,
      });
      return reply.code(201).send(presentAddress(address));
    },
  );

  app.get(
    "/me/addresses/:id",
    {
      schema: {
        tags: ["me"],
        operationId: "getMyAddress",
        summary: "One address of the current user's address book",
        description: "Another user's address is not found (404).",
        security: bearerSecurity,
        params: AddressParams,
        response: {
          200: AddressResponse,
          400: problemResponse("The id is not a UUID."),
          401: unauthorized,
          404: notFound,
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const address = await addresses.getAddressOrThrow(
        user.id,
        request.params.id,
      );
      return presentAddress(address);
    },
  );

  app.patch(
    "/me/addresses/:id",
    {
      schema: {
        tags: ["me"],
        operationId: "updateMyAddress",
        summary: "Change an address of the current user's address book",
        description:
          "Setting is_default_shipping to true moves the default here; the default cannot be turned off directly. Another user's address is not found (404).",
        security: bearerSecurity,
        params: AddressParams,
        body: AddressUpdateBody,
        response: {
          200: AddressResponse,
          400: problemResponse("The id is not a UUID, or a field is invalid."),
          401: unauthorized,
          404: notFound,
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      assertSomeFieldGiven(
        request.body,
        Object.keys(AddressUpdateBody.properties),
      );
      const address = await addresses.updateAddress(
        user.id,
        request.params.id,
        readAddressFields(request.body),
      );
      return presentAddress(address);
    },
  );

  app.delete(
    "/me/addresses/:id",
    {
      schema: {
        tags: ["me"],
        operationId: "deleteMyAddress",
        summary: "Delete an address of the current user's address book",
        description:
          "When the default shipping address is deleted, the newest remaining address becomes the default. Another user's address is not found (404).",
        security: bearerSecurity,
        params: AddressParams,
        response: {
          204: Type.Null({ description: "No content." }),
          400: problemResponse("The id is not a UUID."),
          401: unauthorized,
          404: notFound,
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      await addresses.deleteAddress(user.id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
