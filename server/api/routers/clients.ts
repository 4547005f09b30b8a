import { z } from "zod";
import { instant, isoDate, multiLine, singleLine } from "@/lib/schemas";
import { CONSENTS, LANGUAGES, NETWORK_KINDS } from "@/db/schema";
import { createClient, getClient, listClients, setTeam, updateClient } from "@/server/clients/clients";
import { deleteNetworkContact, grantAccess, revokeAccess, saveNetworkContact } from "@/server/clients/network";
import { accessHistory, anonymiseClient, exportClient } from "@/server/clients/privacy";
import { permittedProcedure, router } from "../trpc";

const optionalText = singleLine(200).nullable().transform((v) => (v ? v : null));

const clientInput = z.object({
  personalCode: singleLine(11).nullable().transform((v) => (v ? v : null)),
  birthDate: isoDate.nullable(),
  firstName: singleLine(100).min(1),
  lastName: singleLine(100).min(1),
  email: optionalText,
  phone: optionalText,
  address: singleLine(300),
  preferredLanguage: z.enum(LANGUAGES),
  notes: multiLine(5000),
  unitIds: z.array(z.uuid()).max(20),
  caseManagerId: z.uuid().nullable(),
});

const contactInput = z.object({
  kind: z.enum(NETWORK_KINDS),
  name: singleLine(200).min(1),
  organisation: singleLine(200),
  phone: optionalText,
  email: optionalText,
  consents: z.array(z.enum(CONSENTS)).max(CONSENTS.length),
  note: multiLine(2000),
});

const byClient = z.object({ clientId: z.uuid() });

export const clientsRouter = router({
  list: permittedProcedure("clients", "read")
    .input(z.object({ search: singleLine(100).optional(), unitId: z.uuid().optional(), caseManagerId: z.uuid().optional(), fundingSourceId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listClients(ctx, input)),
  get: permittedProcedure("clients", "read").input(byClient).query(({ ctx, input }) => getClient(ctx, { clientId: input.clientId })),
  create: permittedProcedure("clients", "create").input(clientInput).mutation(({ ctx, input }) => createClient(ctx, input)),
  update: permittedProcedure("clients", "update")
    .input(clientInput.extend({ clientId: z.uuid() }))
    .mutation(({ ctx, input: { clientId, ...rest } }) => updateClient(ctx, { ...rest, clientId })),
  setTeam: permittedProcedure("clients", "update")
    .input(byClient.extend({ employeeIds: z.array(z.uuid()).max(50) }))
    .mutation(({ ctx, input }) => setTeam(ctx, { clientId: input.clientId, employeeIds: input.employeeIds })),
  saveContact: permittedProcedure("clients", "update")
    .input(contactInput.extend({ clientId: z.uuid(), id: z.uuid().nullable() }))
    .mutation(({ ctx, input: { clientId, id, ...rest } }) => saveNetworkContact(ctx, { ...rest, clientId, id })),
  deleteContact: permittedProcedure("clients", "update")
    .input(byClient.extend({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteNetworkContact(ctx, { clientId: input.clientId, id: input.id })),
  grantAccess: permittedProcedure("clients", "read")
    .input(byClient.extend({ employeeId: z.uuid(), reason: multiLine(500).trim().min(1), validUntil: instant }))
    .mutation(({ ctx, input: { clientId, ...rest } }) => grantAccess(ctx, { ...rest, clientId })),
  revokeAccess: permittedProcedure("clients", "read")
    .input(byClient.extend({ grantId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeAccess(ctx, { clientId: input.clientId, grantId: input.grantId })),
  accessHistory: permittedProcedure("clients", "read").input(byClient).query(({ ctx, input }) => accessHistory(ctx, { clientId: input.clientId })),
  export: permittedProcedure("clients", "export").input(byClient).mutation(({ ctx, input }) => exportClient(ctx, { clientId: input.clientId })),
  anonymise: permittedProcedure("clients", "delete").input(byClient).mutation(({ ctx, input }) => anonymiseClient(ctx, { clientId: input.clientId })),
});
