-- Hand-written INCLUDE (Drizzle's builder has no INCLUDE): a period's rows with their figures
-- are read from the key alone.
CREATE TABLE "service_report_balances" (
	"month" date NOT NULL,
	"decision_id" uuid NOT NULL,
	"due_cents" bigint NOT NULL,
	"paid_cents" bigint NOT NULL,
	CONSTRAINT "service_report_balances_pkey" PRIMARY KEY("month","decision_id") INCLUDE ("due_cents", "paid_cents")
);
--> statement-breakpoint
-- Hand-written. The reports an installation has invoiced get their figures now, by the
-- definition of db/functions/service_report_balances_rebuild.sql (which does not exist yet while
-- migrations run); from here on db/functions/service_report_balances_keep.sql keeps them.
INSERT INTO "service_report_balances" ("month", "decision_id", "due_cents", "paid_cents")
SELECT r."month", r."decision_id", sum(b."due_cents"), sum(b."paid_cents")
FROM "service_reports" r
JOIN (SELECT DISTINCT "service_report_id", "invoice_id" FROM "invoice_lines") l ON l."service_report_id" = r."id"
JOIN "invoice_balances" b ON b."invoice_id" = l."invoice_id"
GROUP BY 1, 2;
