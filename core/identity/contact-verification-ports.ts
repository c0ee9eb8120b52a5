import type { ActionPort, PortCall } from '../dialogue/dialogue-types.ts';
import { PortRefusal } from '../dialogue/dialogue-types.ts';
import { isAppError } from '../errors/app-error.ts';
import type { LocalizedText } from '../packs/localized-text.ts';
import type { ContactVerificationService, VerificationTenant } from './contact-verification.service.ts';
import { identifierKindOf } from './contact-verification-identifiers.ts';

export interface ContactVerificationPortsDeps {
  readonly verification: ContactVerificationService;
  /** The calling tenant (its vertical decides the purpose of use). */
  readonly tenantOf: (tenantId: string) => Promise<VerificationTenant | undefined>;
}

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

const REFUSALS: Readonly<Record<string, LocalizedText>> = {
  'wrong-code': t('验证码不对，请再试一次。', 'That code is not right; please try again.'),
  'used-up': t(
    '错误次数过多，这个验证码已失效，请重新获取。',
    'Too many wrong codes; that code no longer works. Please ask for a new one.',
  ),
  expired: t(
    '验证码已过期或已使用，请重新获取。',
    'The code has expired or was used already; please ask for a new one.',
  ),
  'no-match': t('您提供的信息与我们的记录不符。', 'Those details do not match our records.'),
  rate_limited: t('尝试次数过多，请一小时后再试。', 'Too many attempts; please try again in an hour.'),
  unavailable: t(
    '暂时无法发送短信验证码，可以改用出生日期核验。',
    'Text-message codes cannot be sent at the moment; you can verify with your date of birth instead.',
  ),
  invalid: t('格式好像不对，请检查后再试。', 'That does not look right; please check it and try again.'),
  kind: t(
    '请用病历号、学号或手机号验证。',
    'Please verify with a medical record number, a student number or a mobile number.',
  ),
  gone: t('这次验证已失效，请重新开始。', 'That verification is no longer open; please start again.'),
};

// Refusals after which trying again in the same run cannot help: the flow's `exhausted` state.
const FINAL = new Set(['used-up', 'expired']);

/** A refusal the visitor can act on, in both languages; anything else stays a fault. */
function refusing(error: unknown): never {
  if (!isAppError(error)) throw error;
  const type = (error.details as { type?: string } | undefined)?.type;
  switch (error.code) {
    case 'unauthenticated':
      throw new PortRefusal(REFUSALS[type ?? ''] ?? REFUSALS['no-match']!, { final: FINAL.has(type ?? '') });
    case 'rate_limited':
      throw new PortRefusal(REFUSALS.rate_limited!, { final: true });
    case 'not_ready':
      throw new PortRefusal(REFUSALS.unavailable!, { final: true });
    case 'validation_failed':
      throw new PortRefusal(REFUSALS.invalid!);
    case 'not_found':
      throw new PortRefusal(REFUSALS.gone!, { final: true });
    default:
      throw error;
  }
}

const required = (call: PortCall, name: string): string => {
  const value = call.slots[name] ?? call.args[name];
  if (!value) throw new Error(`port ${call.port} needs the slot "${name}"`);
  return value;
};

/**
 * Verification as the dialogue sees it (issue 5 §4): flows ask for an identifier, then a code or a
 * date of birth, and the conversation's visitor becomes verified (the chat runtime then passes
 * `verifiedSubjectId` to every port, booking's included). The identifier kind comes from a slot
 * or the state's constant argument (`identifier_kind`), in the slots' spelling
 * (`medical_record_number`) or the API's.
 */
export function createContactVerificationPorts(
  deps: ContactVerificationPortsDeps,
): Readonly<Record<string, ActionPort>> {
  const { verification } = deps;

  async function context(call: PortCall) {
    const tenant = await deps.tenantOf(call.tenantId);
    if (!tenant) throw new Error(`no tenant ${call.tenantId}`);
    return { tenant, visitor: { conversationId: call.conversationId, visitorId: call.contactId } };
  }

  const identifierOf = (call: PortCall) => {
    const kind = identifierKindOf(required(call, 'identifier_kind'));
    if (!kind) throw new PortRefusal(REFUSALS.kind!);
    return { kind, value: required(call, 'identifier') };
  };

  return {
    // A gate for flows that need a proven identity (a request for copies of records): passes a
    // verified visitor and refuses anyone else, so the flow's `failed` state can verify them.
    'identity.requireVerified': async (call) => {
      if (call.verifiedSubjectId) return {};
      throw new PortRefusal(
        t('办理这项业务前，需要先核实您的身份。', 'Before I can do this, I need to confirm who you are.'),
      );
    },

    'identity.startCode': async (call) => {
      const { tenant, visitor } = await context(call);
      try {
        const started = await verification.startCode(tenant, visitor, identifierOf(call), call.locale);
        return { values: { verification_id: { value: started.verificationId, text: '' } } };
      } catch (error) {
        return refusing(error);
      }
    },

    'identity.confirmCode': async (call) => {
      const { tenant, visitor } = await context(call);
      // "验证码是 123 456" → 123456; anything else is for the service to refuse.
      const code = required(call, 'code').replace(/\D/g, '');
      try {
        const done = await verification.confirmCode(tenant, visitor, required(call, 'verification_id'), code);
        return { values: { verified_until: { value: done.until.toISOString(), text: '' } } };
      } catch (error) {
        return refusing(error);
      }
    },

    'identity.knowledgeCheck': async (call) => {
      const { tenant, visitor } = await context(call);
      const last4 = call.slots.phone_last4?.replace(/\D/g, '');
      try {
        const done = await verification.knowledgeCheck(tenant, visitor, {
          identifier: identifierOf(call),
          dateOfBirth: required(call, 'date_of_birth'),
          ...(last4 ? { phoneLast4: last4 } : {}),
        });
        return { values: { verified_until: { value: done.until.toISOString(), text: '' } } };
      } catch (error) {
        return refusing(error);
      }
    },
  };
}
