"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  mfaFactorType,
  mfaPolicy,
  signInExperience,
  type MfaPolicy,
  type SignInExperience,
} from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock } from "lucide-react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useCurrentUser } from "@/components/shell/current-user";
import { SaveBar } from "@/components/ui/save-bar";
import { Card, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, NativeSelect } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { cn } from "@/lib/cn";
import { useTRPC } from "@/trpc/react";
import { FACTOR_EXPLANATIONS, FACTOR_LABELS } from "./factor-labels";

/** zxcvbn's scores, in words: what a password of each score resists. */
const SCORES = [
  { score: 0, label: "0: anything long enough", hint: "No strength check beyond the length." },
  {
    score: 1,
    label: "1: refuse the most common",
    hint: "Refuses passwords guessed in under ~10³ tries.",
  },
  {
    score: 2,
    label: "2: somewhat guessable",
    hint: "Refuses passwords guessed in under ~10⁶ tries.",
  },
  {
    score: 3,
    label: "3: safely unguessable (recommended)",
    hint: "Resists an online attack; refuses dictionary words, names, dates and keyboard patterns.",
  },
  {
    score: 4,
    label: "4: very unguessable",
    hint: "Resists an offline attack on a stolen hash; users need long passphrases or a password manager.",
  },
] as const;

const POLICY_LABELS: Record<MfaPolicy, { label: string; explanation: string }> = {
  optional: {
    label: "Optional",
    explanation:
      "Users may add a factor on their account page. Organizations that require MFA still ask their members for one.",
  },
  required: {
    label: "Required for everyone",
    explanation: "Every user without a factor is asked to add one at their next sign-in.",
  },
};

export function SignInExperienceSettings() {
  const trpc = useTRPC();
  const query = useQuery(trpc.signInExperience.get.queryOptions());
  return (
    <>
      <PageHeader
        title="Sign-in experience"
        description="What your apps' users see on Guildhall's hosted pages: who may register, how strong passwords must be, and which second factors they can use."
      />
      {query.isPending ? (
        <Skeleton className="h-96" />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : (
        <SettingsForm current={query.data} />
      )}
    </>
  );
}

function SettingsForm({ current }: { current: SignInExperience }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const readOnly = useCurrentUser().consoleRole !== "admin";
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(signInExperience), values: current });
  const { errors, isDirty } = form.formState;
  const factors = form.watch("mfa.factors");
  const minScore = form.watch("passwordPolicy.minScore");
  const mutation = useMutation(
    trpc.signInExperience.update.mutationOptions({
      onSuccess: (saved) => {
        toast.success("Sign-in experience saved. It applies to the next sign-in or sign-up.");
        queryClient.setQueryData(trpc.signInExperience.get.queryKey(), saved);
      },
      onError: (e) =>
        setFormError(
          applyServerErrors(e, form.setError, [
            "registrationEnabled",
            "passwordPolicy.minLength",
            "passwordPolicy.minScore",
            "mfa.factors",
            "mfa.policy",
          ]),
        ),
    }),
  );
  return (
    <form
      onSubmit={form.handleSubmit((v) => {
        setFormError(null);
        mutation.mutate(v);
      })}
      noValidate
      aria-label="Sign-in experience"
      className="grid gap-6"
    >
      {readOnly ? (
        <p
          className="flex items-start gap-2 rounded-md border border-border bg-muted px-3 py-2 text-sm text-muted-foreground"
          data-testid="settings-read-only"
        >
          <Lock className="mt-0.5 size-4 shrink-0" aria-hidden />
          These settings apply to every account, console admins’ included, so only console admins
          can change them. Ask an admin if something should change.
        </p>
      ) : null}
      <FormError message={formError} />
      {/* A disabled fieldset makes every control inside read-only at once. */}
      <fieldset disabled={readOnly} className="grid gap-6">
        <Card>
          <CardHeader
            title="Registration"
            description="Whether people can create their own account from your apps' sign-in page."
          />
          <FormField
            label="Open registration"
            hint="Off: only invited users and users created here or through the Management API can sign in. Existing users are not affected."
            error={errors.registrationEnabled?.message}
          >
            <Controller
              control={form.control}
              name="registrationEnabled"
              render={({ field }) => (
                <Switch
                  checked={field.value}
                  onCheckedChange={field.onChange}
                  disabled={readOnly}
                  data-testid="registration-enabled"
                />
              )}
            />
          </FormField>
        </Card>

        <Card>
          <CardHeader
            title="Password policy"
            description="Checked when a password is chosen: at sign-up, on reset and on change. Existing passwords keep working."
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              label="Minimum length"
              hint="8 to 128 characters."
              error={errors.passwordPolicy?.minLength?.message}
            >
              <Input
                type="number"
                min={8}
                max={128}
                {...form.register("passwordPolicy.minLength", { valueAsNumber: true })}
                data-testid="password-min-length"
              />
            </FormField>
            <FormField
              label="Minimum strength"
              hint={SCORES[minScore]?.hint}
              error={errors.passwordPolicy?.minScore?.message}
            >
              <NativeSelect
                {...form.register("passwordPolicy.minScore", { valueAsNumber: true })}
                data-testid="password-min-score"
              >
                {SCORES.map((s) => (
                  <option key={s.score} value={s.score}>
                    {s.label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          </div>
          <p className="mt-3 text-xs text-muted-foreground">
            Strength is estimated with zxcvbn, which recognises common passwords, words, names,
            dates and patterns; a refused password comes with the reason and a suggestion.
          </p>
        </Card>

        <Card>
          <CardHeader
            title="Multi-factor authentication"
            description="Second factors users can add on their account page and are asked for at sign-in."
          />
          <div className="grid gap-6">
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Factors offered</legend>
              {mfaFactorType.options.map((type) => (
                <Controller
                  key={type}
                  control={form.control}
                  name="mfa.factors"
                  render={({ field }) => {
                    const id = `factor-${type}`;
                    return (
                      <div className="flex items-start gap-2">
                        <Checkbox
                          id={id}
                          checked={field.value.includes(type)}
                          disabled={readOnly}
                          onCheckedChange={(checked) =>
                            field.onChange(
                              checked === true
                                ? mfaFactorType.options.filter(
                                    (t) => t === type || field.value.includes(t),
                                  )
                                : field.value.filter((t) => t !== type),
                            )
                          }
                          className="mt-0.5"
                          data-testid={id}
                        />
                        <label htmlFor={id} className="grid gap-0.5 text-sm">
                          <span className="font-medium">{FACTOR_LABELS[type]}</span>
                          <span className="text-xs text-muted-foreground">
                            {FACTOR_EXPLANATIONS[type]}
                          </span>
                        </label>
                      </div>
                    );
                  }}
                />
              ))}
              {factors.length === 0 ? (
                <p className="text-xs text-muted-foreground">
                  No factor offered: users cannot add one, and organizations that require MFA refuse
                  their tokens.
                </p>
              ) : null}
              {errors.mfa?.factors?.message ? (
                <p className="text-xs font-medium text-danger" data-testid="field-error">
                  {errors.mfa.factors.message}
                </p>
              ) : null}
            </fieldset>

            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Policy</legend>
              <Controller
                control={form.control}
                name="mfa.policy"
                render={({ field }) => (
                  <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label="Policy">
                    {mfaPolicy.options.map((policy) => (
                      <label
                        key={policy}
                        className={cn(
                          "flex cursor-pointer gap-2 rounded-md border p-3 text-sm",
                          field.value === policy
                            ? "border-primary bg-accent/40"
                            : "border-border hover:bg-muted",
                        )}
                      >
                        <input
                          type="radio"
                          name={field.name}
                          value={policy}
                          checked={field.value === policy}
                          onChange={() => field.onChange(policy)}
                          disabled={readOnly}
                          className="mt-0.5"
                          data-testid={`mfa-policy-${policy}`}
                        />
                        <span className="grid gap-0.5">
                          <span className="font-medium">{POLICY_LABELS[policy].label}</span>
                          <span className="text-xs text-muted-foreground">
                            {POLICY_LABELS[policy].explanation}
                          </span>
                        </span>
                      </label>
                    ))}
                  </div>
                )}
              />
              {errors.mfa?.policy?.message ? (
                <p className="text-xs font-medium text-danger">{errors.mfa.policy.message}</p>
              ) : null}
            </fieldset>
          </div>
        </Card>
      </fieldset>
      {readOnly ? null : (
        <SaveBar
          dirty={isDirty}
          pending={mutation.isPending}
          onDiscard={() => form.reset(current)}
          saveTestId="save-sign-in-experience"
        />
      )}
    </form>
  );
}
