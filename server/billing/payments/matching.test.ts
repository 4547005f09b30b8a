import { describe, expect, it } from "vitest";
import { referenceNumber } from "@/lib/reference-number";
import { matchPayment, referencesIn, type OpenInvoice } from "./matching";

const ref = referenceNumber("1234567");
const open = (outstandingCents: number, extra: Partial<OpenInvoice> = {}): OpenInvoice => ({
  id: "a",
  number: "ARV00012",
  referenceNumber: ref,
  dueDate: "2026-11-16",
  outstandingCents,
  ...extra,
});

describe("what a payment names", () => {
  it("reads an ISO 11649 RF creditor reference as the Estonian reference inside it", () => {
    expect(referencesIn({ reference: `RF18 000${ref}`, remittance: "" })).toEqual([ref]);
  });

  it("ignores short or check-digit-invalid numbers in free text, which are too often something else", () => {
    expect(referencesIn({ reference: null, remittance: "13 tundi, arve 2026-11, summa 73,50, 1234560" })).toEqual([]);
    expect(referencesIn({ reference: null, remittance: `viitenumber ${ref}.` })).toEqual([ref]);
  });
});

describe("a payment nothing names", () => {
  it("larger than every unpaid invoice says so; otherwise it is simply unmatched", () => {
    expect(matchPayment({ amountCents: 5000, reference: null, remittance: "Annetus" }, [open(3000)]).unmatchedReason).toBe(
      "larger_than_any_open",
    );
    expect(matchPayment({ amountCents: 2000, reference: null, remittance: "Annetus" }, [open(3000)]).unmatchedReason).toBe("no_match");
    expect(matchPayment({ amountCents: 2000, reference: null, remittance: "Annetus" }, []).unmatchedReason).toBe("no_open_invoice");
  });

  it("a reference to an invoice already paid in full matches nothing", () => {
    expect(matchPayment({ amountCents: 2000, reference: ref, remittance: "" }, [open(0)])).toEqual({
      allocations: [],
      unmatchedReason: "no_open_invoice",
    });
  });
});
