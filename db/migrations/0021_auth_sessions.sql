CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employee_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"method" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "auth_sessions_revoked_with_reason" CHECK (("auth_sessions"."revoked_at" IS NULL) = ("auth_sessions"."revoked_reason" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "password_credentials" ADD COLUMN "must_change" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_employee_idx" ON "auth_sessions" USING btree ("employee_id");--> statement-breakpoint
-- Administrators of existing installations may reset passwords and end sessions, as the
-- standard administrator role of new installations does.
INSERT INTO role_permissions (role_id, resource, action, scope)
SELECT id, 'employees', 'credentials', 'all' FROM roles WHERE key = 'administrator'
ON CONFLICT DO NOTHING;
