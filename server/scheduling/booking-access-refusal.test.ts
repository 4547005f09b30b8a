import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bookingAccessRefusalFn } from "@/server/db/sql-functions";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { bookerArgs, sorted } from "./guards";

/**
 * booking_access_refusal's specialists: each must be an employee, active unless cancelling, and
 * named once; the booker's scope must reach them. The specialists are looked up one by one
 * (db/functions/booking_access_refusal.sql), so each way of failing is checked on its own and
 * among other specialists who pass.
 */

const t = await useTestDatabase();
const unit = await makeUnit(t.db, { name: "Meeskond" });
const elsewhere = await makeUnit(t.db, { name: "Mujal" });
const booker = await makeActor(t.db, { permissions: { "sessions:book": "unit", "clients:read": "all" }, unitIds: [unit] });
const [a, b] = [await makeEmployee(t.db, { unitIds: [unit] }), await makeEmployee(t.db, { unitIds: [unit] })];
const leaver = await makeEmployee(t.db, { unitIds: [unit], active: false });
const outsider = await makeEmployee(t.db, { unitIds: [elsewhere] });

const refusal = (specialists: string[], requireActive = true) =>
  bookingAccessRefusalFn(t.db, { ...bookerArgs(booker), specialists, clients: [], requireActive });
const inactive = { refusal: { code: "INVALID_INPUT", field: "specialistIds", key: "errors.specialistInactive" } };
const forbidden = { refusal: { code: "FORBIDDEN", key: "errors.forbidden" } };

describe("booking_access_refusal: the specialists", () => {
  it("lets the booker book active people of their units, alone or together", async () => {
    expect(await refusal([a])).toBeNull();
    expect(await refusal(sorted([a, b]))).toBeNull();
  });

  it("refuses someone who is not an employee, alone or beside people who pass", async () => {
    expect(await refusal([randomUUID()])).toMatchObject(inactive);
    expect(await refusal(sorted([a, randomUUID(), b]))).toMatchObject(inactive);
  });

  it("refuses a specialist who has left, except when cancelling", async () => {
    expect(await refusal(sorted([a, leaver]))).toMatchObject(inactive);
    expect(await refusal(sorted([a, leaver]), false)).toBeNull();
  });

  it("refuses a specialist named twice", async () => {
    expect(await refusal([a, a])).toMatchObject(inactive);
    expect(await refusal([a, b, a], false)).toMatchObject(inactive);
  });

  it("refuses someone outside the booker's reach only after they are found and active", async () => {
    expect(await refusal(sorted([a, outsider]))).toMatchObject(forbidden);
    expect(await refusal(sorted([outsider, leaver]))).toMatchObject(inactive);
  });
});
