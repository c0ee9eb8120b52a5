import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** What is taught: the programmes, arts and sports, STEM, class sizes and languages. */
export const programFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'programs.bilingual',
    intent: 'programs_curriculum',
    zh: {
      title: '双语课程',
      body: '小学和初中双语部以国家课程为基础，约 40% 的课时用英语授课，包括科学、美术、音乐和部分体育课，语文、数学、道德与法治用中文授课。英语课每周 8 节，由中外教师合作教学。学生参加示例市统一的学业水平考试，初三毕业后可参加中考或进入国际部。',
      questions: [
        '双语部是怎么上课的',
        '双语课程英语课占多少',
        '双语部学国家课程吗',
        '双语部的孩子能参加中考吗',
        '外教多不多',
      ],
    },
    en: {
      title: 'Bilingual programme',
      body: 'The bilingual primary and middle school follows the national curriculum, with about 40% of the teaching in English, including science, art, music and some PE; Chinese, maths and ethics are taught in Chinese. There are eight English lessons a week, co-taught by Chinese teachers and native English-speaking teachers. Students sit Example City’s standard tests, and after grade 9 they can take the zhongkao or move into the international programme.',
      questions: [
        'How does the bilingual programme work?',
        'How much of the teaching is in English?',
        'Does the bilingual section follow the national curriculum?',
        'Can bilingual students sit the zhongkao?',
        'Do you have native English teachers?',
      ],
    },
  }),
  ...bilingual({
    key: 'programs.international',
    intent: 'programs_curriculum',
    zh: {
      title: '国际课程',
      body: '国际部课程：六至十年级学探究式的中学衔接课程，全英文授课并保留中文课；十一、十二年级可选两年制 IB 式文凭方向或 A-Level 式方向（本校自主设计，参照相应课程体系）。九年级起配备升学指导老师，帮助规划海外或国内中外合作大学申请。每班不超过 22 人。',
      questions: [
        '国际部学什么课程',
        '有IB课程吗',
        '有A-Level吗',
        '国际部有升学指导吗',
        '国际部是全英文上课吗',
      ],
    },
    en: {
      title: 'International curriculum',
      body: 'The international programme curriculum: in grades 6 to 10 students follow an inquiry-based middle years course taught in English, with Chinese lessons kept throughout, so not everything is in English. In grades 11 and 12 students choose a two-year IB-style diploma track or an A-level-style track, both designed by the school and modelled on those programmes. University counsellors work with students from grade 9 on applications abroad and to joint-venture universities in China. Classes have at most 22 students.',
      questions: [
        'What curriculum does the international programme follow?',
        'Do you offer the IB?',
        'Is there an A-level track?',
        'Is there university counselling?',
        'Is everything taught in English in the international section?',
      ],
    },
  }),
  ...bilingual({
    key: 'programs.arts-sports',
    intent: 'programs_curriculum',
    zh: {
      title: '艺术和体育',
      body: '每位学生每天有 1 小时体育或户外活动，体育课有游泳、篮球、足球和田径。学校有 25 米室内恒温泳池、篮球馆、足球场和田径场，一年级起开设游泳课。艺术方面有管弦乐团、合唱团、戏剧社和视觉艺术工作室，每周 2 节音乐课和 2 节美术课。校队参加市级篮球、足球、游泳比赛，每学期举办一次艺术节或运动会。',
      questions: [
        '学校有游泳池吗',
        '有哪些体育课',
        '艺术课程有什么',
        '有管弦乐团吗',
        '学校有校队吗',
        '每天体育活动多久',
      ],
    },
    en: {
      title: 'Arts and sports',
      body: 'Every student has an hour of sport or outdoor activity each day. The campus has a heated 25 m indoor pool, a basketball hall, a football pitch and an athletics track, and swimming lessons start in grade 1. In the arts, we teach music and visual art as subjects, with two lessons of each a week, and offer an orchestra, a choir, a drama group and art studios. School teams play in city basketball, football and swimming competitions, and each term ends with an arts festival or a sports day.',
      questions: [
        'Does the school have a swimming pool?',
        'What sports can students do?',
        'What arts subjects do you teach?',
        'Is there a school orchestra?',
        'Do you have school sports teams?',
      ],
    },
  }),
  ...bilingual({
    key: 'programs.stem',
    intent: 'programs_curriculum',
    zh: {
      title: '科技和STEM',
      body: '三年级起每周 1 节编程课，初中开设机器人和数据科学入门选修。学校设施条件：创客空间（3D 打印、激光切割）、物理化学生物实验室和天文观测台。科技社团每年参加市级科创竞赛，高年级学生可在老师指导下做一年期研究课题。',
      questions: ['有编程课吗', '学校有机器人课程吗', '有STEM课程吗', '实验室条件怎么样', '能参加科技竞赛吗'],
    },
    en: {
      title: 'STEM',
      body: 'We teach coding once a week from grade 3, and middle school offers electives in robotics and an introduction to data science. There is a makerspace with 3D printers and a laser cutter, laboratories for physics, chemistry and biology, and an observatory. Science clubs enter city innovation competitions every year, and senior students can carry out a year-long research project with a teacher as mentor.',
      questions: [
        'Do you teach coding?',
        'Is there a robotics course?',
        'What STEM programmes do you have?',
        'What are the science labs like?',
        'Can students take part in science competitions?',
      ],
    },
  }),
  ...bilingual({
    key: 'programs.class-size',
    intent: 'programs_curriculum',
    zh: {
      title: '班级人数和作息',
      body: '每班学生人数实行小班化教学：幼儿园每班不超过 25 人，配 2 名老师和 1 名保育员；小学每班不超过 30 人；初中和高中不超过 36 人；国际部不超过 22 人。上课放学时间：小学 8:00 上课、15:40 放学，初中和高中 7:50–16:20，一节课 40 分钟。初高中按国家课程开齐开足，高二起按选考科目走班。',
      questions: [
        '一个班多少学生',
        '小班化教学吗',
        '几点上课几点放学',
        '一节课多长时间',
        '幼儿园一个班几个老师',
      ],
    },
    en: {
      title: 'Class size and school day',
      body: 'Class sizes: kindergarten classes have at most 25 children with two teachers and a nursery nurse; primary classes at most 30 students; middle and high school classes at most 36; international classes at most 22. School day: primary school starts at 8:00 and finishes at 15:40; middle and high school run 7:50–16:20. A lesson is 40 minutes long. Middle and high school cover the full national curriculum, and from grade 11 students move between groups according to their chosen exam subjects.',
      questions: [
        'How many students are in a class?',
        'What time does school start and finish?',
        'How long is a lesson?',
        'How many teachers does a kindergarten class have?',
      ],
    },
  }),
  ...bilingual({
    key: 'programs.languages',
    intent: 'programs_curriculum',
    zh: {
      title: '语言课程',
      body: '全校以普通话为教学语言之一，英语从幼儿园开始学习。初一起可选修第二外语：日语、法语、西班牙语或德语，每周 2 节，高中可参加相应等级考试。外国孩子不会中文也没关系：国际部为中文非母语学生开设对外汉语课程，按水平分为三个层级。',
      questions: [
        '学校教哪些外语',
        '有第二外语吗',
        '几年级开始学英语',
        '外国孩子不会中文怎么办',
        '可以学日语吗',
      ],
    },
    en: {
      title: 'Languages taught',
      body: 'Mandarin and English are both languages of teaching, and English starts in kindergarten. From grade 7 students can add a second foreign language, Japanese, French, Spanish or German, twice a week, and take the matching proficiency exams in high school. For a child who does not speak Chinese, the international programme gives support through Chinese as an additional language classes at three levels.',
      questions: [
        'Which languages are taught?',
        'Is there a second foreign language?',
        'In which grade does English start?',
        'My child does not speak Chinese, is there support?',
        'Can my child learn French?',
      ],
    },
  }),
];
