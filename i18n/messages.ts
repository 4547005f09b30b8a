import enAccount from "./en/account.json";
import enBackup from "./en/backup.json";
import enBilling from "./en/billing.json";
import enCatalogue from "./en/catalogue.json";
import enClients from "./en/clients.json";
import enCommon from "./en/common.json";
import enInvoiceSending from "./en/invoice-sending.json";
import enReports from "./en/reports.json";
import enDocuments from "./en/documents.json";
import enDocumentTemplates from "./en/document-templates.json";
import enResilience from "./en/resilience.json";
import enPayments from "./en/payments.json";
import enPickers from "./en/pickers.json";
import enPlans from "./en/plans.json";
import enScheduling from "./en/scheduling.json";
import enValidation from "./en/validation.json";
import enVat from "./en/vat.json";
import enWorkload from "./en/workload.json";
import etAccount from "./et/account.json";
import etBackup from "./et/backup.json";
import etBilling from "./et/billing.json";
import etCatalogue from "./et/catalogue.json";
import etClients from "./et/clients.json";
import etCommon from "./et/common.json";
import etInvoiceSending from "./et/invoice-sending.json";
import etReports from "./et/reports.json";
import etDocuments from "./et/documents.json";
import etDocumentTemplates from "./et/document-templates.json";
import etResilience from "./et/resilience.json";
import etPayments from "./et/payments.json";
import etPickers from "./et/pickers.json";
import etPlans from "./et/plans.json";
import etScheduling from "./et/scheduling.json";
import etValidation from "./et/validation.json";
import etVat from "./et/vat.json";
import etWorkload from "./et/workload.json";

type Tree = { [key: string]: string | Tree };

/** Merges area files key by key, so each area may add its own `errors.*` texts. */
function merge(...trees: Tree[]): Tree {
  const out: Tree = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const existing = out[key];
      out[key] = typeof value === "object" && typeof existing === "object" ? merge(existing, value) : value;
    }
  }
  return out;
}

/** Messages per area, one file each, so features can be worked on side by side. */
export const MESSAGES = {
  et: merge(
    etCommon,
    etCatalogue as Tree,
    etClients as Tree,
    etScheduling as Tree,
    etBilling as Tree,
    etPayments as Tree,
    etWorkload as Tree,
    etBackup as Tree,
    etAccount as Tree,
    etResilience as Tree,
    etVat as Tree,
    etReports as Tree,
    etInvoiceSending as Tree,
    etDocuments as Tree,
    etValidation as Tree,
    etPlans as Tree,
    etDocumentTemplates as Tree,
    etPickers as Tree,
  ),
  en: merge(
    enCommon,
    enCatalogue as Tree,
    enClients as Tree,
    enScheduling as Tree,
    enBilling as Tree,
    enPayments as Tree,
    enWorkload as Tree,
    enBackup as Tree,
    enAccount as Tree,
    enResilience as Tree,
    enVat as Tree,
    enReports as Tree,
    enInvoiceSending as Tree,
    enDocuments as Tree,
    enValidation as Tree,
    enPlans as Tree,
    enDocumentTemplates as Tree,
    enPickers as Tree,
  ),
};
