CREATE TABLE "invoices" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"station_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"customer_id" integer,
	"tariff_id" integer,
	"currency" text NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"status" text DEFAULT 'unpaid' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"session_stopped_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"voided_by" text,
	CONSTRAINT "invoices_session_id_unique" UNIQUE("session_id"),
	CONSTRAINT "invoices_status" CHECK ("invoices"."status" IN ('unpaid', 'paid', 'void'))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" serial PRIMARY KEY NOT NULL,
	"invoice_id" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_fingerprint" text NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"paid_by" text NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_invoice_id_unique" UNIQUE("invoice_id"),
	CONSTRAINT "payments_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "payments_method" CHECK ("payments"."method" IN ('cash', 'card', 'transfer', 'other'))
);
--> statement-breakpoint
CREATE TABLE "tariff_stations" (
	"station_id" integer PRIMARY KEY NOT NULL,
	"tariff_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"currency" text NOT NULL,
	"price_per_kwh_minor" integer NOT NULL,
	"price_per_minute_minor" integer NOT NULL,
	"session_fee_minor" integer NOT NULL,
	"idle_fee_per_minute_minor" integer NOT NULL,
	"idle_grace_min" integer NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tariffs_currency" CHECK ("tariffs"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "tariffs_non_negative" CHECK ("tariffs"."price_per_kwh_minor" >= 0 AND "tariffs"."price_per_minute_minor" >= 0 AND "tariffs"."session_fee_minor" >= 0
    AND "tariffs"."idle_fee_per_minute_minor" >= 0 AND "tariffs"."idle_grace_min" >= 0 AND "tariffs"."tax_rate_bp" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_session_id_charging_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."charging_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_stations" ADD CONSTRAINT "tariff_stations_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_stations" ADD CONSTRAINT "tariff_stations_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoices_unpaid" ON "invoices" USING btree ("station_id","connector_id") WHERE "invoices"."status" = 'unpaid';--> statement-breakpoint
CREATE INDEX "invoices_issued" ON "invoices" USING btree ("issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tariffs_one_default" ON "tariffs" USING btree ("is_default") WHERE "tariffs"."is_default";