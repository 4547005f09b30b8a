import { describe, expect, it } from "vitest";
import { KNOWN_DEVICE_DAYS, knownDeviceOf, rememberDevice } from "./known-device";

const SECRET = "s".repeat(40);
const DAY = 86_400_000;

describe("the known-device cookie", () => {
  it("knows the people who signed in on the device, and only them", () => {
    const once = rememberDevice(undefined, "anna", SECRET);
    const twice = rememberDevice(once, "jaan", SECRET);
    const device = knownDeviceOf(once, "anna", SECRET);
    expect(device).toMatch(/^[0-9a-f-]{36}$/);
    expect(knownDeviceOf(twice, "anna", SECRET)).toBe(device);
    expect(knownDeviceOf(twice, "jaan", SECRET)).toBe(device);
    expect(knownDeviceOf(twice, "mari", SECRET)).toBeNull();
  });

  it("refuses a changed cookie or one signed with another secret", () => {
    const value = rememberDevice(undefined, "anna", SECRET);
    const [body, mac] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ d: "x", p: [["mari", Math.floor(Date.now() / 1000)]] })).toString("base64url");
    expect(knownDeviceOf(`${forged}.${mac}`, "mari", SECRET)).toBeNull();
    expect(knownDeviceOf(`${body}.${mac}x`, "anna", SECRET)).toBeNull();
    expect(knownDeviceOf(value, "anna", "t".repeat(40))).toBeNull();
    expect(knownDeviceOf("garbage", "anna", SECRET)).toBeNull();
  });

  it("forgets a person after KNOWN_DEVICE_DAYS without a sign-in there", () => {
    const now = Date.now();
    const value = rememberDevice(undefined, "anna", SECRET, now);
    expect(knownDeviceOf(value, "anna", SECRET, now + (KNOWN_DEVICE_DAYS - 1) * DAY)).not.toBeNull();
    expect(knownDeviceOf(value, "anna", SECRET, now + (KNOWN_DEVICE_DAYS + 1) * DAY)).toBeNull();
  });
});
