/** One person on the 公示牌: name, title, masked phone and — when the viewer may — 「拨打」. */
import { View, Text } from '@tarojs/components';
import type { Contact } from '@core/contracts/org';
import './ContactRow.scss';

interface Props {
  contact: Contact;
  onCall?: (contact: Contact) => void;
  /** leave the title out when the group label above already says it (红色近邻长 under 红色近邻长) */
  hideTitle?: boolean;
}

export default function ContactRow({ contact, onCall, hideTitle }: Props) {
  return (
    <View className='contact'>
      <View className='contact__who'>
        <View>
          <Text className='contact__name'>{contact.name}</Text>
          {!hideTitle && <Text className='contact__title'>{contact.title}</Text>}
        </View>
        <Text className='contact__phone'>{contact.maskedPhone ?? '未公开电话'}</Text>
      </View>
      {onCall && contact.maskedPhone && (
        <View role='button' className='btn btn--ghost contact__call' hoverClass='btn--pressed' aria-label={`拨打${contact.name}的电话`} onClick={() => onCall(contact)}>
          拨打
        </View>
      )}
    </View>
  );
}
