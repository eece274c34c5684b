-- Each event keeps the JetStream message id it was given when it was emitted, so that its publish from the outbox
-- is deduplicated against a direct publish whose ack was lost, without hashing its content (issue 15).
ALTER TABLE "event_outbox" ADD COLUMN "message_id" text;
