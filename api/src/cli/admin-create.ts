// `npm run admin:create -- --email EMAIL`: creates a user with the admin
// role, or with --promote gives the role to the user who has that email.
// In a terminal it prompts for a missing email and password. The password
// prompt does not echo and asks twice. Without a terminal, every value must
// come as an option. The password is never printed.
// Exit status: 0 on success, 1 when a value breaks a rule, the email is taken
// or the database cannot be opened, 2 for invalid or missing arguments.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";

import { loadApiConfig } from "../config.js";
import { openDatabase, type DatabaseHandle } from "../db/client.js";
import { EmbeddedDatabaseLockedError } from "../db/lock.js";
import {
  findEmailProblem,
  findUsernameProblem,
  normaliseEmail,
} from "../features/auth/identifiers.js";
import {
  findPasswordProblem,
  hashPassword,
} from "../features/auth/passwords.js";
import {
  findUserByLogin,
  findUserClashes,
  insertUser,
} from "../features/auth/users.queries.js";
import { updateUserRole } from "../features/me/me.queries.js";

const usage = `Usage: npm run admin:create -- --email EMAIL [--password PASSWORD]
                            [--username USERNAME] [--promote]
Creates a user with the admin role. In a terminal, a missing email or
password is asked for; typing the password at the prompt keeps it out of the
shell history and the process list.
Options:
  --email EMAIL        the admin's email address (required)
  --password PASSWORD  8 to 128 characters, not a common password and not
                       the email or username
  --username USERNAME  optional sign-in name: 3 to 30 letters, digits, dots,
                       hyphens or underscores
  --promote            when a user already has the email, give them the
                       admin role and keep their password
  -h, --help           print this help
Environment:
  DATABASE_URL     PostgreSQL server; when unset, the embedded database in
                   BAZAAR_DATA_DIR/pglite, which the running shop must not
                   have open
  BAZAAR_DATA_DIR  data folder of the embedded database (default .data)
`;

/** A failure reported as one line on stderr, with the exit status. */
class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "CommandError";
  }
}

interface AdminOptions {
  email: string | undefined;
  password: string | undefined;
  username: string | undefined;
  isPromoteAllowed: boolean;
}

function usageError(message: string): CommandError {
  return new CommandError(`${message}\n${usage}`, 2);
}

function readOptions(args: string[]): AdminOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        username: { type: "string" },
        promote: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return "help";
  return {
    email: values.email,
    password: values.password,
    username: values.username,
    isPromoteAllowed: values.promote,
  };
}

function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

async function promptVisible(question: string): Promise<string> {
  const prompt = createInterface({
    input: process.stdin,
    output: process.stderr,
  });
  try {
    return (await prompt.question(question)).trim();
  } finally {
    prompt.close();
  }
}

/**
 * Reads one line from the terminal in raw mode without echoing it. Ctrl-C
 * and Ctrl-D on an empty line cancel with exit status 2.
 */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.resume();

  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (): void => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n") {
          finish();
          resolve(typed);
          return;
        }
        const isCancel =
          character === "\u0003" || (character === "\u0004" && typed === "");
        if (isCancel) {
          finish();
          reject(new CommandError("cancelled", 2));
          return;
        }
        if (character === "\u007f" || character === "\b") {
          typed = [...typed].slice(0, -1).join("");
        } else {
          typed += character;
        }
      }
    };
    input.on("data", onData);
  });
}

/** Prompts for a new password twice until it meets the policy and matches. */
async function promptNewPassword(
  email: string,
  username: string | undefined,
): Promise<string> {
  const maxAttempts = 3;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const password = await promptHidden("Password: ");
    const problem = findPasswordProblem(password, { email, username });
    if (problem) {
      process.stderr.write(`password ${problem}.\n`);
      continue;
    }
    if ((await promptHidden("Password again: ")) === password) return password;
    process.stderr.write("The two passwords differ.\n");
  }
  throw new CommandError(`no valid password after ${maxAttempts} attempts`, 1);
}

function assertPasswordValid(
  password: string,
  email: string,
  username: string | undefined,
): void {
  const problem = findPasswordProblem(password, { email, username });
  if (problem) throw new CommandError(`password ${problem}.`, 1);
}

async function readEmail(options: AdminOptions): Promise<string> {
  let email = options.email;
  if (email === undefined && isInteractive())
    email = await promptVisible("Email: ");
  if (email === undefined) throw usageError("--email is required");
  email = normaliseEmail(email);
  const problem = findEmailProblem(email);
  if (problem) throw new CommandError(`email ${problem}.`, 1);
  return email;
}

function readUsername(options: AdminOptions): string | undefined {
  const username = options.username?.trim() || undefined;
  const problem = username && findUsernameProblem(username);
  if (problem) throw new CommandError(`username ${problem}.`, 1);
  return username;
}

/** Returns the checked password from the options or the terminal. */
async function readPassword(
  options: AdminOptions,
  email: string,
  username: string | undefined,
): Promise<string> {
  if (options.password !== undefined) {
    assertPasswordValid(options.password, email, username);
    return options.password;
  }
  if (!isInteractive()) {
    throw usageError("--password is required when not run in a terminal");
  }
  return promptNewPassword(email, username);
}

async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const config = loadApiConfig();
  try {
    return await openDatabase({
      databaseUrl: config.databaseUrl,
      embeddedDir: path.join(config.dataDir, "pglite"),
    });
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseLockedError)) throw error;
    throw new CommandError(error.message, 1);
  }
}

/** Gives the admin role to the existing user, keeping their password. */
async function promoteUser(
  database: DatabaseHandle,
  user: { id: string; email: string; role: string },
  options: AdminOptions,
): Promise<void> {
  if (!options.isPromoteAllowed) {
    throw new CommandError(
      `a user with the email ${user.email} already exists: run again with --promote to give them the admin role`,
      1,
    );
  }
  if (options.password !== undefined || options.username !== undefined) {
    process.stderr.write(
      "note: --password and --username are ignored for an existing user\n",
    );
  }
  if (user.role === "admin") {
    process.stdout.write(`${user.email} already has the admin role\n`);
    return;
  }
  await updateUserRole(database.db, user.id, {
    role: "admin",
    now: new Date(),
  });
  process.stdout.write(
    `gave the admin role to ${user.email} (was ${user.role}, id ${user.id})\n`,
  );
}

async function createAdmin(
  database: DatabaseHandle,
  identifiers: { email: string; username: string | undefined },
  password: string,
): Promise<void> {
  const clashes = await findUserClashes(database.db, identifiers);
  if (clashes.length > 0) {
    throw new CommandError(
      `username ${identifiers.username ?? ""} is already taken`,
      1,
    );
  }

  const now = new Date();
  const user = await insertUser(database.db, {
    id: randomUUID(),
    email: identifiers.email,
    username: identifiers.username ?? null,
    passwordHash: await hashPassword(password),
    role: "admin",
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  process.stdout.write(`created admin ${user.email} (id ${user.id})\n`);
}

async function run(args: string[]): Promise<void> {
  const options = readOptions(args);
  if (options === "help") {
    process.stdout.write(usage);
    return;
  }
  const email = await readEmail(options);
  const username = readUsername(options);
  // With --promote the password is needed only when no user has the email.
  const password = options.isPromoteAllowed
    ? undefined
    : await readPassword(options, email, username);

  const database = await openConfiguredDatabase();
  try {
    await database.migrate();
    const login = { kind: "email", value: email.toLowerCase() } as const;
    const existing = await findUserByLogin(database.db, login);
    if (existing) {
      await promoteUser(database, existing, options);
      return;
    }
    const newPassword =
      password ?? (await readPassword(options, email, username));
    await createAdmin(database, { email, username }, newPassword);
  } finally {
    await database.close();
  }
}

async function main(args: string[]): Promise<number> {
  try {
    await run(args);
    return 0;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    process.stderr.write(`admin:create: ${error.message}\n`);
    return error.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
