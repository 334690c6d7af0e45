// Serves images: the demo pictures shipped in api/media/demo/ under
// /media/demo/, and uploaded files from the data folder under
// /media/uploads/. Directory listings are off and the routes are left out of
// the OpenAPI document (`schemaHide`, true by default in @fastify/static 8).
//
// Uploaded files come from staff and may include SVG, which can carry
// scripts. Every media response therefore sends a Content-Security-Policy
// that blocks scripts and a `nosniff` header, so a file opened directly in
// the browser cannot run code on the shop's origin.
import { mkdirSync } from "node:fs";
import path from "node:path";

import fastifyStatic, { type SetHeadersResponse } from "@fastify/static";
import type { FastifyError, FastifyInstance } from "fastify";

import { demoMediaDir } from "../demo-catalog/demo-catalog.service.js";

const oneWeekMs = 7 * 24 * 60 * 60 * 1000;
const oneHourMs = 60 * 60 * 1000;

function setSafeMediaHeaders(response: SetHeadersResponse): void {
  response.setHeader(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  );
  response.setHeader("X-Content-Type-Options", "nosniff");
}

/** Registers the /media/demo/ and /media/uploads/ file routes. */
export async function mediaRoutes(app: FastifyInstance): Promise<void> {
  const uploadsDir = path.join(app.config.dataDir, "media", "uploads");
  mkdirSync(uploadsDir, { recursive: true });

  // The file sender responds to a directory path with a 403 error. A folder is
  // not a resource here, so it gets the usual 404 problem instead.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.statusCode === 403) return reply.callNotFound();
    throw error;
  });

  // The demo pictures change only with a release, so browsers may keep them
  // for a week.
  await app.register(fastifyStatic, {
    root: demoMediaDir,
    prefix: "/media/demo/",
    list: false,
    index: false,
    maxAge: oneWeekMs,
    setHeaders: setSafeMediaHeaders,
  });
  await app.register(fastifyStatic, {
    root: uploadsDir,
    prefix: "/media/uploads/",
    list: false,
    index: false,
    maxAge: oneHourMs,
    decorateReply: false,
    setHeaders: setSafeMediaHeaders,
  });
}
