// Parses the rate limit settings. Each fixed-window rule is one variable in
// the form MAX/SECONDS, such as RATE_LIMIT_SIGN_IN_PER_ADDRESS=20/60 for 20
// sign-in attempts per client address per minute.

type Environment = Record<string, string | undefined>;

/** At most `max` requests per key in a window of `windowSeconds`. */
export interface RateLimitRule {
  readonly max: number;
  readonly windowSeconds: number;
}

/** The sign-in lockout of one account after repeated failures. */
export interface SignInLockout {
  /** Failures that lock the account; each further failure doubles the lock. */
  readonly failures: number;
  /** How long a failure counts when no further failure follows. */
  readonly windowSeconds: number;
  /** Length of the first lock. */
  readonly baseLockSeconds: number;
  /** Longest lock, however many failures came before. */
  readonly maxLockSeconds: number;
}

export const rateLimitRuleNames = [
  "signInPerAddress",
  "registerPerAddress",
  "registerPerEmail",
  "codeCheckPerAddress",
  "codeCheckPerUser",
  "resetRequestPerAddress",
  "resetRequestPerEmail",
  "resetConfirmPerAddress",
] as const;

export type RateLimitRuleName = (typeof rateLimitRuleNames)[number];

export interface RateLimitSettings {
  /** False turns every rate limit off (the default when NODE_ENV=test). */
  readonly isEnabled: boolean;
  readonly rules: Readonly<Record<RateLimitRuleName, RateLimitRule>>;
  readonly signInLockout: SignInLockout;
}

/** The defaults, with the environment variable that overrides each rule. */
const ruleDefaults: Record<
  RateLimitRuleName,
  { variable: string; max: number; windowSeconds: number }
> = {
  signInPerAddress: {
    variable: "RATE_LIMIT_SIGN_IN_PER_ADDRESS",
    max: 20,
    windowSeconds: 60,
  },
  registerPerAddress: {
    variable: "RATE_LIMIT_REGISTER_PER_ADDRESS",
    max: 10,
    windowSeconds: 3600,
  },
  registerPerEmail: {
    variable: "RATE_LIMIT_REGISTER_PER_EMAIL",
    max: 3,
    windowSeconds: 3600,
  },
  codeCheckPerAddress: {
    variable: "RATE_LIMIT_CODE_CHECK_PER_ADDRESS",
    max: 30,
    windowSeconds: 900,
  },
  codeCheckPerUser: {
    variable: "RATE_LIMIT_CODE_CHECK_PER_USER",
    max: 10,
    windowSeconds: 900,
  },
  resetRequestPerAddress: {
    variable: "RATE_LIMIT_RESET_REQUEST_PER_ADDRESS",
    max: 10,
    windowSeconds: 3600,
  },
  resetRequestPerEmail: {
    variable: "RATE_LIMIT_RESET_REQUEST_PER_EMAIL",
    max: 3,
    windowSeconds: 3600,
  },
  resetConfirmPerAddress: {
    variable: "RATE_LIMIT_RESET_CONFIRM_PER_ADDRESS",
    max: 10,
    windowSeconds: 900,
  },
};

/** The environment variable of each rule, for messages and docs. */
export function rateLimitVariable(rule: RateLimitRuleName): string {
  return ruleDefaults[rule].variable;
}

function readRule(
  env: Environment,
  name: RateLimitRuleName,
  problems: string[],
): RateLimitRule {
  const { variable, max, windowSeconds } = ruleDefaults[name];
  const fallback = Object.freeze({ max, windowSeconds });
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(raw.trim());
  const parsedMax = Number(match?.[1]);
  const parsedWindow = Number(match?.[2]);
  if (!match || parsedMax < 1 || parsedWindow < 1) {
    problems.push(
      `${variable}="${raw}" must be MAX/SECONDS with two whole numbers from 1, such as ${max}/${windowSeconds} (the default): at most MAX requests per SECONDS.`,
    );
    return fallback;
  }
  return Object.freeze({ max: parsedMax, windowSeconds: parsedWindow });
}

function readCount(
  env: Environment,
  variable: string,
  range: { fallback: number; min: number; max: number; unit: string },
  problems: string[],
): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return range.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    problems.push(
      `${variable}="${raw}" must be a whole number of ${range.unit} from ${range.min} to ${range.max} (default ${range.fallback}).`,
    );
    return range.fallback;
  }
  return value;
}

// NODE_ENV=test turns the limits off by default, because test suites sign in
// far more often than people do, and often from one address.
function readIsEnabled(env: Environment, problems: string[]): boolean {
  const fallback = env.NODE_ENV === "test" ? "off" : "on";
  const raw = env.RATE_LIMITS || fallback;
  if (raw === "on") return true;
  if (raw === "off") return false;
  problems.push(
    `RATE_LIMITS="${raw}" must be on or off (default ${fallback}, off when NODE_ENV=test).`,
  );
  return fallback === "on";
}

/**
 * Reads RATE_LIMITS, the RATE_LIMIT_* rules and the SIGN_IN_LOCKOUT_*
 * settings. Pushes one message per invalid variable onto `problems`.
 */
export function readRateLimitSettings(
  env: Environment,
  problems: string[],
): RateLimitSettings {
  const rules = Object.fromEntries(
    rateLimitRuleNames.map((name) => [name, readRule(env, name, problems)]),
  ) as Record<RateLimitRuleName, RateLimitRule>;
  const signInLockout: SignInLockout = {
    failures: readCount(
      env,
      "SIGN_IN_LOCKOUT_FAILURES",
      { fallback: 5, min: 1, max: 100, unit: "failures" },
      problems,
    ),
    windowSeconds: readCount(
      env,
      "SIGN_IN_LOCKOUT_WINDOW_SECONDS",
      { fallback: 900, min: 1, max: 86_400, unit: "seconds" },
      problems,
    ),
    baseLockSeconds: 60,
    maxLockSeconds: readCount(
      env,
      "SIGN_IN_LOCKOUT_MAX_SECONDS",
      { fallback: 900, min: 60, max: 86_400, unit: "seconds" },
      problems,
    ),
  };
  return Object.freeze({
    isEnabled: readIsEnabled(env, problems),
    rules: Object.freeze(rules),
    signInLockout: Object.freeze(signInLockout),
  });
}
