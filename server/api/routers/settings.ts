import { z } from "zod";
import { setBackupSchedule } from "@/server/backup/nightly";
import { getInstitution, setInstitutionLogo, updateInstitution } from "@/server/settings/institution";
import { permittedProcedure, router } from "../trpc";

const nullableText = (max: number) => z.string().trim().max(max).nullable();

export const settingsRouter = router({
  get: permittedProcedure("settings", "read").query(({ ctx }) => getInstitution(ctx.db)),
  update: permittedProcedure("settings", "manage")
    .input(z.object({
      legalName: z.string().trim().min(1).max(200),
      registryCode: nullableText(8),
      address: z.string().trim().max(300),
      iban: nullableText(40),
      vatNumber: nullableText(20),
      email: nullableText(200),
      phone: nullableText(50),
      timeZone: z.string().min(1).max(60),
      invoiceSeriesPrefix: z.string().trim().min(1).max(10),
      paymentTermDays: z.number().int().min(0).max(365),
    }))
    .mutation(({ ctx, input }) => updateInstitution(ctx.db, ctx.actor, input, ctx.ip)),
  setLogo: permittedProcedure("settings", "manage")
    .input(z.object({ dataUrl: z.string().max(800_000).nullable() }))
    .mutation(({ ctx, input }) => setInstitutionLogo(ctx.db, ctx.actor, input.dataUrl, ctx.ip)),
  setBackupSchedule: permittedProcedure("settings", "manage")
    .input(z.object({ enabled: z.boolean(), hour: z.number().int().min(0).max(23) }))
    .mutation(({ ctx, input }) => setBackupSchedule(ctx.db, ctx.actor, input, ctx.ip)),
});
