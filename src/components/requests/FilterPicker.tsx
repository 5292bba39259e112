/** One filter of a list: 「全部」 or one of the options (a native picker). */
import { View, Text, Picker } from '@tarojs/components';
import '../points/points.scss';

interface Props {
  label: string;
  options: { id: string; name: string }[];
  value: string | undefined;
  onChange: (id: string | undefined) => void;
}

export default function FilterPicker({ label, options, value, onChange }: Props) {
  const chosen = options.find((o) => o.id === value);
  const text = chosen?.name ?? `全部${label}`;
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Picker mode='selector' range={[`全部${label}`, ...options.map((o) => o.name)]} onChange={(e) => onChange(options[Number(e.detail.value) - 1]?.id)}>
        <View className='pt-picker' role='button' aria-label={`${label}：${text}，点按选择`}>
          {text} ▾
        </View>
      </Picker>
    </View>
  );
}
