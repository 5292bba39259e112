/** `account`: who the caller is. */
import { accountMe } from '../../../core/contracts/account';
import { maskPhone } from '../../../core/domain/masking';
import { roleView } from '../../../core/domain/org';
import { defineFunction, route } from '../../lib';

/** What an unbound visitor is told to do. */
export const BIND_NEXT_STEP = '请向社区工作人员或网格员索取邀请码，在「我的」里绑定身份';

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
        householdLabel: person.householdLabel,
        partyMember: person.partyMember,
        publicNameConsent: person.publicNameConsent,
      },
      roles: person.roles.map(roleView),
    };
  }),
);
