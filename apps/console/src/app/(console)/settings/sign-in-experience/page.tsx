import type { Metadata } from "next";
import { SignInExperienceSettings } from "@/features/sign-in-experience/sign-in-experience-settings";

export const metadata: Metadata = { title: "Sign-in experience" };

/** Every console member may read the settings; only admins can change them (the form says so). */
export default function SignInExperiencePage() {
  return <SignInExperienceSettings />;
}
