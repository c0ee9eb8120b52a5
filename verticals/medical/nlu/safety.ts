import { AppError, createSafetyDetector, normalizeText } from '../../../core/index.ts';
import { medicalSafetyRules } from './safety-rules.ts';

export interface MedicalSafetyVerdict {
  /** At least one emergency red flag: the bot gives emergency guidance and hands off at once. */
  readonly emergency: boolean;
  /** The most severe level raised; `urgent` alone means "see a doctor today", not "call an ambulance". */
  readonly severity: 'emergency' | 'urgent' | 'none';
  /** Ids of the rules raised, in rule order (see safety-rules.ts). */
  readonly reasons: readonly string[];
}

const detect = createSafetyDetector(medicalSafetyRules);

/** Reads a patient's message for red flags; runs on every message, so it is pure and fast. */
export function medicalSafety(text: string): MedicalSafetyVerdict {
  if (typeof text !== 'string') throw new AppError('validation_failed', 'text must be a string');
  const result = detect(normalizeText(text).text);
  return {
    emergency: result.severity === 'emergency',
    severity: result.severity,
    reasons: result.matches.map((m) => m.rule),
  };
}

/**
 * The number to dial for a medical emergency, first, then other numbers that also reach one,
 * by ISO 3166 country code; `EU` is the European single number.
 */
export const EMERGENCY_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  CN: ['120'],
  HK: ['999', '112'],
  MO: ['999', '112'],
  TW: ['119', '112'],
  JP: ['119'],
  KR: ['119'],
  SG: ['995'],
  MY: ['999', '112'],
  TH: ['1669'],
  VN: ['115'],
  PH: ['911'],
  IN: ['112', '108'],
  AE: ['998', '999'],
  SA: ['997', '911'],
  AU: ['000', '112'],
  NZ: ['111'],
  US: ['911'],
  CA: ['911'],
  MX: ['911'],
  BR: ['192'],
  GB: ['999', '112'],
  IE: ['112', '999'],
  EU: ['112'],
  DE: ['112'],
  FR: ['15', '112'],
  ES: ['112'],
  IT: ['112', '118'],
  NL: ['112'],
  BE: ['112'],
  AT: ['144', '112'],
  CH: ['144', '112'],
  PT: ['112'],
  SE: ['112'],
  DK: ['112'],
  FI: ['112'],
  NO: ['113', '112'],
  PL: ['112', '999'],
  RU: ['103', '112'],
  ZA: ['10177', '112'],
};

// 112 reaches emergency services from any GSM mobile phone in most of the world, so it is the
// answer when the country is unknown: an emergency reply must never fail for want of a number.
const FALLBACK = '112';

const ZONES: Readonly<Record<string, string>> = {
  'Asia/Shanghai': 'CN',
  'Asia/Chongqing': 'CN',
  'Asia/Harbin': 'CN',
  'Asia/Urumqi': 'CN',
  PRC: 'CN',
  'Asia/Hong_Kong': 'HK',
  Hongkong: 'HK',
  'Asia/Macau': 'MO',
  'Asia/Taipei': 'TW',
  'Asia/Tokyo': 'JP',
  'Asia/Seoul': 'KR',
  'Asia/Singapore': 'SG',
  'Asia/Kuala_Lumpur': 'MY',
  'Asia/Bangkok': 'TH',
  'Asia/Ho_Chi_Minh': 'VN',
  'Asia/Manila': 'PH',
  'Asia/Kolkata': 'IN',
  'Asia/Calcutta': 'IN',
  'Asia/Dubai': 'AE',
  'Asia/Riyadh': 'SA',
  'Pacific/Auckland': 'NZ',
  'Pacific/Honolulu': 'US',
  'America/Mexico_City': 'MX',
  'America/Sao_Paulo': 'BR',
  'Europe/London': 'GB',
  'Europe/Dublin': 'IE',
  'Europe/Berlin': 'DE',
  'Europe/Paris': 'FR',
  'Europe/Madrid': 'ES',
  'Europe/Rome': 'IT',
  'Europe/Amsterdam': 'NL',
  'Europe/Brussels': 'BE',
  'Europe/Vienna': 'AT',
  'Europe/Zurich': 'CH',
  'Europe/Lisbon': 'PT',
  'Europe/Stockholm': 'SE',
  'Europe/Copenhagen': 'DK',
  'Europe/Helsinki': 'FI',
  'Europe/Oslo': 'NO',
  'Europe/Warsaw': 'PL',
  'Europe/Moscow': 'RU',
  'Africa/Johannesburg': 'ZA',
};
const CANADIAN = /^America\/(?:Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Montreal)$/;

function countryOfZone(zone: string): string | undefined {
  const known = ZONES[zone];
  if (known) return known;
  if (CANADIAN.test(zone)) return 'CA';
  if (zone.startsWith('America/')) return zone.includes('Argentina') ? undefined : 'US';
  if (zone.startsWith('Australia/')) return 'AU';
  if (zone.startsWith('Europe/')) return 'EU';
  return undefined;
}

/**
 * The medical emergency number for a country code ("CN", "us") or an IANA time zone
 * ("Asia/Shanghai", "America/Chicago"); 112 when neither is known.
 */
export function emergencyNumberFor(countryOrTimeZone: string): string {
  if (typeof countryOrTimeZone !== 'string' || countryOrTimeZone.trim() === '')
    throw new AppError('validation_failed', 'a country code or time zone is required');
  const key = countryOrTimeZone.trim();
  const country = /^[a-z]{2}$/i.test(key) ? key.toUpperCase() : countryOfZone(key);
  return (country && EMERGENCY_NUMBERS[country]?.[0]) || FALLBACK;
}
