/** `account`: who the caller is; binding to a household, invitations, moving out, 注销. */
import { accountMe } from '../../../core/contracts/account';
import { maskPhone } from '../../../core/domain/masking';
import { roleView } from '../../../core/domain/org';
import { defineFunction, route } from '../../lib';
import { bindRoutes } from './bind';
import { bindOptionsRoute } from './bind-options';
import { inviteRedeemRoute } from './invite-redeem';
import { leaveRoutes } from './leave';

/** What an unbound visitor is told to do: the two ways in, each a button on the page. */
export const BIND_NEXT_STEP = '居民请点「绑定房屋」，选择所住的房号并填写姓名和手机号；社区工作人员、网格员、红色近邻长等请点「输入邀请码」';

export const main = defineFunction(
  route(accountMe, { access: 'user' }, async (_input, { person }) => {
    if (!person) return { bound: false as const, nextStep: BIND_NEXT_STEP };
    return {
      bound: true as const,
      person: {
        id: person._id,
        name: person.name,
        maskedPhone: maskPhone(person.phone),
        communityId: person.communityId,
        communityName: person.communityName,
        compoundId: person.compoundId,
        compoundName: person.compoundName,
        householdId: person.householdId,
        householdLabel: person.householdLabel,
        partyMember: person.partyMember,
        publicNameConsent: person.publicNameConsent,
      },
      roles: person.roles.map(roleView),
    };
  }),
  bindOptionsRoute,
  ...bindRoutes,
  inviteRedeemRoute,
  ...leaveRoutes,
);
