import { z } from "zod";
import { setBackupSchedule } from "@/server/backup/nightly";
import { singleLine } from "@/lib/schemas";
import { getInstitution, setInstitutionLogo, updateInstitution } from "@/server/settings/institution";
import { permittedProcedure, router } from "../trpc";

const nullableText = (max: number) => singleLine(max).nullable();

export const settingsRouter = router({
  get: permittedProcedure("settings", "read").query(({ ctx }) => getInstitution(ctx.db)),
  update: permittedProcedure("settings", "manage")
    .input(
      z.object({
        legalName: singleLine(200).min(1),
        registryCode: nullableText(8),
        address: singleLine(300),
        iban: nullableText(40),
        vatNumber: nullableText(20),
        email: nullableText(200),
        phone: nullableText(50),
        timeZone: singleLine(60).min(1),
        invoiceSeriesPrefix: singleLine(10).min(1),
        paymentTermDays: z.number().int().min(0).max(365),
      }),
    )
    .mutation(({ ctx, input }) => updateInstitution(ctx, input)),
  setLogo: permittedProcedure("settings", "manage")
    .input(z.object({ dataUrl: singleLine(800_000, { trim: false }).nullable() }))
    .mutation(({ ctx, input }) => setInstitutionLogo(ctx, { dataUrl: input.dataUrl })),
  setBackupSchedule: permittedProcedure("settings", "manage")
    .input(z.object({ enabled: z.boolean(), hour: z.number().int().min(0).max(23) }))
    .mutation(({ ctx, input }) => setBackupSchedule(ctx, input)),
});
