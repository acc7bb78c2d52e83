CREATE TABLE "catalogue_agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"kind" text NOT NULL,
	"website" text,
	"contact" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_search" (
	"service_code" text NOT NULL,
	"lang" text NOT NULL,
	"document" "tsvector" NOT NULL,
	"normalised" text NOT NULL,
	CONSTRAINT "catalogue_search_service_code_lang_pk" PRIMARY KEY("service_code","lang")
);
--> statement-breakpoint
CREATE TABLE "catalogue_services" (
	"code" text PRIMARY KEY NOT NULL,
	"agency_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" jsonb NOT NULL,
	"summary" jsonb,
	"description" jsonb,
	"auth_level" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience" text[] DEFAULT '{}'::text[] NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"fee" numeric(12, 2) DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'AZN' NOT NULL,
	"processing_days" integer,
	"documents" jsonb,
	"url" text,
	"status" text DEFAULT 'published' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_search" ADD CONSTRAINT "catalogue_search_service_code_catalogue_services_code_fk" FOREIGN KEY ("service_code") REFERENCES "public"."catalogue_services"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_services" ADD CONSTRAINT "catalogue_services_agency_code_catalogue_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."catalogue_agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_search_document_idx" ON "catalogue_search" USING gin ("document");--> statement-breakpoint
CREATE INDEX "catalogue_search_trgm_idx" ON "catalogue_search" USING gin ("normalised" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalogue_services_agency_idx" ON "catalogue_services" USING btree ("agency_code","status");--> statement-breakpoint
CREATE INDEX "catalogue_services_categories_idx" ON "catalogue_services" USING gin ("categories");