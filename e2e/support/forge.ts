import type { APIRequestContext } from '@playwright/test';
import { E2E } from './settings';

/**
 * Calls a server action the way a hand-made request would: POST with the Next-Action header and arguments
 * of the caller's choosing, bypassing every UI control. Returns the response body (the action's result).
 */
export async function forgeActionCall(
  request: APIRequestContext,
  actionId: string,
  pagePath: string,
  args: unknown[] = [{ userId: 1, role: 'admin', disabled: true }],
): Promise<string> {
  const response = await request.post(pagePath, {
    headers: {
      'Next-Action': actionId,
      'Content-Type': 'text/plain;charset=UTF-8',
      Origin: E2E.baseUrl,
      Accept: 'text/x-component',
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return response.text();
}
