import { validatePacks } from '../core/index.ts';
import { educationPack } from '../verticals/education/index.ts';
import { medicalPack } from '../verticals/medical/index.ts';

/** Every vertical pack this build knows: the composition root is the only place that lists them. */
export const packs = validatePacks([medicalPack, educationPack]);
