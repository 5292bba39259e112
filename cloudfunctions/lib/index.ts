/** The shared runtime of our cloud functions, bundled into each of them. */
export { defineFunction, route, type Access, type HandlerContext, type Main, type Route } from './router';
export { AppError } from './errors';
export { parseInput, fieldIssues } from './validation';
export { cloudApp, database, type CloudApp, type Database } from './cloud';
export { callerIdentity, type Identity } from './identity';
export { homeCommunity, loadPerson } from './caller';
export { COLLECTIONS } from './collections';
export { check } from './db-errors';
export { config } from './config';
export { countCall, withinLimit } from './rate-limit';
export { log, type Log } from './log';
export { sendSubscribeMessage, type SubscribeMessage } from './subscribe';
export { recordMediaVerdict, mediaVerdictsOf, type MediaVerdict } from './media-verdicts';
export { checkText, refuseRisky, startMediaCheck, CONTENT_SCENES, type ContentScene, type ContentVerdict } from './content-security';
export { changeOrg, loadOrgSnapshot, type ChangeRequest, type ChangeResult } from './org-change';
