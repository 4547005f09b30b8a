import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeFundingSource } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { makeNumberedInvoice } from "@/server/testing/payment-factories";
import { recordManualPayment, removeAllocation } from "./allocate";
import { invoicePayments, listWaitingPayments } from "./receivables";
import { mayHandlePayments } from "./settle";

/**
 * Issue #14 item 3 for payments: an invoice's page offers "Märgi makstuks" and "Tühista seos"
 * exactly where recordManualPayment and removeAllocation go through. A unit biller may record a
 * payment on their client's own invoice, but undoing an allocation touches the institution's
 * bank payments and is the accountant's.
 */

const t = await useTestDatabase();

const people: Record<string, Actor> = {};
const invoices: Record<string, { id: string; allocationId: string }> = {};

beforeAll(async () => {
  const unitA = await makeUnit(t.db);
  const unitB = await makeUnit(t.db);
  const funder = await makeFundingSource(t.db);
  people.accountant = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" }, unitIds: [unitA] });
  people.unitBiller = await makeActor(t.db, { permissions: { "billing:read": "unit", "billing:confirm": "unit" }, unitIds: [unitA] });
  people.reader = await makeActor(t.db, { permissions: { "billing:read": "all" }, unitIds: [unitA] });
  const partlyPaid = async (label: string, clientId?: string) => {
    const invoice = await makeNumberedInvoice(t.db, { fundingSourceId: funder, totalCents: 5000, clientId });
    const ctx = { db: t.db, actor: people.accountant!, ip: null };
    await recordManualPayment(ctx, { invoiceId: invoice.id, paidOn: "2026-11-20", amountCents: 1000 });
    const { allocations } = await invoicePayments(ctx, { invoiceId: invoice.id });
    invoices[label] = { id: invoice.id, allocationId: allocations[0]!.id };
  };
  await partlyPaid("funder's, many clients");
  await partlyPaid("a client's of the unit", await makeClient(t.db, { unitIds: [unitA] }));
  await partlyPaid("a client's of another unit", await makeClient(t.db, { unitIds: [unitB] }));
});

const outcome = (write: (db: Db) => Promise<unknown>) =>
  rolledBack(t.db, (tx) => outcomeInSavepoint(tx, (sp) => write(sp as unknown as Db))).then((o) => o.ok);

describe("the payment actions offered on an invoice", () => {
  for (const role of ["accountant", "unitBiller", "reader"]) {
    it(`are the ones the mutations permit, for the ${role}`, async () => {
      const actor = people[role]!;
      const offered: Record<string, unknown> = {};
      const permitted: Record<string, unknown> = {};
      for (const [label, { id, allocationId }] of Object.entries(invoices)) {
        const shown = await invoicePayments({ db: t.db, actor, ip: null }, { invoiceId: id }).catch(() => null);
        offered[label] = shown && { record: shown.mayRecord, unassign: shown.mayUnassign };
        permitted[label] = shown && {
          record: await outcome((db) =>
            recordManualPayment({ db, actor, ip: null }, { invoiceId: id, paidOn: "2026-11-21", amountCents: 100 }),
          ),
          unassign: await outcome((db) => removeAllocation({ db, actor, ip: null }, { allocationId })),
        };
      }
      expect(offered).toEqual(permitted);
    });
  }

  it("is not a vacuous match: the unit biller records on their client's invoice but undoes nothing", async () => {
    const shown = await invoicePayments(
      { db: t.db, actor: people.unitBiller!, ip: null },
      { invoiceId: invoices["a client's of the unit"]!.id },
    );
    expect(shown).toMatchObject({ mayRecord: true, mayUnassign: false });
  });

  it("the waiting payments are offered to exactly those whom the list lets in", async () => {
    for (const actor of Object.values(people)) {
      const listed = await listWaitingPayments({ db: t.db, actor, ip: null }).then(
        () => true,
        () => false,
      );
      expect(mayHandlePayments(actor, "read")).toBe(listed);
    }
  });
});
