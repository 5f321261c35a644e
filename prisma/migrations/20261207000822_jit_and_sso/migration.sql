-- CreateEnum
CREATE TYPE "SsoProvider" AS ENUM ('OIDC', 'SAML');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "jitEmailProvisionedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "isSsoOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "sso_connectors" (
    "id" TEXT NOT NULL,
    "providerName" "SsoProvider" NOT NULL,
    "connectorName" TEXT NOT NULL,
    "domains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "config" JSONB NOT NULL DEFAULT '{}',
    "branding" JSONB NOT NULL DEFAULT '{}',
    "syncProfile" BOOLEAN NOT NULL DEFAULT true,
    "allowPasswordSignIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sso_connectors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_jit_sso_connectors" (
    "organizationId" TEXT NOT NULL,
    "ssoConnectorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_jit_sso_connectors_pkey" PRIMARY KEY ("organizationId","ssoConnectorId")
);

-- CreateTable
CREATE TABLE "user_sso_identities" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "ssoConnectorId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_sso_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_sign_in_states" (
    "id" TEXT NOT NULL,
    "ssoConnectorId" TEXT NOT NULL,
    "callbackUrl" TEXT NOT NULL,
    "nonce" TEXT,
    "codeVerifier" TEXT,
    "samlRequestId" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_sign_in_states_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sso_connectors_connectorName_key" ON "sso_connectors"("connectorName");

-- CreateIndex
CREATE INDEX "sso_connectors_domains_idx" ON "sso_connectors" USING GIN ("domains");

-- CreateIndex
CREATE INDEX "organization_jit_sso_connectors_ssoConnectorId_idx" ON "organization_jit_sso_connectors"("ssoConnectorId");

-- CreateIndex
CREATE INDEX "user_sso_identities_userId_idx" ON "user_sso_identities"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "user_sso_identities_ssoConnectorId_subject_key" ON "user_sso_identities"("ssoConnectorId", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "sso_sign_in_states_samlRequestId_key" ON "sso_sign_in_states"("samlRequestId");

-- CreateIndex
CREATE INDEX "sso_sign_in_states_expiresAt_idx" ON "sso_sign_in_states"("expiresAt");

-- AddForeignKey
ALTER TABLE "organization_jit_sso_connectors" ADD CONSTRAINT "organization_jit_sso_connectors_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_jit_sso_connectors" ADD CONSTRAINT "organization_jit_sso_connectors_ssoConnectorId_fkey" FOREIGN KEY ("ssoConnectorId") REFERENCES "sso_connectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sso_identities" ADD CONSTRAINT "user_sso_identities_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sso_identities" ADD CONSTRAINT "user_sso_identities_ssoConnectorId_fkey" FOREIGN KEY ("ssoConnectorId") REFERENCES "sso_connectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
