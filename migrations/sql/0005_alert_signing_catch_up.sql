CREATE TABLE "alert_evaluation" (
	"single" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"last_hour_end" timestamp with time zone NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "single row" CHECK ("alert_evaluation"."single")
);
--> statement-breakpoint
ALTER TABLE "alert_settings" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "delivery_id" uuid DEFAULT gen_random_uuid() NOT NULL;