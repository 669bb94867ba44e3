import { ClosedSchema } from '../../errors/closed-schema';
import { QueryBoolean } from '../../input';

/** POST /v1/containers?run=: Zun's query_param_create. */
@ClosedSchema()
export class CreateContainerQuery {
  @QueryBoolean() run?: boolean;
}

/** DELETE /v1/containers/X: Zun's query_param_delete (zunclient always sends all three). */
@ClosedSchema()
export class DeleteContainerQuery {
  @QueryBoolean() force?: boolean;
  @QueryBoolean() stop?: boolean;
  @QueryBoolean() all_projects?: boolean;
}
