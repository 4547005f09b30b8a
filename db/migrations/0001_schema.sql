CREATE TABLE "employee_specialties" (
	"employee_id" uuid NOT NULL,
	"specialty_id" uuid NOT NULL,
	CONSTRAINT "employee_specialties_employee_id_specialty_id_pk" PRIMARY KEY("employee_id","specialty_id")
);
--> statement-breakpoint
CREATE TABLE "employee_units" (
	"employee_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "employee_units_employee_id_unit_id_pk" PRIMARY KEY("employee_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"personal_code" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"weekly_hours" numeric(4, 1) DEFAULT '40' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employees_personal_code_unique" UNIQUE("personal_code"),
	CONSTRAINT "employees_personal_code_valid" CHECK (is_valid_personal_code("employees"."personal_code")),
	CONSTRAINT "employees_weekly_hours_range" CHECK ("employees"."weekly_hours" >= 0 AND "employees"."weekly_hours" <= 60),
	CONSTRAINT "employees_names_not_blank" CHECK (length(trim("employees"."first_name")) > 0 AND length(trim("employees"."last_name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "specialties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_et" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "specialties_code_unique" UNIQUE("code"),
	CONSTRAINT "specialties_name_not_blank" CHECK (length(trim("specialties"."name_et")) > 0)
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"head_employee_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_sibling_names_unique" UNIQUE NULLS NOT DISTINCT("parent_id","name"),
	CONSTRAINT "units_name_not_blank" CHECK (length(trim("units"."name")) > 0),
	CONSTRAINT "units_not_own_parent" CHECK ("units"."parent_id" IS NULL OR "units"."parent_id" <> "units"."id")
);
--> statement-breakpoint
CREATE TABLE "employee_roles" (
	"employee_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	CONSTRAINT "employee_roles_employee_id_role_id_pk" PRIMARY KEY("employee_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "password_credentials" (
	"employee_id" uuid PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_permissions" (
	"role_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"action" text NOT NULL,
	"scope" text NOT NULL,
	CONSTRAINT "role_permissions_role_id_resource_action_pk" PRIMARY KEY("role_id","resource","action"),
	CONSTRAINT "role_permissions_scope_known" CHECK ("role_permissions"."scope" IN ('own', 'unit', 'all'))
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_key_unique" UNIQUE("key"),
	CONSTRAINT "roles_name_unique" UNIQUE("name"),
	CONSTRAINT "roles_name_not_blank" CHECK (length(trim("roles"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "client_access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"granted_by" uuid,
	"reason" text NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_access_grants_reason_given" CHECK (length(trim("client_access_grants"."reason")) > 0),
	CONSTRAINT "client_access_grants_period_valid" CHECK ("client_access_grants"."valid_until" > "client_access_grants"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "client_team_members" (
	"client_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	CONSTRAINT "client_team_members_client_id_employee_id_pk" PRIMARY KEY("client_id","employee_id")
);
--> statement-breakpoint
CREATE TABLE "client_units" (
	"client_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "client_units_client_id_unit_id_pk" PRIMARY KEY("client_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"personal_code" text,
	"case_manager_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_personal_code_valid" CHECK ("clients"."personal_code" IS NULL OR is_valid_personal_code("clients"."personal_code"))
);
--> statement-breakpoint
CREATE TABLE "institution_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"legal_name" text DEFAULT '' NOT NULL,
	"registry_code" text,
	"address" text DEFAULT '' NOT NULL,
	"iban" text,
	"vat_number" text,
	"email" text,
	"phone" text,
	"time_zone" text DEFAULT 'Europe/Tallinn' NOT NULL,
	"invoice_series_prefix" text DEFAULT 'ARV' NOT NULL,
	"payment_term_days" integer DEFAULT 14 NOT NULL,
	"logo" "bytea",
	"logo_mime" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_settings_single_row" CHECK ("institution_settings"."id" = 1),
	CONSTRAINT "institution_settings_registry_code_valid" CHECK ("institution_settings"."registry_code" IS NULL OR is_valid_registry_code("institution_settings"."registry_code")),
	CONSTRAINT "institution_settings_payment_term_range" CHECK ("institution_settings"."payment_term_days" BETWEEN 0 AND 365)
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"last_hash" text NOT NULL,
	CONSTRAINT "audit_chain_head_single_row" CHECK ("audit_chain_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_employee_id" uuid,
	"subject" text,
	"action" text NOT NULL,
	"outcome" text DEFAULT 'ok' NOT NULL,
	"target_type" text,
	"target_id" text,
	"client_id" uuid,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_outcome_known" CHECK ("audit_log"."outcome" IN ('ok', 'refused', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "employee_specialties" ADD CONSTRAINT "employee_specialties_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_specialties" ADD CONSTRAINT "employee_specialties_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_units" ADD CONSTRAINT "employee_units_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_units" ADD CONSTRAINT "employee_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_head_employee_id_employees_id_fk" FOREIGN KEY ("head_employee_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_roles" ADD CONSTRAINT "employee_roles_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_roles" ADD CONSTRAINT "employee_roles_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_credentials" ADD CONSTRAINT "password_credentials_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_access_grants" ADD CONSTRAINT "client_access_grants_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_access_grants" ADD CONSTRAINT "client_access_grants_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_access_grants" ADD CONSTRAINT "client_access_grants_granted_by_employees_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_team_members" ADD CONSTRAINT "client_team_members_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_team_members" ADD CONSTRAINT "client_team_members_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_units" ADD CONSTRAINT "client_units_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_units" ADD CONSTRAINT "client_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_case_manager_id_employees_id_fk" FOREIGN KEY ("case_manager_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "employee_units_unit_idx" ON "employee_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "units_parent_idx" ON "units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "client_access_grants_employee_idx" ON "client_access_grants" USING btree ("employee_id","valid_until");--> statement-breakpoint
CREATE INDEX "client_team_members_employee_idx" ON "client_team_members" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "client_units_unit_idx" ON "client_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "clients_case_manager_idx" ON "clients" USING btree ("case_manager_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_employee_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_client_idx" ON "audit_log" USING btree ("client_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at");