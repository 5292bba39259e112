/** A row of big choices, one of them selected (周期, 范围, 类别…). */
import { View } from '@tarojs/components';
import './points.scss';

interface Props<V extends string> {
  options: { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}

export default function Tabs<V extends string>({ options, value, onChange }: Props<V>) {
  return (
    <View className='pt-tabs' role='group'>
      {options.map((o) => (
        <View
          key={o.value}
          className={`pt-tabs__tab${o.value === value ? ' pt-tabs__tab--on' : ''}`}
          role='button'
          aria-pressed={o.value === value}
          hoverClass='btn--pressed'
          onClick={() => o.value !== value && onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}
