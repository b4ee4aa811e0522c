/** Item 1: the database was created with UTF-8 encoding and a UTF-8 collation, as the guide's CREATE DATABASE. */
import 'server-only';
import { getDatabaseEncoding } from '../../pg/settings';
import type { Evidence } from '../types';

const isUtf8Locale = (locale: string) => /utf-?8/i.test(locale);

export async function checkEncoding(): Promise<Evidence> {
  const row = await getDatabaseEncoding();
  const facts = [
    { label: 'Encoding', value: row.encoding, status: row.encoding === 'UTF8' ? ('pass' as const) : ('fail' as const) },
    {
      label: 'LC_COLLATE',
      value: row.collate,
      status: isUtf8Locale(row.collate) ? ('pass' as const) : ('warn' as const),
    },
    { label: 'LC_CTYPE', value: row.ctype, status: isUtf8Locale(row.ctype) ? ('pass' as const) : ('warn' as const) },
  ];
  if (row.encoding !== 'UTF8') {
    return {
      status: 'fail',
      summary: `${row.database} is encoded in ${row.encoding}; the guide creates it with ENCODING 'UTF8' (re-create it from template0 and restore).`,
      facts,
    };
  }
  if (!isUtf8Locale(row.collate) || !isUtf8Locale(row.ctype)) {
    return {
      status: 'warn',
      summary: `${row.database} is UTF-8 but its locale is ${row.collate}/${row.ctype}, not a UTF-8 locale such as the guide's en_US.UTF-8: sorting and case rules are byte-wise.`,
      facts,
    };
  }
  return { status: 'pass', summary: `${row.database} is UTF-8 with the ${row.collate} collation.`, facts };
}
