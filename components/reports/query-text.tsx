/** A statement shown as one line that expands to the full text: long statements keep tables readable. */
export function QueryText({ query, max = 140 }: { query: string; max?: number }) {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max && !query.includes('\n')) return <code className="query-text">{query}</code>;
  return (
    <details>
      <summary>
        <code>{oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine}</code>
      </summary>
      <pre className="query-text">{query}</pre>
    </details>
  );
}
