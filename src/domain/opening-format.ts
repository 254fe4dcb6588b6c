export type WageUnitName = 'month' | 'day' | 'hour' | 'piece';

const UNIT_LABEL: Record<WageUnitName, string> = { month: '月', day: '天', hour: '小时', piece: '件' };

/** "月薪4500-5000元", "日薪150元", "计件3元/件": short, concrete, the way workshops advertise. */
export function formatWage(min: number, max: number, unit: WageUnitName): string {
  const range = min === max ? `${min}` : `${min}-${max}`;
  switch (unit) {
    case 'month':
      return `月薪${range}元`;
    case 'day':
      return `日薪${range}元`;
    case 'hour':
      return `时薪${range}元`;
    case 'piece':
      return `计件${range}元/${UNIT_LABEL.piece}`;
  }
}

/**
 * A place name short enough for an SMS: the township with its county when the county is not
 * already obvious ("元阳新街镇"), from a division's full name parts.
 */
export function shortPlaceName(countyName: string | null, placeName: string): string {
  if (!countyName || countyName === placeName) return placeName;
  const county = countyName.replace(/(哈尼族彝族|苗族瑶族傣族|苗族|瑶族)?自治县$/, '').replace(/[县市]$/, '');
  return `${county}${placeName}`;
}
