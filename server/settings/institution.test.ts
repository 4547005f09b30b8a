import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import {
  getInstitution,
  getInstitutionLogo,
  LOGO_MAX_BYTES,
  setInstitutionLogo,
  updateInstitution,
  type InstitutionInput,
} from "./institution";

const t = await useTestDatabase();
let admin: Actor;

beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" } });
});

const valid: InstitutionInput = {
  legalName: "  Näidis Rehabilitatsioonikeskus OÜ ",
  registryCode: "70001975",
  address: "Pärnu mnt 10, Tallinn",
  iban: "ee38 2200 2210 2014 5685",
  vatNumber: "ee 100247019",
  email: " info@example.ee ",
  phone: "",
  timeZone: "Europe/Tallinn",
  invoiceSeriesPrefix: "ARV",
  paymentTermDays: 14,
};

/** A file of this many bytes that starts as a real file of the type does. */
function imageBytes(mime: string, bytes: number): Buffer {
  const buf = Buffer.alloc(bytes, 7);
  if (mime === "image/png")
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from("IHDR", "latin1")]).copy(buf);
  if (mime === "image/jpeg") Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(buf);
  return buf;
}
const dataUrl = (mime: string, bytes: number, body = imageBytes(mime, bytes)) => `data:${mime};base64,${body.toString("base64")}`;

describe("updateInstitution", () => {
  it.each<[keyof InstitutionInput, unknown]>([
    ["registryCode", "70001976"],
    ["registryCode", "7000197"],
    ["iban", "EE38 2200 2210 2014 5686"],
    ["vatNumber", "EE10024701"],
    ["timeZone", "Europe/Atlantis"],
    ["legalName", "   "],
    ["invoiceSeriesPrefix", "arv 2026"],
    ["paymentTermDays", 366],
  ])("refuses an invalid %s (%s), naming the field and changing nothing", async (field, value) => {
    const before = await getInstitution(t.db);
    const err = await appErrorOf(updateInstitution({ db: t.db, actor: admin, ip: null }, { ...valid, [field]: value }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field });
    expect(await getInstitution(t.db)).toEqual(before);
  });

  it("saves a valid update, normalised, and audits it", async () => {
    await updateInstitution({ db: t.db, actor: admin, ip: "192.0.2.7" }, valid);
    expect(await getInstitution(t.db)).toMatchObject({
      legalName: "Näidis Rehabilitatsioonikeskus OÜ",
      registryCode: "70001975",
      iban: "EE382200221020145685",
      vatNumber: "EE100247019",
      email: "info@example.ee",
      phone: null,
      timeZone: "Europe/Tallinn",
      paymentTermDays: 14,
    });
    expect((await auditRows(t.db, "settings.update")).at(-1)).toMatchObject({
      actorEmployeeId: admin.employeeId,
      ip: "192.0.2.7",
      details: { registryCode: "70001975", iban: "EE382200221020145685" },
    });
  });

  it("accepts clearing the optional identifiers", async () => {
    await updateInstitution({ db: t.db, actor: admin, ip: null }, { ...valid, registryCode: "", iban: null, vatNumber: " " });
    expect(await getInstitution(t.db)).toMatchObject({ registryCode: null, iban: null, vatNumber: null });
  });

  it("the database refuses an invalid registry code written by plain SQL", async () => {
    const err = await pgErrorFrom(t.sql`UPDATE institution_settings SET registry_code = '70001976'`);
    expect(err).toEqual({ code: "23514", constraint: "institution_settings_registry_code_valid" });
  });

  it("keeps exactly one settings row", async () => {
    const err = await pgErrorFrom(t.sql`INSERT INTO institution_settings (id) VALUES (2)`);
    expect(err.constraint).toBe("institution_settings_single_row");
  });
});

describe("the logo", () => {
  it("stores a PNG or JPEG image, audited, and removes it again", async () => {
    await setInstitutionLogo({ db: t.db, actor: admin, ip: null }, { dataUrl: dataUrl("image/png", 1000) });
    expect(await getInstitutionLogo(t.db)).toEqual({ bytes: imageBytes("image/png", 1000), mime: "image/png" });
    expect((await getInstitution(t.db)).hasLogo).toBe(true);
    await setInstitutionLogo({ db: t.db, actor: admin, ip: null }, { dataUrl: dataUrl("image/jpeg", LOGO_MAX_BYTES) });
    expect((await getInstitutionLogo(t.db))?.mime).toBe("image/jpeg");
    await setInstitutionLogo({ db: t.db, actor: admin, ip: null }, { dataUrl: null });
    expect(await getInstitutionLogo(t.db)).toBeNull();
    expect((await auditRows(t.db)).filter((r) => r.action.startsWith("settings.logo")).map((r) => r.action)).toEqual([
      "settings.logo_set",
      "settings.logo_set",
      "settings.logo_remove",
    ]);
  });

  it("refuses a logo over 512 KB, naming the field", async () => {
    const err = await appErrorOf(
      setInstitutionLogo({ db: t.db, actor: admin, ip: null }, { dataUrl: dataUrl("image/png", LOGO_MAX_BYTES + 1) }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "logo", params: { maxKb: 512 } });
    expect(await getInstitutionLogo(t.db)).toBeNull();
  });

  it.each([
    ["a GIF", dataUrl("image/gif", 100)],
    // WebP would be stored but could not go on the invoice PDF (pdfkit places PNG and JPEG only).
    ["a WebP", dataUrl("image/webp", 100)],
    ["a file called PNG that is not one", dataUrl("image/png", 100, Buffer.alloc(100, 7))],
    ["a JPEG declared as PNG", dataUrl("image/png", 100, imageBytes("image/jpeg", 100))],
    ["an SVG", dataUrl("image/svg+xml", 100)],
    ["text that is not a data URL", "https://example.ee/logo.png"],
    ["broken base64", "data:image/png;base64,@@@"],
  ])("refuses %s, naming the field", async (_, value) => {
    const err = await appErrorOf(setInstitutionLogo({ db: t.db, actor: admin, ip: null }, { dataUrl: value }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "logo" });
  });
});
