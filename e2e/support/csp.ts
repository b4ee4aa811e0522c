/** Content-Security-Policy violations a page reports, collected in the page itself from its first script on. */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __policyViolations?: string[];
  }
}

/** For page.addInitScript: records every securitypolicyviolation event of every document the page loads. */
export function collectPolicyViolations(): void {
  window.__policyViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__policyViolations!.push(
      `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
    );
  });
}

export async function policyViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__policyViolations ?? []);
}
