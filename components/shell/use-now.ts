'use client';
import { useEffect, useState } from 'react';

/** The current time, renewed every `everyMs`, for durations on screen that must keep counting ("4 min"). */
export function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
