-- CreateEnum
CREATE TYPE "MfaPolicy" AS ENUM ('optional', 'required');

-- CreateEnum
CREATE TYPE "MfaFactorType" AS ENUM ('totp', 'webauthn', 'backup_codes');

-- CreateEnum
CREATE TYPE "OneTimeCodePurpose" AS ENUM ('email_verification', 'email_change', 'password_reset');

-- CreateEnum
CREATE TYPE "AuthChallengePurpose" AS ENUM ('sign_in', 'passkey_registration');

-- AlterTable
ALTER TABLE "console_sessions" ADD COLUMN     "amr" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "sign_in_experience" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "registrationEnabled" BOOLEAN NOT NULL DEFAULT true,
    "passwordMinLength" INTEGER NOT NULL DEFAULT 10,
    "passwordMinScore" INTEGER NOT NULL DEFAULT 3,
    "mfaFactors" "MfaFactorType"[] DEFAULT ARRAY['totp', 'webauthn', 'backup_codes']::"MfaFactorType"[],
    "mfaPolicy" "MfaPolicy" NOT NULL DEFAULT 'optional',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sign_in_experience_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "one_time_codes" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "purpose" "OneTimeCodePurpose" NOT NULL,
    "email" TEXT NOT NULL,
    "codeHash" TEXT,
    "linkTokenHash" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "one_time_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_mfa_factors" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" "MfaFactorType" NOT NULL,
    "name" TEXT,
    "totpSecretSealed" TEXT,
    "totpLastStep" BIGINT,
    "credentialId" TEXT,
    "publicKey" BYTEA,
    "counter" BIGINT,
    "transports" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "confirmedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_mfa_factors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_backup_codes" (
    "id" TEXT NOT NULL,
    "factorId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "user_backup_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_challenges" (
    "id" TEXT NOT NULL,
    "purpose" "AuthChallengePurpose" NOT NULL,
    "userId" TEXT,
    "amr" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "mfaPending" BOOLEAN NOT NULL DEFAULT false,
    "webauthnChallenge" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_challenges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "one_time_codes_linkTokenHash_key" ON "one_time_codes"("linkTokenHash");

-- CreateIndex
CREATE INDEX "one_time_codes_userId_purpose_idx" ON "one_time_codes"("userId", "purpose");

-- CreateIndex
CREATE INDEX "one_time_codes_email_purpose_createdAt_idx" ON "one_time_codes"("email", "purpose", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "user_mfa_factors_credentialId_key" ON "user_mfa_factors"("credentialId");

-- CreateIndex
CREATE INDEX "user_mfa_factors_userId_idx" ON "user_mfa_factors"("userId");

-- CreateIndex
CREATE INDEX "user_backup_codes_factorId_idx" ON "user_backup_codes"("factorId");

-- CreateIndex
CREATE INDEX "auth_challenges_expiresAt_idx" ON "auth_challenges"("expiresAt");

-- AddForeignKey
ALTER TABLE "one_time_codes" ADD CONSTRAINT "one_time_codes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_mfa_factors" ADD CONSTRAINT "user_mfa_factors_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_backup_codes" ADD CONSTRAINT "user_backup_codes_factorId_fkey" FOREIGN KEY ("factorId") REFERENCES "user_mfa_factors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
