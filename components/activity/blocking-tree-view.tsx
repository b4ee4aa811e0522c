import { QueryText } from '../reports/query-text';
import { formatDuration } from '@/lib/format';
import type { BlockingNode } from '@/lib/monitoring/blocking-tree';

function Node({ node }: { node: BlockingNode }) {
  return (
    <li data-testid={`blocking-node-${node.pid}`}>
      <strong>pid {node.pid}</strong>
      {node.user && <span className="stat-detail"> ({node.user})</span>}
      {node.waitsFor && (
        <span className="stat-detail">
          {' '}
          waits {formatDuration(node.waitsFor.waitingSeconds)} for {node.waitsFor.lockMode ?? 'a lock'}
          {node.waitsFor.relation ? ` on ${node.waitsFor.relation}` : ''}
        </span>
      )}
      {!node.waitsFor && <span className="pill"> blocking</span>}
      <QueryText query={node.query} />
      {node.blocks.length > 0 && (
        <ul>
          {node.blocks.map((child) => (
            <Node key={child.pid} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function BlockingTreeView({ roots }: { roots: BlockingNode[] }) {
  return (
    <ul className="tree" data-testid="blocking-tree">
      {roots.map((root) => (
        <Node key={root.pid} node={root} />
      ))}
    </ul>
  );
}
