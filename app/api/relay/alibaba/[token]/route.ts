import { handleReport } from "@/lib/alibaba/report";

/** Alibaba's SecretReport push: POST /api/relay/alibaba/<ALIBABA_REPORT_TOKEN>. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  return handleReport(request, token);
}
