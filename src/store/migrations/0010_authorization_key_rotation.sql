ALTER TABLE "stations" ADD COLUMN "previous_password_hash" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "pending_password_hash" text;