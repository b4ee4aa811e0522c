'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders a server page every `seconds` (its data comes from the sampler, so this costs no target a query). */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    // Not while the tab is hidden: nobody is looking, and each refresh reads the console's store.
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
