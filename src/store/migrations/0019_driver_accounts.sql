CREATE TABLE "driver_accounts" (
	"customer_id" integer PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"app_id_tag_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "driver_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"customer_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "driver_accounts" ADD CONSTRAINT "driver_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_accounts" ADD CONSTRAINT "driver_accounts_app_id_tag_id_id_tags_id_fk" FOREIGN KEY ("app_id_tag_id") REFERENCES "public"."id_tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_tokens" ADD CONSTRAINT "driver_tokens_customer_id_driver_accounts_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."driver_accounts"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "driver_accounts_email_ci" ON "driver_accounts" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "driver_tokens_hash" ON "driver_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "driver_tokens_customer" ON "driver_tokens" USING btree ("customer_id");