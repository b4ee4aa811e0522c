import Link from 'next/link';
import type { Tile } from '@/lib/monitoring/glance-rules';

const STATUS_TEXT = { ok: 'OK', warn: 'Warning', bad: 'Problem', unknown: 'Unknown' } as const;

export function GlanceTiles({ tiles }: { tiles: Tile[] }) {
  return (
    <ul className="tiles" aria-label="Health checks">
      {tiles.map((tile) => (
        <li key={tile.id}>
          <Link
            href={tile.href}
            className={`tile tile-${tile.status}`}
            data-testid={`tile-${tile.id}`}
            data-status={tile.status}
          >
            <span className="tile-label">{tile.label}</span>
            <span className="tile-value">{tile.value}</span>
            <span className="tile-status">{STATUS_TEXT[tile.status]}</span>
            <span className="tile-detail">{tile.detail}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
