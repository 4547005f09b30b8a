import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * The "known device" cookie: set after a successful password sign-in, signed with the server's
 * secret, it names a browser and the people who signed in on it. A correct password from a known
 * device is throttled only by that device's own failures, so guessing from elsewhere (or from
 * the same address) cannot lock a person out of their usual computer. Nothing in it is secret
 * or personal: a random device id and employee ids.
 */
export const KNOWN_DEVICE_COOKIE = "hk.device";
export const KNOWN_DEVICE_DAYS = 90;
/** A shared workstation remembers this many people, the most recent first. */
const MAX_PEOPLE = 12;

type Payload = { d: string; p: [employeeId: string, signedInAt: number][] };

const sign = (body: string, secret: string) => createHmac("sha256", `known-device:${secret}`).update(body).digest("base64url");

function read(value: string | undefined, secret: string, now: number): Payload | null {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const body = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(body, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
    if (typeof payload.d !== "string" || !Array.isArray(payload.p)) return null;
    const oldest = now / 1000 - KNOWN_DEVICE_DAYS * 86_400;
    return { d: payload.d, p: payload.p.filter((e) => Array.isArray(e) && typeof e[0] === "string" && e[1] > oldest) };
  } catch {
    return null;
  }
}

/** The device id when the cookie is genuine and this person signed in on it lately; else null. */
export function knownDeviceOf(value: string | undefined, employeeId: string, secret: string, now = Date.now()): string | null {
  const payload = read(value, secret, now);
  return payload?.p.some(([id]) => id === employeeId) ? payload.d : null;
}

/** The cookie value after this person signed in successfully on the device. */
export function rememberDevice(value: string | undefined, employeeId: string, secret: string, now = Date.now()): string {
  const payload = read(value, secret, now) ?? { d: randomUUID(), p: [] };
  const people = [[employeeId, Math.floor(now / 1000)] as [string, number], ...payload.p.filter(([id]) => id !== employeeId)];
  const body = Buffer.from(JSON.stringify({ d: payload.d, p: people.slice(0, MAX_PEOPLE) })).toString("base64url");
  return `${body}.${sign(body, secret)}`;
}
