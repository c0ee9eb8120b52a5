/**
 * What a patient says a body part is doing, in both languages: the sensations that, put next to
 * a body part ("膝盖" + "肿", "sore" + "wrist"), decide which clinic sees it (see body-parts.ts).
 */
export const COMPLAINT_KINDS = [
  'pain',
  'swelling',
  'puffiness',
  'itch',
  'dry',
  'bleeding',
  'lump',
  'stiffness',
  'numbness',
  'rash',
  'discharge',
  'racing',
  'tightness',
  'weakness',
  'injury',
  'foam',
  'shaking',
  'other',
] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

/** How each kind reads in a triage reason. */
export const COMPLAINT_LABELS: Readonly<Record<ComplaintKind, { readonly zh: string; readonly en: string }>> =
  {
    pain: { zh: '疼痛', en: 'pain' },
    swelling: { zh: '肿胀', en: 'swelling' },
    puffiness: { zh: '浮肿', en: 'puffiness' },
    itch: { zh: '发痒', en: 'itching' },
    dry: { zh: '干燥', en: 'dryness' },
    bleeding: { zh: '出血', en: 'bleeding' },
    lump: { zh: '有肿块', en: 'a lump' },
    stiffness: { zh: '僵硬或活动受限', en: 'stiffness' },
    numbness: { zh: '发麻', en: 'numbness' },
    rash: { zh: '起疹或脱皮', en: 'a rash or peeling' },
    discharge: { zh: '有分泌物或异味', en: 'discharge or odour' },
    racing: { zh: '跳得快或不齐', en: 'racing or pounding' },
    tightness: { zh: '发闷发紧', en: 'tightness' },
    weakness: { zh: '无力', en: 'weakness' },
    injury: { zh: '扭伤或摔伤', en: 'an injury' },
    foam: { zh: '有泡沫', en: 'foam' },
    shaking: { zh: '发抖', en: 'shaking' },
    other: { zh: '不适', en: 'discomfort' },
  };

// Colloquial first. `-` marks words that look like a complaint but are not one (包皮 is a body
// part, 麻烦 is "trouble"): they are matched so that the shorter complaint inside them is not.
const WORDS: Readonly<Record<ComplaintKind | '-', string>> = {
  pain: '火烧火燎, 火烧, 扎得慌, 针扎, stabbing, sharp, 火辣辣, 火辣辣的, 灼热, 烧灼, 疼, 痛, 疼痛, 酸痛, 胀痛, 隐痛, 刺痛, 作痛, 隐隐作痛, 酸疼, 生疼, 抽痛, 跳痛, 一抽一抽, 酸胀, 酸, pain, painful, pains, hurt, hurts, hurting, hurtz, ache, aches, aching, achy, sore, tender, throbbing, killing me, cramps, cramping, stinging, burning',
  swelling:
    '肿, 肿了, 肿起来, 肿胀, 红肿, 胀, 鼓起来, 粗, 变粗, 越来越粗, 变大, swollen, swelling, swells, thicker, getting bigger',
  puffiness: '浮肿, 水肿, 虚肿, 一按一个坑, puffy, puffed up, puffiness, pitting',
  itch: '痒, 瘙痒, 发痒, 痒痒, itchy, itching, itches, itch, tickly, tickle',
  dry: '干, 干涩, 干燥, 发干, 干裂, 干巴巴, dry, dryness, cracked, flaky, flakes',
  bleeding: '出血, 流血, 有血, 带血, 渗血, 见血, 血, bleed, bleeds, bleeding, blood, bloody',
  lump: '摸到, 摸着, 能摸到, 白点, 小白点, feel a, found a, white spot, white spots, 包, 疙瘩, 肿块, 硬块, 硬疙瘩, 结节, 肉球, 小球, 硬结, 长了个东西, 长东西, 东西, 囊肿, lump, lumps, bump, bumps, nodule, nodules, mass, knot, growth, growing, cyst',
  stiffness:
    "crack, 僵, 僵硬, 发硬, 硬, 转不动, 弯不下, 动不了, 抬不起, 抬不起来, 伸不直, 响, 咔咔响, 卡住, stiff, stiffness, locked, clicks, clicking, click, cracks, cracking, creaks, can't turn, can't lift, can't move, can't bend",
  numbness:
    'tingle, tingles, 麻, 发麻, 麻木, 没知觉, 没感觉, numb, numbness, tingling, tingly, pins and needles, no feeling',
  rash: 'pimple, zit, zits, spot, 疹, 疹子, 红疹, 红点, 起红点, 水泡, 水疱, 起泡, 脱皮, 起皮, 掉皮, 蜕皮, 皮屑, 发红, 红了, 痘, 红斑, rash, spots, red spots, blisters, blister, peeling, peel, pimples, red, redness, scaly, flaking',
  discharge:
    '流脓, 脓, 流水, 流黄水, 分泌物, 异味, 有味, 臭, 发臭, 痰, 有痰, 鼻涕, 眼屎, 流东西, discharge, pus, gunk, fluid, leaking, oozing, smell, smells, smelly, odour, odor, mucus, phlegm, crust, crusty',
  racing:
    'beating, 跳, 老跳, 一直跳, 跳个不停, twitching, twitch, twitches, beating hard, beating fast, 跳得快, 跳得很快, 跳的很快, 咚咚, 乱跳, 漏跳, 怦怦, 扑通, 跳得厉害, racing, races, pounding, skipping, skips, fluttering, flutter, irregular',
  tightness:
    '不通, 不通气, 不透气, 堵住, 堵得慌, blocked, clogged, stuffed, 闷, 发闷, 闷闷, 发紧, 紧, 憋, 憋得慌, 压着, 堵, 沉, tight, tightness, heavy, pressure, squeezing',
  weakness: '没劲, 无力, 没力气, 发软, 软, 乏力, weak, weakness, no strength, gives way, wobbly',
  injury:
    'rolled, 扭到, 闪了, 闪到, 扭, 扭了, 崴, 摔, 摔了, 撞, 磕, 拉伤, 扭伤, 受伤, 伤了, sprain, sprained, twisted, fell, hit, injured, injury, pulled, strained',
  foam: '泡沫, 泡泡, 起泡泡, bubbly, bubbles, foamy, frothy',
  shaking: '抖, 发抖, 颤, 颤抖, 哆嗦, shake, shakes, shaking, trembling, tremble, trembles',
  other:
    '黑色, 发黑, 黑, 烂, 烂了, 破了, 不好, 不行, 出问题, 进水, 进了水, 进东西, black, turned black, bad, water in, rotten, 异物感, 有东西, 塞牙, 费力, 费劲, 吃力, 不成形, 稀, 很黄, 颜色深, 颜色, 掉, 脱落, 敏感, 累, 干痒, sensitive, tired, losing, falling out, thinning, loose, gurgling, pulling, tugging, something in, blurry, cloudy, 不舒服, 难受, 有问题, 不对劲, 异常, 不得劲, 毛病, 发黄, 发白, 发紫, 变色, problem, problems, issue, issues, trouble, funny, weird, uncomfortable, discomfort, not right, yellow, pale',
  '-': '包皮, 面包, 书包, 红包, 包括, 钱包, 包子, 麻烦, 血压, 血糖, 血常规, 血液, 血管, 抽血, 验血, 心痛, 干嘛, 干活, 干什么, 紧张, 要紧, 不要紧, 赶紧, 东西吃, 吃东西, 响应, 影响, 伤心, 酸奶, 红烧, hit by, blood pressure, blood sugar, blood test, red flag',
};

/** Every complaint word with its kind; `decoy` for the look-alikes in `-`. */
export const COMPLAINT_WORDS: readonly (readonly [string, ComplaintKind | 'decoy'])[] = Object.entries(
  WORDS,
).flatMap(([kind, words]) =>
  words.split(', ').map((word) => [word, kind === '-' ? 'decoy' : (kind as ComplaintKind)] as const),
);
