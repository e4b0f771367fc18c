CREATE TYPE "public"."alert_state" AS ENUM('open', 'acknowledged');--> statement-breakpoint
CREATE TYPE "public"."deployment_source" AS ENUM('agent', 'api');--> statement-breakpoint
CREATE TABLE "alert_settings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" bigint,
	"enabled" boolean NOT NULL,
	"min_self_delta" double precision NOT NULL,
	"min_total_delta" double precision NOT NULL,
	"min_ratio" double precision NOT NULL,
	"min_samples" integer NOT NULL,
	"top_functions" integer NOT NULL,
	"webhook_url" text,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "alert_settings_service_key" UNIQUE NULLS NOT DISTINCT("service")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" bigint NOT NULL,
	"function_name" text NOT NULL,
	"self_before" double precision NOT NULL,
	"self_after" double precision NOT NULL,
	"total_before" double precision NOT NULL,
	"total_after" double precision NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"baseline_start" timestamp with time zone NOT NULL,
	"deployment" bigint,
	"state" "alert_state" DEFAULT 'open' NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"notified_at" timestamp with time zone,
	"delivery_attempts" integer DEFAULT 0 NOT NULL,
	"delivery_error" text,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "alerts_service_function_window_key" UNIQUE("service","function_name","window_start")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" bigint NOT NULL,
	"version" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"source" "deployment_source" NOT NULL,
	"description" text,
	"commit" text,
	"ts" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_deployment_deployments_id_fk" FOREIGN KEY ("deployment") REFERENCES "public"."deployments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_state_window_idx" ON "alerts" USING btree ("state","window_start" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deployments_service_time_idx" ON "deployments" USING btree ("service","time" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_agent_version_key" ON "deployments" USING btree ("service","version") WHERE source = 'agent';