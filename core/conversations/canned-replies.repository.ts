import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AppAbility } from '../access/ability.ts';
import { accessFilter, type ColumnMap } from '../access/sql-filter.ts';
import type { Database } from '../db/schema.ts';
import type { CannedReplyTable } from './canned-replies.table.ts';
import type { CannedReply, CannedReplyInput, ReplyBodies } from './canned-replies.ts';
import { isUuid } from './message-sealing.ts';

/** The `CannedReply` attributes rules may filter on, as columns. */
const CANNED_REPLY_COLUMNS: ColumnMap<'CannedReply'> = {
  tenantId: { column: 'tenant_id' },
  id: { column: 'reply_id' },
  shortcut: { column: 'shortcut' },
};

const toReply = (row: Selectable<CannedReplyTable>): CannedReply => ({
  tenantId: row.tenant_id,
  id: row.reply_id,
  shortcut: row.shortcut,
  title: row.title,
  bodies: row.bodies as ReplyBodies,
  createdBy: row.created_by,
  updatedBy: row.updated_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const bodiesJson = (bodies: ReplyBodies) =>
  JSON.stringify(Object.fromEntries(Object.entries(bodies).filter(([, body]) => body !== undefined)));

/** SQL for `canned_replies`; writes take the caller's transaction (their audit record goes with them). */
export function cannedReplyRepository(db: Kysely<Database>) {
  return {
    async list(tenantId: string, ability: AppAbility): Promise<CannedReply[]> {
      const rows = await db
        .selectFrom('canned_replies')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(accessFilter(ability, 'read', 'CannedReply', CANNED_REPLY_COLUMNS))
        .orderBy('shortcut')
        .execute();
      return rows.map(toReply);
    },

    async get(tenantId: string, replyId: string): Promise<CannedReply | undefined> {
      if (!isUuid(replyId)) return undefined;
      const row = await db
        .selectFrom('canned_replies')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('reply_id', '=', replyId)
        .executeTakeFirst();
      return row && toReply(row);
    },

    async insert(
      trx: Transaction<Database>,
      tenantId: string,
      replyId: string,
      input: CannedReplyInput,
      by: string,
      at: Date,
    ): Promise<CannedReply> {
      const row = await trx
        .insertInto('canned_replies')
        .values({
          tenant_id: tenantId,
          reply_id: replyId,
          shortcut: input.shortcut,
          title: input.title.trim(),
          bodies: bodiesJson(input.bodies),
          created_by: by,
          updated_by: by,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toReply(row);
    },

    async replace(
      trx: Transaction<Database>,
      tenantId: string,
      replyId: string,
      input: CannedReplyInput,
      by: string,
      at: Date,
    ): Promise<CannedReply | undefined> {
      const row = await trx
        .updateTable('canned_replies')
        .set({
          shortcut: input.shortcut,
          title: input.title.trim(),
          bodies: bodiesJson(input.bodies),
          updated_by: by,
          updated_at: at,
        })
        .where('tenant_id', '=', tenantId)
        .where('reply_id', '=', replyId)
        .returningAll()
        .executeTakeFirst();
      return row && toReply(row);
    },

    async remove(trx: Transaction<Database>, tenantId: string, replyId: string): Promise<boolean> {
      const result = await trx
        .deleteFrom('canned_replies')
        .where('tenant_id', '=', tenantId)
        .where('reply_id', '=', replyId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
