/**
 * `activities`: 活动 (core/domain/service/activities.ts) — create, list, sign up and cancel with a
 * waiting list (capacity never exceeded), rotating check-in codes and 小程序码, check-out, proxy
 * check-in, the roster, finish (points once per attendee, volunteer hours), and the `sweep` timer
 * (day-before reminders, seats healed after a crash).
 */
import { defineFunction } from '../../lib';
import { checkinProxyRoute, checkinRoute, checkoutRoute, codeRoute } from './checkin';
import { createRoute } from './create';
import { exportRoute } from './export';
import { finishRoute } from './finish';
import { listRoute } from './list';
import { getRoute } from './read';
import { rosterRoute } from './roster';
import { cancelRoute, signupRoute } from './signup';
import { sweepRoute } from './sweep';

export const main = defineFunction(createRoute, getRoute, signupRoute, cancelRoute, codeRoute, checkinRoute, checkinProxyRoute, finishRoute, exportRoute, listRoute, rosterRoute, checkoutRoute, sweepRoute);
