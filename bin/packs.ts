import { type NluPackResolver, validatePacks } from '../core/index.ts';
import { educationPack } from '../verticals/education/index.ts';
import { medicalPack } from '../verticals/medical/index.ts';

/** Every vertical pack this build knows: the composition root is the only place that lists them. */
export const packs = validatePacks([medicalPack, educationPack]);

/** `custos nlu --pack P`: the NLU data of a pack that has a bot. */
export const packNlu: NluPackResolver = (id) => packs.find((pack) => pack.id === id)?.conversation?.nlu;
