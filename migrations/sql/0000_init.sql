CREATE TYPE "public"."envtype" AS ENUM('instances', 'k8s', 'containers', 'ecs');--> statement-breakpoint
CREATE TYPE "public"."providername" AS ENUM('AWS', 'GCP', 'Azure', 'Unknown');--> statement-breakpoint
CREATE TYPE "public"."runmode" AS ENUM('k8s', 'container', 'standalone_executable', 'local_python');--> statement-breakpoint
CREATE TYPE "public"."servicetype" AS ENUM('instances', 'pods', 'containers');--> statement-breakpoint
CREATE TABLE "instance_cloud_metadata" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meta" jsonb NOT NULL,
	"hash_meta" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "instance_cloud_metadata_hash_meta_key" UNIQUE("hash_meta")
);
--> statement-breakpoint
CREATE TABLE "instance_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance" bigint NOT NULL,
	"boot_time" timestamp with time zone NOT NULL,
	"machine" bigint NOT NULL,
	"kernel" bigint NOT NULL,
	"metadata" bigint,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique instance_run" UNIQUE("instance","boot_time")
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mac" "macaddr" NOT NULL,
	"identifier" text,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique instance" UNIQUE NULLS NOT DISTINCT("mac","identifier")
);
--> statement-breakpoint
CREATE TABLE "kernels" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"os" bigint NOT NULL,
	"release" text NOT NULL,
	"version" text NOT NULL,
	"hardware_type" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique kernel" UNIQUE("os","release","version","hardware_type")
);
--> statement-breakpoint
CREATE TABLE "libcs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"version" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique libc" UNIQUE("type","version")
);
--> statement-breakpoint
CREATE TABLE "machine_types" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" "providername" NOT NULL,
	"name" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique machine type" UNIQUE("provider","name")
);
--> statement-breakpoint
CREATE TABLE "machines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" bigint NOT NULL,
	"processors" bigint NOT NULL,
	"memory" bigint NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique machine" UNIQUE("type","processors","memory"),
	CONSTRAINT "positive processors" CHECK ("machines"."processors" > 0),
	CONSTRAINT "positive memory" CHECK ("machines"."memory" > 0)
);
--> statement-breakpoint
CREATE TABLE "minesweeper_frames" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"snapshot" bigint NOT NULL,
	"level" bigint,
	"start" bigint,
	"duration" bigint,
	"ts" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "oses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"system_name" text NOT NULL,
	"name" text NOT NULL,
	"release" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique OS" UNIQUE("system_name","name","release")
);
--> statement-breakpoint
CREATE TABLE "profiler_filters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" bigint NOT NULL,
	"filter_content" jsonb NOT NULL,
	"ts" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "profiler_processes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_run" bigint NOT NULL,
	"profiler_version" bigint NOT NULL,
	"profiler_run_environment" bigint NOT NULL,
	"pid" bigint NOT NULL,
	"spawn_local_time" timestamp with time zone NOT NULL,
	"public_ip" text NOT NULL,
	"private_ip" text NOT NULL,
	"hostname" text NOT NULL,
	"service" bigint NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now(),
	"spawn_uptime" bigint NOT NULL,
	"run_arguments" jsonb NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique profiler_process" UNIQUE("instance_run","profiler_version","pid","spawn_local_time"),
	CONSTRAINT "non-negative pid" CHECK ("profiler_processes"."pid" >= 0)
);
--> statement-breakpoint
CREATE TABLE "profiler_run_environments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"python_version" text NOT NULL,
	"libc" bigint NOT NULL,
	"run_mode" "runmode" NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique profiler_run_environment" UNIQUE("python_version","libc","run_mode")
);
--> statement-breakpoint
CREATE TABLE "profiler_service_hourly_usages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" bigint NOT NULL,
	"start_date" timestamp with time zone NOT NULL,
	"running_hours" double precision NOT NULL,
	"core_hours" double precision NOT NULL,
	"lowest_agent_version" bigint NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique profiler_service_hourly_usage" UNIQUE("service","start_date"),
	CONSTRAINT "whole hour" CHECK (date_trunc('hour', "profiler_service_hourly_usages"."start_date") = "profiler_service_hourly_usages"."start_date")
);
--> statement-breakpoint
CREATE TABLE "profiler_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" bigint NOT NULL,
	"start_time" timestamp with time zone,
	"end_time" timestamp with time zone,
	"hidden" boolean DEFAULT false,
	"filter_content" jsonb,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "end after start" CHECK ("profiler_snapshots"."end_time" > "profiler_snapshots"."start_time")
);
--> statement-breakpoint
CREATE TABLE "profiler_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"token_prefix" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"service" bigint,
	"disabled" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"last_used" timestamp with time zone,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "profiler_tokens_token_hash_key" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "profiler_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"major" bigint NOT NULL,
	"minor" bigint NOT NULL,
	"patch" bigint NOT NULL,
	"weight" bigint NOT NULL,
	"name" text,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique profiler_version" UNIQUE("major","minor","patch"),
	CONSTRAINT "non-negative version" CHECK ("profiler_versions"."major" >= 0 AND "profiler_versions"."minor" >= 0 AND "profiler_versions"."patch" >= 0)
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"service_type" "servicetype" DEFAULT 'instances' NOT NULL,
	"cluster_id" bigint,
	"is_cluster" boolean DEFAULT false NOT NULL,
	"env_type" "envtype",
	"profiler_sample_threshold" double precision,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique service" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "token_associations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token" bigint NOT NULL,
	"service_name" text NOT NULL,
	"service" bigint NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now(),
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "unique token_association" UNIQUE("token","service")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"ts" timestamp with time zone DEFAULT now(),
	CONSTRAINT "users_username_key" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "instance_runs" ADD CONSTRAINT "instance_runs_instance_instances_id_fk" FOREIGN KEY ("instance") REFERENCES "public"."instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_runs" ADD CONSTRAINT "instance_runs_machine_machines_id_fk" FOREIGN KEY ("machine") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_runs" ADD CONSTRAINT "instance_runs_kernel_kernels_id_fk" FOREIGN KEY ("kernel") REFERENCES "public"."kernels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_runs" ADD CONSTRAINT "instance_runs_metadata_instance_cloud_metadata_id_fk" FOREIGN KEY ("metadata") REFERENCES "public"."instance_cloud_metadata"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kernels" ADD CONSTRAINT "kernels_os_oses_id_fk" FOREIGN KEY ("os") REFERENCES "public"."oses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_type_machine_types_id_fk" FOREIGN KEY ("type") REFERENCES "public"."machine_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minesweeper_frames" ADD CONSTRAINT "minesweeper_frames_snapshot_profiler_snapshots_id_fk" FOREIGN KEY ("snapshot") REFERENCES "public"."profiler_snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_filters" ADD CONSTRAINT "profiler_filters_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_processes" ADD CONSTRAINT "profiler_processes_instance_run_instance_runs_id_fk" FOREIGN KEY ("instance_run") REFERENCES "public"."instance_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_processes" ADD CONSTRAINT "profiler_processes_profiler_version_profiler_versions_id_fk" FOREIGN KEY ("profiler_version") REFERENCES "public"."profiler_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_processes" ADD CONSTRAINT "profiler_processes_profiler_run_environment_profiler_run_environments_id_fk" FOREIGN KEY ("profiler_run_environment") REFERENCES "public"."profiler_run_environments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_processes" ADD CONSTRAINT "profiler_processes_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_run_environments" ADD CONSTRAINT "profiler_run_environments_libc_libcs_id_fk" FOREIGN KEY ("libc") REFERENCES "public"."libcs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_service_hourly_usages" ADD CONSTRAINT "profiler_service_hourly_usages_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_service_hourly_usages" ADD CONSTRAINT "profiler_service_hourly_usages_lowest_agent_version_profiler_versions_id_fk" FOREIGN KEY ("lowest_agent_version") REFERENCES "public"."profiler_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_snapshots" ADD CONSTRAINT "profiler_snapshots_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiler_tokens" ADD CONSTRAINT "profiler_tokens_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_cluster_id_services_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_associations" ADD CONSTRAINT "token_associations_token_profiler_tokens_id_fk" FOREIGN KEY ("token") REFERENCES "public"."profiler_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_associations" ADD CONSTRAINT "token_associations_service_services_id_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "profiler_processes_last_seen_idx" ON "profiler_processes" USING btree ("last_seen");--> statement-breakpoint
CREATE INDEX "profiler_processes_service_last_seen_idx" ON "profiler_processes" USING btree ("service","last_seen" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "services_hidden_idx" ON "services" USING btree ("hidden");