-- Schema version 2 (PostgreSQL): WS-Security nonces already presented, to refuse replayed SOAP reports.
CREATE TABLE soap_nonces (
    "Username" character varying(64) NOT NULL,
    "Nonce" character varying(100) NOT NULL,
    "SeenAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_soap_nonces" PRIMARY KEY ("Username", "Nonce")
);

CREATE INDEX "IX_soap_nonces_SeenAt" ON soap_nonces ("SeenAt");
