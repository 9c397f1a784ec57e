import { getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { deleteTaskPolicy, listTaskPolicies, type TaskPolicyRow, upsertTaskPolicy } from '../db/task-policies.js';
import { DEFAULT_TASK, resolveTaskPolicy } from '../domain/task-policy.js';
import { TaskPolicyInvalidError, TaskPolicyNotFoundError } from '../errors.js';
import { TaskPolicySchema } from '../settings/schemas.js';
import { rowToTaskPolicy } from '../settings/tenant-settings.js';
import { taskPolicyToBody } from '../settings/to-domain.js';
import { TaskSchema } from './chat-schemas.js';
import type { RouteOptions } from './context.js';

const TaskParams = Type.Object({ task: TaskSchema }, { additionalProperties: false });
const TaskPolicyView = Type.Intersect([Type.Object({ task: Type.String(), source: Type.String() }), TaskPolicySchema]);
const TaskPolicyList = Type.Object({ items: Type.Array(TaskPolicyView) });

function rowToView(row: TaskPolicyRow) {
  return { task: row.task, source: 'tenant', ...taskPolicyToBody(rowToTaskPolicy(row)) };
}

/**
 * `/tasks`: how each task (request type) is routed, cached and bounded. The tenant's own policies override the
 * installation's; `GET /tasks/:task` shows the policy in force and where it comes from.
 */
export async function taskPolicyRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const config = { permission: 'ai.admin:manage' as const };
  const { db } = context;
  const operator = context.config.global.tasks;

  app.get('/tasks', { config, schema: { response: { 200: TaskPolicyList } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const rows = await withTenant(db, tenantId, (trx) => listTaskPolicies(trx, tenantId));
    return { items: rows.map(rowToView) };
  });

  app.get('/tasks/:task', { config, schema: { params: TaskParams, response: { 200: TaskPolicyView } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const { task } = request.params;
    const rows = await withTenant(db, tenantId, (trx) => listTaskPolicies(trx, tenantId));
    const own = new Map(rows.map((row) => [row.task, rowToTaskPolicy(row)]));
    const policy = resolveTaskPolicy(task, own, operator);
    const source = own.has(task) || own.has(DEFAULT_TASK) ? 'tenant' : operator.has(task) || operator.has(DEFAULT_TASK) ? 'installation' : 'default';
    return { task, source, ...taskPolicyToBody(policy) };
  });

  app.put('/tasks/:task', { config, schema: { params: TaskParams, body: TaskPolicySchema, response: { 200: TaskPolicyView } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const body = request.body;
    if (body.strategy === 'pinned' && body.model === undefined) throw new TaskPolicyInvalidError('A pinned policy needs model (<provider>/<model>).');
    if (body.strategy !== 'pinned' && body.model !== undefined) throw new TaskPolicyInvalidError('Only a pinned policy names a model.');
    const input = {
      tenant_id: tenantId,
      task: request.params.task,
      strategy: body.strategy,
      model: body.model ?? null,
      fallback: body.fallback,
      fallback_to_local: body.fallback_to_local,
      max_attempts: body.max_attempts,
      cache_ttl_s: body.cache_ttl_s,
      max_output_tokens: body.max_output_tokens,
      semantic_cache: body.semantic_cache,
      semantic_threshold: body.semantic_threshold,
      semantic_embedding_model: body.semantic_embedding_model ?? null,
    };
    const row = await withTenant(db, tenantId, (trx) => upsertTaskPolicy(trx, input, new Date()));
    context.gateway.settings.invalidate(tenantId);
    return rowToView(row);
  });

  app.delete('/tasks/:task', { config, schema: { params: TaskParams } }, async (request, reply) => {
    const { tenantId } = getPrincipal(request);
    const deleted = await withTenant(db, tenantId, (trx) => deleteTaskPolicy(trx, tenantId, request.params.task));
    if (!deleted) throw new TaskPolicyNotFoundError(request.params.task);
    context.gateway.settings.invalidate(tenantId);
    return reply.code(204).send();
  });
}
