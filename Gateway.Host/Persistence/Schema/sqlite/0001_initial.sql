-- Schema version 1 (SQLite): applications, case sagas, timeline, outbox, inbox, department reports, licences.
CREATE TABLE "applications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_applications" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "ItemCode" TEXT NOT NULL,
    "ItemName" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "RegionCode" TEXT NOT NULL,
    "WindowId" TEXT NOT NULL,
    "ApplicantName" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL
);


CREATE TABLE "case_sagas" (
    "CorrelationId" TEXT NOT NULL CONSTRAINT "PK_case_sagas" PRIMARY KEY,
    "CurrentState" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "ItemCode" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "DispatchId" TEXT NULL,
    "DispatchAttempts" INTEGER NOT NULL,
    "DispatchedAt" TEXT NULL,
    "DepartmentReference" TEXT NULL,
    "DepartmentReceivedAt" TEXT NULL,
    "AcceptedAt" TEXT NULL,
    "NoticeNo" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "Decision" TEXT NULL,
    "Reasons" TEXT NULL,
    "CompletedAt" TEXT NULL,
    "CompletionResult" INTEGER NULL,
    "LicenceNo" TEXT NULL
);


CREATE TABLE "case_timeline" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_case_timeline" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Step" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Detail" TEXT NULL,
    "Source" TEXT NOT NULL,
    "SourceId" TEXT NOT NULL
);


CREATE TABLE "department_events" (
    "DepartmentCode" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "PayloadHash" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "ReceivedAt" TEXT NOT NULL,
    CONSTRAINT "PK_department_events" PRIMARY KEY ("DepartmentCode", "EventId")
);


CREATE TABLE "inbox_messages" (
    "MessageId" TEXT NOT NULL,
    "Consumer" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY ("MessageId", "Consumer")
);


CREATE TABLE "licences" (
    "LicenceNo" TEXT NOT NULL CONSTRAINT "PK_licences" PRIMARY KEY,
    "LicenceType" TEXT NOT NULL,
    "HolderName" TEXT NOT NULL,
    "HolderIdNumber" TEXT NOT NULL,
    "IssuingDepartmentCode" TEXT NOT NULL,
    "ValidFrom" TEXT NOT NULL,
    "ValidUntil" TEXT NULL,
    "CaseId" TEXT NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "IssuedAt" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL
);


CREATE TABLE "outbox_messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL
);


CREATE UNIQUE INDEX "IX_applications_CaseId" ON "applications" ("CaseId");


CREATE UNIQUE INDEX "IX_applications_CaseNo" ON "applications" ("CaseNo");


CREATE UNIQUE INDEX "IX_applications_IdempotencyKey" ON "applications" ("IdempotencyKey");


CREATE UNIQUE INDEX "IX_case_sagas_CaseNo" ON "case_sagas" ("CaseNo");


CREATE INDEX "IX_case_sagas_DepartmentCode_CurrentState" ON "case_sagas" ("DepartmentCode", "CurrentState");


CREATE UNIQUE INDEX "IX_case_timeline_CaseId_SourceId" ON "case_timeline" ("CaseId", "SourceId");


CREATE INDEX "IX_department_events_CaseNo" ON "department_events" ("CaseNo");


CREATE INDEX "IX_licences_CaseId" ON "licences" ("CaseId");


CREATE INDEX "IX_licences_HolderIdNumber" ON "licences" ("HolderIdNumber");


CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");


CREATE INDEX "IX_outbox_messages_SentAt_Id" ON "outbox_messages" ("SentAt", "Id");



