ALTER TABLE "clients" ADD COLUMN "county" text;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_county_known" CHECK ("clients"."county" IS NULL OR "clients"."county" IN ('harju', 'hiiu', 'ida-viru', 'jogeva', 'jarva', 'laane', 'laane-viru', 'polva', 'parnu', 'rapla', 'saare', 'tartu', 'valga', 'viljandi', 'voru'));--> statement-breakpoint
-- clients_county_known (above) guarantees a county is one of the fifteen keys of lib/counties.ts.
-- Clients recorded before the county was: take it from the address where the address names it
-- ("Harju maakond" or "Harjumaa"); the others stay unknown until their record is edited.
UPDATE "clients" SET "county" = c.key
FROM (VALUES ('harju', 'Harju'), ('hiiu', 'Hiiu'), ('ida-viru', 'Ida-Viru'), ('jogeva', 'Jõgeva'), ('jarva', 'Järva'),
  ('laane', 'Lääne'), ('laane-viru', 'Lääne-Viru'), ('polva', 'Põlva'), ('parnu', 'Pärnu'), ('rapla', 'Rapla'),
  ('saare', 'Saare'), ('tartu', 'Tartu'), ('valga', 'Valga'), ('viljandi', 'Viljandi'), ('voru', 'Võru')) AS c(key, name)
WHERE "clients"."county" IS NULL AND "clients"."anonymised_at" IS NULL
  AND ("clients"."address" ILIKE '%' || c.name || ' maakond%' OR "clients"."address" ILIKE '%' || c.name || 'maa%');
