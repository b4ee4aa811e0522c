/**
 * Item 10: firewall rules — the database should be reachable only from the application servers. The network's
 * firewall is outside what SQL can see, so the item needs a person's attestation; the console shows what the
 * server itself allows (listen_addresses and, where readable, pg_hba.conf) and flags rules open to the whole
 * internet or without a password.
 */
import 'server-only';
import { findValidHbaRules, getListenAddresses, type HbaRule } from '../../pg/settings';
import type { Evidence, EvidenceFact } from '../types';

const OPEN_TO_ALL = new Set(['0.0.0.0/0', '::/0', '0.0.0.0/0.0.0.0', '::/::', 'all']);

/** Why a pg_hba line is dangerous, or null. */
export function hbaRuleRisk(rule: HbaRule): string | null {
  const where = rule.address === null ? '' : rule.netmask ? `${rule.address}/${rule.netmask}` : rule.address;
  if (rule.type !== 'local' && rule.method === 'trust')
    return `line ${rule.line}: ${rule.type} ${where || 'any'} uses trust — no password at all`;
  if (rule.type !== 'local' && OPEN_TO_ALL.has(where))
    return `line ${rule.line}: ${rule.type} from ${where} — open to every address`;
  return null;
}

export async function checkFirewall(): Promise<Evidence> {
  const listen = await getListenAddresses();
  let rules: HbaRule[] | null = null;
  try {
    rules = await findValidHbaRules();
  } catch {
    // pg_hba_file_rules is readable only by superusers unless granted; the item then rests on attestation.
  }
  const risks = rules?.map(hbaRuleRisk).filter((risk): risk is string => risk !== null) ?? [];
  const listensEverywhere = listen.split(',').some((address) => ['*', '0.0.0.0', '::'].includes(address.trim()));
  const facts: EvidenceFact[] = [
    { label: 'listen_addresses', value: listen, status: listensEverywhere ? 'warn' : 'pass' },
    {
      label: 'pg_hba.conf',
      value: rules === null ? 'not readable by this role' : `${rules.length} rules, ${risks.length} flagged`,
      status: risks.length ? 'fail' : rules === null ? 'manual' : 'pass',
    },
    ...risks.map((risk) => ({ label: 'Flagged rule', value: risk, status: 'fail' as const })),
  ];
  if (risks.length)
    return {
      status: 'fail',
      summary: `pg_hba.conf lets in more than the application servers: ${risks.join('; ')}.`,
      facts,
    };
  return {
    status: 'manual',
    summary: `The server listens on ${listen}${rules ? ' and no pg_hba rule is open to all or uses trust' : ''}; confirm that the network firewall admits only the application servers.`,
    facts,
  };
}
