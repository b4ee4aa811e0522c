'use client';
import { useState, useTransition, type FormEvent } from 'react';
import { describeStatement } from '@/lib/actions/queries/describe-statement';
import { explainStatement } from '@/lib/actions/queries/explain-statement';
import type { ActionResult } from '@/lib/actions/result';
import type { AnalyzeReadiness } from '@/lib/pg/explain';
import { PlanTree } from './plan-tree';

type Explained = Extract<Awaited<ReturnType<typeof explainStatement>>, { ok: true }>['data'];

/**
 * Operator control: EXPLAIN a listed statement (its generic plan when it has placeholders), or EXPLAIN ANALYZE it:
 * the form names the role it runs as and asks one value per $n, beside the parameter's type. Both plan as the
 * EXPLAIN role, never as the console's; without a usable one both are refused, and the refusal says what to run.
 */
export function ExplainButton({ target, queryId }: { target: string; queryId: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<Explained> | null>(null);
  const [readiness, setReadiness] = useState<ActionResult<AnalyzeReadiness> | null>(null);
  const [values, setValues] = useState<string[]>([]);

  const explain = () =>
    startTransition(async () => {
      setReadiness(null);
      setResult(await explainStatement({ target, queryId, analyze: false }));
    });
  const openAnalyze = () =>
    startTransition(async () => {
      setResult(null);
      const described = await describeStatement({ target, queryId });
      setValues(described.ok ? described.data.parameterTypes.map(() => '') : []);
      setReadiness(described);
    });
  const analyze = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () =>
      setResult(await explainStatement({ target, queryId, analyze: true, parameters: values })),
    );
  };

  return (
    <div>
      <div className="toolbar" style={{ margin: 0 }}>
        <button type="button" onClick={explain} disabled={pending}>
          Explain
        </button>
        <button type="button" onClick={openAnalyze} disabled={pending} aria-expanded={readiness?.ok ?? false}>
          Explain analyze…
        </button>
      </div>
      {readiness && !readiness.ok && (
        <p role="alert" className="field-error">
          {readiness.message}
        </p>
      )}
      {readiness?.ok && (
        <form onSubmit={analyze} aria-label="Explain analyze">
          <p className="stat-detail">
            Runs the statement as {readiness.data.role} in a read-only transaction that is rolled back, under the
            statement timeout (Explain plans it as that role too). The audit log records the statement, not the values.
          </p>
          {readiness.data.problem && (
            <p role="alert" className="field-error">
              {readiness.data.problem}
            </p>
          )}
          {readiness.data.parameterTypes.length > 0 && (
            <div className="form">
              {readiness.data.parameterTypes.map((type, index) => (
                <label key={index}>
                  <span>
                    ${index + 1} <span className="stat-detail">{type}</span>
                  </span>
                  <input
                    value={values[index] ?? ''}
                    onChange={(event) =>
                      setValues((current) => current.map((value, i) => (i === index ? event.target.value : value)))
                    }
                    autoComplete="off"
                  />
                </label>
              ))}
            </div>
          )}
          <div className="toolbar" style={{ margin: '0.5rem 0 0' }}>
            <button type="submit" disabled={pending || readiness.data.problem !== null}>
              Run EXPLAIN ANALYZE
            </button>
          </div>
        </form>
      )}
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <div role="region" aria-label="Plan">
          <p className="stat-detail">
            {result.data.generic
              ? `Generic plan (the statement has placeholders: ${result.data.parameterTypes.map((type, i) => `$${i + 1} ${type}`).join(', ')}). `
              : ''}
            {result.data.analyzed
              ? `Analysed as ${result.data.role}, read-only. `
              : `Planned as ${result.data.role}, read-only. `}
            {result.data.planningMs !== null && `Planning ${result.data.planningMs.toFixed(3)} ms. `}
            {result.data.executionMs !== null && `Execution ${result.data.executionMs.toFixed(3)} ms (rolled back).`}
          </p>
          <PlanTree plan={result.data.plan} />
        </div>
      )}
    </div>
  );
}
