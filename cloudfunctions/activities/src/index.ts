/**
 * `activities`: 活动 (core/domain/service/activities.ts) — create, sign up and cancel with a waiting
 * list (capacity never exceeded), rotating check-in codes, proxy check-in, finish (points once per
 * attendee, volunteer hours).
 */
import { defineFunction } from '../../lib';
import { checkinProxyRoute, checkinRoute, codeRoute } from './checkin';
import { createRoute } from './create';
import { exportRoute } from './export';
import { finishRoute } from './finish';
import { getRoute } from './read';
import { cancelRoute, signupRoute } from './signup';

export const main = defineFunction(createRoute, getRoute, signupRoute, cancelRoute, codeRoute, checkinRoute, checkinProxyRoute, finishRoute, exportRoute);
