// The label of a sign-in in the session list, such as "Firefox on Linux",
// read from the browser's User-Agent. It only helps people recognise their
// devices, so a rough guess is enough and an unknown agent gets a generic
// label. The order of the checks matters, because the agents of Edge and
// Opera also contain "Chrome", and Chrome's also contains "Safari".

const browsers: readonly [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];

const systems: readonly [RegExp, string][] = [
  [/\bAndroid\b/, "Android"],
  [/\biPhone\b|\biPad\b|\biPod\b/, "iOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bLinux\b/, "Linux"],
];

function findName(
  userAgent: string,
  patterns: readonly [RegExp, string][],
): string | undefined {
  return patterns.find(([pattern]) => pattern.test(userAgent))?.[1];
}

/** Returns a short label for the device behind `userAgent`. */
export function describeDevice(userAgent: string | undefined): string {
  const agent = userAgent ?? "";
  const browser = findName(agent, browsers);
  const system = findName(agent, systems);
  if (browser !== undefined && system !== undefined) {
    return `${browser} on ${system}`;
  }
  return browser ?? system ?? "Web browser";
}
