/**
 * What every transition route does around commitEvent: the caller must be someone who may see the
 * request (anyone else — a neighbour, a handler of another grid — is told there is no such request,
 * as requests.get tells them), the free text they send passes WeChat's content check, photos are
 * their own uploads, and they get the request back as they now see it.
 */
import type { RequestView } from '../../../core/contracts/requests';
import type { PersonDoc } from '../../../core/domain/org-model';
import { viewerOf } from '../../../core/domain/requests/actor';
import type { PersonActor } from '../../../core/domain/requests/lifecycle';
import type { RequestDoc } from '../../../core/domain/requests/model';
import { isOwnRequestPhoto } from '../../../core/domain/requests/photos';
import { AppError, checkText, refuseRisky, type CloudApp, type Database } from '../../lib';
import { checkOwnPhotos } from '../../lib/own-photos';
import { handlerActor } from './actors';
import { commitEvent, type Commit } from './commit';
import { findRequest, NOT_FOUND_MESSAGE, showRequest } from './store';

export interface Caller {
  app: CloudApp;
  db: Database;
  person: PersonDoc;
  openid: string;
}

/** Every transition route reads the request with the caller (the router's prefetch). */
export const prefetchRequest = (input: { requestId: string }, db: Database) => findRequest(db, input.requestId);

/** The caller as an actor on the request; NOT_FOUND when it does not exist or is none of their business. */
export async function actorOn(caller: Caller, request: RequestDoc | null | undefined): Promise<{ request: RequestDoc; actorFor: (r: RequestDoc) => Promise<PersonActor> }> {
  if (!request) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const actorFor = handlerActor(caller.db, caller.person);
  if (!viewerOf(request, await actorFor(request))) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return { request, actorFor };
}

/** Free text the caller writes onto the request (skipped when empty); refused when WeChat finds it risky. */
export async function checkWords(caller: Caller, text: string, what: string, path: string): Promise<void> {
  if (!text) return;
  refuseRisky(await checkText(caller.app, { openid: caller.openid, scene: 'comment', content: text }), what, path);
}

/** Photos must be the caller's own uploads into their request folder, and exist. */
export const checkPhotos = (caller: Caller, photos: string[]) => checkOwnPhotos(caller.app, photos, (fileId) => isOwnRequestPhoto(fileId, caller.person._id));

/** Commits the caller's event (commit.ts) and answers the request as they now see it. */
export async function act(
  caller: Caller,
  on: { request: RequestDoc; actorFor: (r: RequestDoc) => Promise<PersonActor> },
  c: Pick<Commit, 'event' | 'key' | 'patch' | 'refused'>,
): Promise<RequestView> {
  const after = await commitEvent(caller, { ...c, request: on.request, actor: on.actorFor, actorName: caller.person.name });
  return showRequest(caller.db, after, on.actorFor);
}
