/**
 * Word lists for the demo data set (demo-org-tree.ts, demo-people.ts): surnames, given-name characters, community,
 * road and estate names. Kaiping (开平) is a 侨乡 in the Siyi (四邑) area, so 关, 谭, 司徒, 梁, 吴,
 * 黄, 陈 and 李 are far more common there than in the national ranking.
 */

/** Surnames with relative weights. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 9],
  ['李', 8],
  ['黄', 8],
  ['梁', 8],
  ['关', 7],
  ['谭', 7],
  ['吴', 7],
  ['张', 5],
  ['司徒', 5],
  ['王', 4],
  ['刘', 4],
  ['余', 4],
  ['周', 3],
  ['杨', 3],
  ['邓', 3],
  ['何', 3],
  ['林', 3],
  ['许', 2],
  ['劳', 2],
  ['方', 2],
  ['麦', 2],
  ['冯', 2],
  ['胡', 2],
  ['赵', 2],
  ['梅', 2],
  ['钟', 2],
  ['朱', 2],
  ['徐', 2],
  ['罗', 2],
  ['谢', 2],
  ['郑', 2],
  ['甄', 1],
  ['邝', 1],
  ['区', 1],
  ['曾', 1],
  ['苏', 1],
  ['叶', 1],
  ['潘', 1],
  ['欧阳', 1],
];

/** Given-name characters by gender and generation: born before 1965, 1965–1989, 1990 and later. */
export const GIVEN_CHARS = {
  M: {
    old: '国建志永炳锦荣耀伟德培汉振华文明金木胜达鸿均焯根',
    mid: '伟健志浩俊家明国敏杰永锦文辉强勇斌峰超立冠荣耀新卓',
    young: '子浩宇轩梓俊铭睿博思晨嘉家泽熙皓乐逸天昊然航',
  },
  F: {
    old: '桂秀玉淑凤月碧惠兰珍英芳翠群彩金好娣莲瑞琼美',
    mid: '丽美燕婉红霞慧敏洁玲少咏嘉雪静艳小碧惠珊晓',
    young: '子欣雨涵思梓诗悦可怡琪晴语嘉若彤芷颖妍萱',
  },
} as const;

/** Communities of each street with an ASCII slug for keys, and roads used for addresses. */
export const COMMUNITIES = {
  sanbu: [
    { slug: 'xinxing', name: '新兴社区', roads: ['福宁街', '新兴路', '中山路'] },
    { slug: 'xianglong', name: '祥龙社区', roads: ['祥龙大道', '祥龙中路', '东河路'] },
    { slug: 'dihai', name: '荻海社区', roads: ['荻海路', '荻海中街', '西堤路'] },
    { slug: 'jingtou', name: '迳头社区', roads: ['迳头路', '迳头北街', '曙光路'] },
  ],
  changsha: [
    { slug: 'musha', name: '幕沙社区', roads: ['幕沙路', '江滨路', '光明路'] },
    { slug: 'qiaoyuan', name: '侨园社区', roads: ['侨园路', '民族路', '长沙东堤路'] },
    { slug: 'dongxing', name: '东兴社区', roads: ['东兴大道', '东兴中路', '永安街'] },
    { slug: 'gangkou', name: '港口社区', roads: ['港口路', '港口北路', '沿江路'] },
  ],
} as const;

/** Grid names 第一网格 … */
export const GRID_NAMES = ['第一网格', '第二网格', '第三网格', '第四网格'] as const;

/** Name stems for managed estates (有物业), combined with MANAGED_SUFFIXES. */
export const MANAGED_STEMS = [
  '翠湖',
  '潭江',
  '金鸡',
  '碧桂',
  '锦江',
  '御景',
  '江景',
  '水岸',
  '凤凰',
  '华侨',
  '君悦',
  '富华',
  '东湖',
  '金山',
  '祥和',
  '立园',
  '嘉和',
  '荔景',
  '海逸',
  '名都',
  '星汇',
  '百合',
  '丽江',
  '南湖',
] as const;
export const MANAGED_SUFFIXES = ['花园', '华庭', '名苑', '豪庭', '雅苑', '新城'] as const;

/** Self-managed estates (自管): former work-unit compounds whose residents run them themselves. */
export const SELF_MANAGED_NAMES = [
  '供销社宿舍',
  '糖厂宿舍区',
  '侨联大院',
  '电力宿舍',
  '粮食局宿舍',
  '第一中学教师楼',
  '水运公司宿舍',
  '邮电宿舍',
  '人民医院职工楼',
  '纺织厂宿舍区',
  '农机厂宿舍',
  '税务宿舍',
  '建筑公司宿舍',
  '百货公司宿舍',
] as const;

/** Stems for old estates without property management (无物管), combined with OLD_SUFFIXES. */
export const OLD_STEMS = [
  '东郊',
  '西郊',
  '南堤',
  '北堤',
  '幸福',
  '团结',
  '和平',
  '光华',
  '红星',
  '向阳',
  '迎宾',
  '环城',
  '沙冈',
  '楼岗',
  '建设',
  '东风',
  '胜利',
  '朝阳',
  '兴华',
  '侨兴',
  '永乐',
  '安居',
] as const;
export const OLD_SUFFIXES = ['新村', '小区', '里'] as const;
