import {
  assessmentKey,
  getAssessment,
  saveAssessment,
  saveAssessmentInput,
  signDataset,
  signDatasetInput,
} from "@/server/documents/assessment";
import { documentActions, documentActionsInput } from "@/server/documents/actions";
import { downloadDocument, downloadInput, generateDocument, generateInput, listDocuments, listInput } from "@/server/documents/register";
import { annexInvoicesInput, listAnnexInvoices } from "@/server/documents/invoice-annex";
import { getTemplate, getTemplateInput, saveTemplate, saveTemplateInput } from "@/server/documents/templates";
import { previewTemplate } from "@/server/documents/template-preview";
import { permittedProcedure, router } from "../trpc";

/**
 * Service documents (#13). Their contents are the clinical record: generating and downloading
 * need clients:read_clinical, narrowed in the domain to the clients the person reaches; the
 * register's list (what was made, when, by whom) is part of the administrative record.
 */
export const documentsRouter = router({
  generate: permittedProcedure("clients", "read_clinical")
    .input(generateInput)
    .mutation(({ ctx, input }) => generateDocument(ctx, input)),
  list: permittedProcedure("clients", "read")
    .input(listInput)
    .query(({ ctx, input }) => listDocuments(ctx, input)),
  // Which of the tab's buttons the viewer gets: the mutations' own predicates (server/documents/actions.ts).
  actions: permittedProcedure("clients", "read")
    .input(documentActionsInput)
    .query(({ ctx, input }) => documentActions(ctx, input)),
  download: permittedProcedure("clients", "read_clinical")
    .input(downloadInput)
    .mutation(({ ctx, input }) => downloadDocument(ctx, input)),
  annexInvoices: permittedProcedure("clients", "read_clinical")
    .input(annexInvoicesInput)
    .query(({ ctx, input }) => listAnnexInvoices(ctx, input)),
  // Templates per installation: read with the settings, saved and previewed by who manages them.
  templates: router({
    get: permittedProcedure("settings", "read")
      .input(getTemplateInput)
      .query(({ ctx, input }) => getTemplate(ctx, input)),
    save: permittedProcedure("settings", "manage")
      .input(saveTemplateInput)
      .mutation(({ ctx, input }) => saveTemplate(ctx, input)),
    preview: permittedProcedure("settings", "manage")
      .input(saveTemplateInput)
      .mutation(({ ctx, input }) => previewTemplate(ctx, input)),
  }),
  // The domain narrows writing and signing to the client's case manager or clients:update reaching the client.
  assessment: router({
    get: permittedProcedure("clients", "read_clinical")
      .input(assessmentKey)
      .query(({ ctx, input }) => getAssessment(ctx, input)),
    save: permittedProcedure("clients", "read_clinical")
      .input(saveAssessmentInput)
      .mutation(({ ctx, input }) => saveAssessment(ctx, input)),
    sign: permittedProcedure("clients", "read_clinical")
      .input(signDatasetInput)
      .mutation(({ ctx, input }) => signDataset(ctx, input)),
  }),
});
