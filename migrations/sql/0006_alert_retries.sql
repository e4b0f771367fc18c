CREATE TABLE "alert_retries" (
	"service" bigint NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"last_error" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "alert_retries_service_hour_start_pk" PRIMARY KEY("service","hour_start")
);
--> statement-breakpoint
ALTER TABLE "alert_retries" ADD CONSTRAINT "alert_retries_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;