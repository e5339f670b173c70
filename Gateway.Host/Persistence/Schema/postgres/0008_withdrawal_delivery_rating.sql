-- Schema version 8 (PostgreSQL): withdrawal and delivery of a case; the applicant's rating (好差评), one per case.
ALTER TABLE case_sagas ADD "WithdrawnAt" timestamp with time zone NULL;
ALTER TABLE case_sagas ADD "DeliveredAt" timestamp with time zone NULL;
ALTER TABLE case_sagas ADD "DeliveryMethod" character varying(32) NULL;
ALTER TABLE case_sagas ADD "DeliveryTrackingNo" character varying(64) NULL;

CREATE TABLE case_ratings (
    "CaseId" uuid NOT NULL,
    "CaseNo" character varying(40) NOT NULL,
    "DepartmentCode" character varying(32) NOT NULL,
    "WindowId" character varying(64) NOT NULL,
    "Score" integer NOT NULL,
    "Comment" text NULL,
    "RatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_case_ratings" PRIMARY KEY ("CaseId")
);

-- Suspension (中止) of an accepted case: since when, and the working days its decision limit had left.
ALTER TABLE case_sagas ADD "SuspendedAt" timestamp with time zone NULL;
ALTER TABLE case_sagas ADD "DecisionDaysLeft" integer NULL;
