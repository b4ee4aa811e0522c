'use client';
// This segment's error boundary: what failed and a retry, inside the shell (components/shell/page-error.tsx).
export { PageError as default } from '@/components/shell/page-error';
