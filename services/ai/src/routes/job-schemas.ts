import Type from 'typebox';
import { NativeChatAnswer } from './chat-schemas.js';

export const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

const JobProblem = Type.Object({ code: Type.Optional(Type.String()), status: Type.Integer(), title: Type.String(), detail: Type.String() });

/** A batch job: queued, running, or finished with its answer (`result`) or its problem document (`error`). */
export const BatchJobView = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  task: Type.String(),
  created_at: Type.String(),
  started_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  result: Type.Optional(NativeChatAnswer),
  error: Type.Optional(JobProblem),
});
