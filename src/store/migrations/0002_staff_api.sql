CREATE TABLE "customers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "command_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"action" text NOT NULL,
	"payload" jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"response" jsonb,
	"error" text,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "issue_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"issue_id" integer NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"connector_id" integer DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'open' NOT NULL,
	"source" text DEFAULT 'staff' NOT NULL,
	"fault_error_code" text,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "maintenance_issues_status" CHECK ("maintenance_issues"."status" IN ('open', 'in_progress', 'resolved', 'closed')),
	CONSTRAINT "maintenance_issues_source" CHECK ("maintenance_issues"."source" IN ('staff', 'fault')),
	CONSTRAINT "maintenance_issues_connector" CHECK ("maintenance_issues"."connector_id" >= 0)
);
--> statement-breakpoint
CREATE TABLE "staff_accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "staff_accounts_name_unique" UNIQUE("name"),
	CONSTRAINT "staff_accounts_role" CHECK ("staff_accounts"."role" IN ('viewer', 'operator', 'admin'))
);
--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "location" text;--> statement-breakpoint
ALTER TABLE "id_tags" ADD COLUMN "customer_id" integer;--> statement-breakpoint
ALTER TABLE "id_tags" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_account_id_staff_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "command_log" ADD CONSTRAINT "command_log_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_comments" ADD CONSTRAINT "issue_comments_issue_id_maintenance_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."maintenance_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_issues" ADD CONSTRAINT "maintenance_issues_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "command_log_station" ON "command_log" USING btree ("station_id","requested_at");--> statement-breakpoint
CREATE INDEX "issue_comments_issue" ON "issue_comments" USING btree ("issue_id","created_at");--> statement-breakpoint
CREATE INDEX "maintenance_issues_station" ON "maintenance_issues" USING btree ("station_id","connector_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_issues_one_open_fault" ON "maintenance_issues" USING btree ("station_id","connector_id") WHERE "maintenance_issues"."source" = 'fault' AND "maintenance_issues"."status" IN ('open', 'in_progress');--> statement-breakpoint
ALTER TABLE "id_tags" ADD CONSTRAINT "id_tags_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;