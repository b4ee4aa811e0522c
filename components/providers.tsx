'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { config as zodConfig } from 'zod/v4/core';

// zod's fast path compiles parsers with new Function, which the Content-Security-Policy forbids (no 'unsafe-eval'):
// it would fall back by itself, but only after the browser reports a violation. Parse without it in the browser.
zodConfig({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
