'use client';
import { useState, useTransition } from 'react';
import { explainStatement } from '@/lib/actions/queries/explain-statement';
import type { ActionResult } from '@/lib/actions/result';
import { PlanTree } from './plan-tree';

type Explained = Extract<Awaited<ReturnType<typeof explainStatement>>, { ok: true }>['data'];

/** Operator control: EXPLAIN a listed statement, optionally with ANALYZE (rolled back, under the timeout). */
export function ExplainButton({ target, queryId }: { target: string; queryId: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<Explained> | null>(null);
  const run = (analyze: boolean) => {
    if (analyze && !window.confirm('EXPLAIN ANALYZE executes the statement (inside a transaction that is rolled back). Continue?')) return;
    startTransition(async () => setResult(await explainStatement({ target, queryId, analyze })));
  };
  return (
    <div>
      <div className="toolbar" style={{ margin: 0 }}>
        <button type="button" onClick={() => run(false)} disabled={pending}>
          Explain
        </button>
        <button type="button" onClick={() => run(true)} disabled={pending}>
          Explain analyze
        </button>
      </div>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <div role="region" aria-label="Plan">
          <p className="stat-detail">
            {result.data.generic ? 'Generic plan (the statement has placeholders). ' : ''}
            {result.data.planningMs !== null && `Planning ${result.data.planningMs.toFixed(3)} ms. `}
            {result.data.executionMs !== null && `Execution ${result.data.executionMs.toFixed(3)} ms (rolled back).`}
          </p>
          <PlanTree plan={result.data.plan} />
        </div>
      )}
    </div>
  );
}
