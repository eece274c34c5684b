CREATE TABLE "cluster_nodes" (
	"node_id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"beat_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"node_id" text NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"emitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "node_id" text;--> statement-breakpoint
ALTER TABLE "command_log" ADD COLUMN "node_id" text;--> statement-breakpoint
CREATE INDEX "event_outbox_node" ON "event_outbox" USING btree ("node_id","id");--> statement-breakpoint
CREATE INDEX "connections_open_by_node" ON "connections" USING btree ("node_id") WHERE disconnected_at IS NULL;