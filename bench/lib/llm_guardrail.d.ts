/** The part of llm_guardrail's (untyped) API the detector bench uses. */
declare module 'llm_guardrail' {
  interface CheckResult {
    allowed: boolean;
    detected: boolean;
    confidence: number;
  }
  export function checkAll(prompt: string): Promise<{
    allowed: boolean;
    maxThreatConfidence: number;
    injection: CheckResult;
    jailbreak: CheckResult;
    malicious: CheckResult;
  }>;
}
