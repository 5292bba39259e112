/** 1–5 stars to rate with: each star a big button with its own name (「3 星」). */
import { View, Text } from '@tarojs/components';
import './requests.scss';

const WORDS = ['', '很不满意', '不满意', '一般', '满意', '很满意'];

export default function Stars({ value, onChange }: { value: number; onChange: (score: number) => void }) {
  return (
    <View>
      <View className='rq-stars' role='group' aria-label='评分'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View key={n} className='rq-star' role='button' aria-pressed={n === value} aria-label={`${n} 星`} hoverClass='btn--pressed' onClick={() => onChange(n)}>
            {n <= value ? '★' : '☆'}
          </View>
        ))}
      </View>
      {value > 0 && (
        <Text className='rq-star__hint'>
          {value} 星 · {WORDS[value]}
        </Text>
      )}
    </View>
  );
}
