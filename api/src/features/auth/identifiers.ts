// The three identifiers a user can sign in with, and how each is checked and
// normalised. The username rules keep the three apart: a username contains
// no "@" and at least one letter, so a login string is an email when it has
// an "@", a phone number when it is made of digits and phone punctuation,
// and a username otherwise.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export const maxEmailLength = 254;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,29}$/;
const phoneLikePattern = /^\+?[\d\s().-]+$/;

/** Trims an email; the stored address keeps its letter case. */
export function normaliseEmail(email: string): string {
  return email.trim();
}

/** Checks a trimmed email. Returns the broken rule, or undefined. */
export function findEmailProblem(email: string): string | undefined {
  if (email.length > maxEmailLength) {
    return `must be at most ${maxEmailLength} characters long`;
  }
  if (!emailPattern.test(email)) {
    return "must be an email address such as name@example.com";
  }
  return undefined;
}

/** Checks a username. Returns the broken rule, or undefined. */
export function findUsernameProblem(username: string): string | undefined {
  if (username.includes("@")) {
    return "must not be an email address";
  }
  if (!usernamePattern.test(username)) {
    return "must be 3 to 30 letters, digits, dots, hyphens or underscores, starting with a letter or digit";
  }
  if (!/[A-Za-z]/.test(username)) {
    return "must contain a letter, so that it cannot be mistaken for a phone number";
  }
  return undefined;
}

/**
 * Parses a phone number in international format. Returns it in E.164 form
 * (`+442079460958`), or undefined when it is not a valid number.
 */
export function normalisePhone(phone: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone.trim());
  if (!parsed?.isValid()) return undefined;
  return parsed.number;
}

export const phoneRule =
  "must be a valid phone number in international format, starting with + and the country code, such as +44 20 7946 0958";

export type Login =
  | { kind: "email"; value: string }
  | { kind: "username"; value: string }
  | { kind: "phone"; value: string | undefined };

/**
 * Classifies a sign-in login as email, phone or username and normalises it:
 * emails and usernames lower-cased, phones in E.164 (undefined when invalid,
 * which matches no user).
 */
export function classifyLogin(login: string): Login {
  const trimmed = login.trim();
  if (trimmed.includes("@")) {
    return { kind: "email", value: trimmed.toLowerCase() };
  }
  if (phoneLikePattern.test(trimmed)) {
    return { kind: "phone", value: normalisePhone(trimmed) };
  }
  return { kind: "username", value: trimmed.toLowerCase() };
}
