/**
 * Forward-only migrations, applied in name order at start-up, each inside one transaction (both
 * dialects support transactional DDL), under Kysely's migration lock so several app instances
 * starting together apply each migration once. Add a file, never edit a shipped one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-measures.ts';
import * as m0003 from './0003-alliance.ts';
import * as m0004 from './0004-session-status-index.ts';
import * as m0005 from './0005-integrity-seals.ts';
import * as m0006 from './0006-sealed-identity.ts';
import * as m0007 from './0007-access-notices.ts';
import * as m0008 from './0008-notes.ts';
import * as m0009 from './0009-process-notes.ts';
import * as m0010 from './0010-ending.ts';
import * as m0011 from './0011-skills.ts';
import * as m0012 from './0012-mail.ts';
import * as m0013 from './0013-the-day.ts';
import * as m0014 from './0014-data-rights.ts';
import * as m0015 from './0015-cue-rules-version.ts';
import * as m0016 from './0016-dated-records.ts';
import * as m0017 from './0017-supervision.ts';
import * as m0018 from './0018-course-outcomes.ts';
import * as m0019 from './0019-audit-lanes.ts';
import * as m0020 from './0020-postgres-partitions.ts';
import * as m0022 from './0022-audit-event-clients.ts';
import * as m0023 from './0023-postgres-native-types.ts';
import * as m0025 from './0025-paging.ts';
import * as m0026 from './0026-sealed-seq-index.ts';
import * as m0029 from './0029-supervision-amend.ts';
import * as m0030 from './0030-audit-client-sets.ts';
import * as m0031 from './0031-measure-series.ts';
import * as m0032 from './0032-audit-seq-rowid.ts';
import * as m0033 from './0033-outcome-checks.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-measures': m0002,
  '0003-alliance': m0003,
  '0004-session-status-index': m0004,
  '0005-integrity-seals': m0005,
  '0006-sealed-identity': m0006,
  '0007-access-notices': m0007,
  '0008-notes': m0008,
  '0009-process-notes': m0009,
  '0010-ending': m0010,
  '0011-skills': m0011,
  '0012-mail': m0012,
  '0013-the-day': m0013,
  '0014-data-rights': m0014,
  '0015-cue-rules-version': m0015,
  '0016-dated-records': m0016,
  '0017-supervision': m0017,
  '0018-course-outcomes': m0018,
  '0019-audit-lanes': m0019,
  '0020-postgres-partitions': m0020,
  '0022-audit-event-clients': m0022,
  '0023-postgres-native-types': m0023,
  '0025-paging': m0025,
  '0026-sealed-seq-index': m0026,
  '0029-supervision-amend': m0029,
  '0030-audit-client-sets': m0030,
  '0031-measure-series': m0031,
  '0032-audit-seq-rowid': m0032,
  '0033-outcome-checks': m0033,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
