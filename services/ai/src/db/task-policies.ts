import type { Selectable, Transaction } from 'kysely';
import type { AiDb, TaskPolicyTable } from './schema.js';

export type TaskPolicyRow = Selectable<TaskPolicyTable>;
export type TaskPolicyInput = Omit<TaskPolicyRow, 'updated_at'>;

export async function listTaskPolicies(trx: Transaction<AiDb>, tenantId: string): Promise<TaskPolicyRow[]> {
  return trx.selectFrom('task_policy').selectAll().where('tenant_id', '=', tenantId).orderBy('task').execute();
}

export async function upsertTaskPolicy(trx: Transaction<AiDb>, input: TaskPolicyInput, now: Date): Promise<TaskPolicyRow> {
  const { tenant_id: _tenantId, task: _task, ...changes } = input;
  return trx
    .insertInto('task_policy')
    .values({ ...input, updated_at: now })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'task']).doUpdateSet({ ...changes, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTaskPolicy(trx: Transaction<AiDb>, tenantId: string, task: string): Promise<boolean> {
  const result = await trx.deleteFrom('task_policy').where('tenant_id', '=', tenantId).where('task', '=', task).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
