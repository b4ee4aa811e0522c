import type { PlanNode } from '@/lib/pg/explain';

function Node({ node }: { node: PlanNode }) {
  const target = [node.relation && `on ${node.relation}`, node.index && `using ${node.index}`]
    .filter(Boolean)
    .join(' ');
  return (
    <li>
      <strong>{node.nodeType}</strong> {target}
      <span className="stat-detail">
        {' '}
        cost {node.startupCost.toFixed(2)}..{node.totalCost.toFixed(2)}, {node.planRows} rows estimated
        {node.actualTotalMs !== null &&
          `; actual ${node.actualTotalMs.toFixed(3)} ms, ${node.actualRows} rows × ${node.loops} loop(s)`}
      </span>
      {node.detail && <code className="query-text"> {node.detail}</code>}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child, index) => (
            <Node key={index} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function PlanTree({ plan }: { plan: PlanNode }) {
  return (
    <ul className="tree" data-testid="plan-tree">
      <Node node={plan} />
    </ul>
  );
}
