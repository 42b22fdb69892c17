import { handlers } from "@/lib/auth";
import { withSignInLimit } from "@/lib/security/auth-route";

export const { GET } = handlers;
export const POST = withSignInLimit(handlers.POST);
