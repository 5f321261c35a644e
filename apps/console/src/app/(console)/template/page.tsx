import { redirect } from "next/navigation";

export default function TemplatePage() {
  redirect("/template/roles");
}
