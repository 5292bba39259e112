/**
 * Who the caller is to a request, as the state machine needs it: role grants from their person
 * document (one read, already done by the router), and team or partner-unit membership read only
 * when the request is assigned or escalated to one (membership lives on the team and unit records).
 */
import { partnerDoc, teamDoc, type PersonDoc } from '../../../core/domain/org-model';
import { actorOf } from '../../../core/domain/requests/actor';
import type { PersonActor } from '../../../core/domain/requests/lifecycle';
import type { RequestDoc } from '../../../core/domain/requests/model';
import { COLLECTIONS, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';

/** The team and partner units of the request the person belongs to (at most one read each). */
async function membershipsIn(db: Database, person: PersonDoc, request: RequestDoc): Promise<{ teamIds: string[]; partnerIds: string[] }> {
  const teamId = request.assignment?.kind === 'team' ? request.assignment.teamId : null;
  const partnerIds = [...new Set([request.assignment?.kind === 'partner' ? request.assignment.partnerId : null, request.escalation?.partnerId ?? null].filter((id): id is string => id !== null))];
  const [team, partners] = await Promise.all([
    teamId ? getDoc(db, COLLECTIONS.teams, teamId, teamDoc) : Promise.resolve(null),
    Promise.all(partnerIds.map((id) => getDoc(db, COLLECTIONS.partners, id, partnerDoc))),
  ]);
  const live = <T extends { retiredAt: string | null; communityId: string }>(d: T | null): d is T => d !== null && d.retiredAt === null && d.communityId === request.communityId;
  return {
    teamIds: live(team) && (team.memberIds.includes(person._id) || team.leaderId === person._id) ? [team._id] : [],
    partnerIds: partners.filter(live).filter((p) => p.memberIds.includes(person._id)).map((p) => p._id),
  };
}

/** The caller as an actor on a given request (memoised per request version). */
export function handlerActor(db: Database, person: PersonDoc): (request: RequestDoc) => Promise<PersonActor> {
  const seen = new Map<string, Promise<PersonActor>>();
  return (request) => {
    const k = `${request._id}@${request.rev}`;
    if (!seen.has(k)) seen.set(k, membershipsIn(db, person, request).then((m) => actorOf(person, m)));
    return seen.get(k)!;
  };
}
