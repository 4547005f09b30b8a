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
-- Hand-written. Guarantees that a deactivated employee has no live session, however the
-- deactivation was written (the application, the admin CLI or plain SQL): their sessions are
-- revoked in the same transaction.
CREATE OR REPLACE FUNCTION auth_sessions_revoke_on_deactivation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'deactivated'
   WHERE employee_id = NEW.id AND revoked_at IS NULL;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER employees_deactivation_revokes_sessions
  AFTER UPDATE OF active ON employees
  FOR EACH ROW WHEN (OLD.active AND NOT NEW.active)
  EXECUTE FUNCTION auth_sessions_revoke_on_deactivation();--> statement-breakpoint
-- Administrators of existing installations may reset passwords and end sessions, as the
-- standard administrator role of new installations does.
INSERT INTO role_permissions (role_id, resource, action, scope)
SELECT id, 'employees', 'credentials', 'all' FROM roles WHERE key = 'administrator'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Hand-written. How long a throttle key waits after its n-th counted attempt: nothing for the
-- first `free` - 1, then 30 s doubling per attempt up to 15 minutes. Used by the one statement
-- that reserves a sign-in attempt (server/auth/throttle.ts), so the count and the decision
-- happen under the same row lock and concurrent attempts cannot slip past it.
CREATE OR REPLACE FUNCTION sign_in_delay(failures integer, free integer) RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN failures < free THEN NULL
              ELSE least(30 * power(2, least(failures - free, 10)), 900) * interval '1 second' END
$$;
