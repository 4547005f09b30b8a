import { beforeAll, describe, expect, it } from "vitest";
import { invoices } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeFundingSource } from "@/server/testing/funding-factories";
import { confirmInvoice, getInvoice, listInvoices, requireInvoice } from "./invoices";

/**
 * Issue #14 item 3 for invoices: each invoice comes with whether the viewer may confirm it (and
 * record its payments) and send it, by the check confirmInvoice, sendInvoice and the payment
 * allocation run first (requireInvoice). A unit biller may act on a client's own invoice in
 * their unit, never on a funder's invoice for many clients.
 */

const t = await useTestDatabase();

const people: Record<string, Actor> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  const unitA = await makeUnit(t.db);
  const unitB = await makeUnit(t.db);
  const funder = await makeFundingSource(t.db);
  const all = { "billing:read": "all", "billing:confirm": "all", "billing:send": "all" } as const;
  const unit = { "billing:read": "unit", "billing:confirm": "unit", "billing:send": "unit", "clients:read": "unit" } as const;
  people.accountant = await makeActor(t.db, { permissions: all, unitIds: [unitA] });
  people.unitBiller = await makeActor(t.db, { permissions: unit, unitIds: [unitA] });
  people.reader = await makeActor(t.db, { permissions: { "billing:read": "all" }, unitIds: [unitA] });
  const ownClient = await makeClient(t.db, { unitIds: [unitA] });
  const otherClient = await makeClient(t.db, { unitIds: [unitB] });
  const draft = async (clientId: string | null) =>
    (
      await t.db
        .insert(invoices)
        .values({
          type: "DEB",
          status: "draft",
          fundingSourceId: funder,
          clientId,
          month: "2026-10-01",
          netCents: 0,
          vatCents: 0,
          totalCents: 0,
        })
        .returning({ id: invoices.id })
    )[0]!.id;
  ids["funder's, many clients"] = await draft(null);
  ids["a client's of the unit"] = await draft(ownClient);
  ids["a client's of another unit"] = await draft(otherClient);
});

const allowed = (actor: Actor, id: string, action: string) =>
  requireInvoice({ db: t.db, actor, ip: null }, { id, action }).then(
    () => true,
    () => false,
  );

describe("the actions offered with an invoice", () => {
  for (const role of ["accountant", "unitBiller", "reader"]) {
    it(`are the ones the mutations' check permits, for the ${role}`, async () => {
      const actor = people[role]!;
      const listed = await listInvoices({ db: t.db, actor, ip: null }, { month: "2026-10" });
      const offered: Record<string, unknown> = {};
      const permitted: Record<string, unknown> = {};
      for (const [label, id] of Object.entries(ids)) {
        const row = listed.find((r) => r.id === id);
        const visible = await allowed(actor, id, "read");
        offered[label] = row ? { confirm: row.mayConfirm, send: row.maySend } : null;
        permitted[label] = visible ? { confirm: await allowed(actor, id, "confirm"), send: await allowed(actor, id, "send") } : null;
        if (row) {
          const { invoice } = await getInvoice({ db: t.db, actor, ip: null }, { id });
          expect({ confirm: invoice.mayConfirm, send: invoice.maySend }).toEqual(offered[label]);
        }
      }
      expect(offered).toEqual(permitted);
    });
  }

  it("the unit biller is offered no confirmation of the funder's invoice, and confirming it is refused", async () => {
    const listed = await listInvoices({ db: t.db, actor: people.unitBiller!, ip: null }, { month: "2026-10" });
    expect(listed.find((r) => r.id === ids["a client's of the unit"])).toMatchObject({ mayConfirm: true, maySend: true });
    const funderWide = await confirmInvoice(
      { db: t.db, actor: people.unitBiller!, ip: null },
      { id: ids["funder's, many clients"]! },
    ).catch((e: { code?: string }) => e.code);
    expect(funderWide).toBe("NOT_FOUND");
  });
});
