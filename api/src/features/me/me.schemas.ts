import { Type, type Static } from "@sinclair/typebox";

export const Session = Type.Object({
  id: Type.String({ format: "uuid", description: "Session id." }),
  device_label: Type.Union([Type.String(), Type.Null()], {
    description: "The label given at sign-in, or null.",
  }),
  created_at: Type.String({
    format: "date-time",
    description: "When the user signed in.",
  }),
  last_used_at: Type.String({
    format: "date-time",
    description: "When the session last refreshed its tokens.",
  }),
  current: Type.Boolean({
    description: "Whether this is the session of the request's access token.",
  }),
});
export type Session = Static<typeof Session>;

export const SessionList = Type.Object({
  results: Type.Array(Session, {
    description: "Active sessions, most recently used first.",
  }),
});

export const SessionParams = Type.Object({
  id: Type.String({ format: "uuid", description: "Session id." }),
});
