CREATE TABLE "possible_hours_overrides" (
	"employee_id" uuid NOT NULL,
	"month" date NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"set_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "possible_hours_overrides_employee_id_month_pk" PRIMARY KEY("employee_id","month"),
	CONSTRAINT "possible_hours_overrides_hours_not_negative" CHECK ("possible_hours_overrides"."hours" >= 0),
	CONSTRAINT "possible_hours_overrides_hours_at_most_month" CHECK ("possible_hours_overrides"."hours" <= 744),
	CONSTRAINT "possible_hours_overrides_month_first_day" CHECK (extract(day from "possible_hours_overrides"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "time_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employee_id" uuid NOT NULL,
	"work_type_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"hours" numeric(4, 2) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_entries_hours_range" CHECK ("time_entries"."hours" > 0 AND "time_entries"."hours" <= 24),
	CONSTRAINT "time_entries_note_length" CHECK (length("time_entries"."note") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "timesheet_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"month" date NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reopened_by" uuid,
	"reopened_at" timestamp with time zone,
	CONSTRAINT "timesheet_approvals_month_first_day" CHECK (extract(day from "timesheet_approvals"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "timesheet_locks" (
	"employee_id" uuid NOT NULL,
	"month" date NOT NULL,
	"approval_id" uuid NOT NULL,
	CONSTRAINT "timesheet_locks_employee_id_month_pk" PRIMARY KEY("employee_id","month")
);
--> statement-breakpoint
CREATE TABLE "work_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"unit_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_types_name_unique" UNIQUE NULLS NOT DISTINCT("unit_id","name"),
	CONSTRAINT "work_types_name_not_blank" CHECK (length(trim("work_types"."name")) > 0)
);
--> statement-breakpoint
ALTER TABLE "possible_hours_overrides" ADD CONSTRAINT "possible_hours_overrides_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "possible_hours_overrides" ADD CONSTRAINT "possible_hours_overrides_set_by_employees_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_work_type_id_work_types_id_fk" FOREIGN KEY ("work_type_id") REFERENCES "public"."work_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheet_approvals" ADD CONSTRAINT "timesheet_approvals_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheet_approvals" ADD CONSTRAINT "timesheet_approvals_approved_by_employees_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheet_approvals" ADD CONSTRAINT "timesheet_approvals_reopened_by_employees_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheet_locks" ADD CONSTRAINT "timesheet_locks_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheet_locks" ADD CONSTRAINT "timesheet_locks_approval_id_timesheet_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."timesheet_approvals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_types" ADD CONSTRAINT "work_types_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_types" ADD CONSTRAINT "work_types_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "time_entries_employee_idx" ON "time_entries" USING btree ("employee_id","work_date");--> statement-breakpoint
CREATE INDEX "time_entries_date_idx" ON "time_entries" USING btree ("work_date");--> statement-breakpoint
CREATE UNIQUE INDEX "timesheet_approvals_one_open_per_unit_month" ON "timesheet_approvals" USING btree ("unit_id","month") WHERE "timesheet_approvals"."reopened_at" IS NULL;--> statement-breakpoint
CREATE INDEX "timesheet_approvals_month_idx" ON "timesheet_approvals" USING btree ("month");--> statement-breakpoint
CREATE INDEX "timesheet_locks_approval_idx" ON "timesheet_locks" USING btree ("approval_id");