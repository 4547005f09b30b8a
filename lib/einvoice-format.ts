/**
 * The e-invoice a funder receives: EN 16931 (UBL 2.1, Peppol BIS Billing 3.0), which the
 * Accounting Act requires since 2025-07-01 unless both parties agree on another, or the
 * Estonian e-invoice 1.2 by such an agreement.
 */
export const EINVOICE_FORMATS = ["en16931", "einvoice_1_2"] as const;
export type EinvoiceFormat = (typeof EINVOICE_FORMATS)[number];
