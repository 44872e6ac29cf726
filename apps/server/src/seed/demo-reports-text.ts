/** The demo reports' weights and wording (demo-reports.ts): categories, levels, channels, ratings and texts. */
export const CATEGORY_WEIGHTS: [string, number][] = [
  ['sanitation', 14],
  ['repair.door_lock', 8],
  ['repair.stairwell_light', 6],
  ['repair.street_light', 3],
  ['repair.sewer', 8],
  ['repair.water_pipe', 6],
  ['safety.fire_equipment', 4],
  ['safety.flying_wire', 7],
  ['dispute', 7],
  ['parking', 8],
  ['clutter', 10],
  ['street_vending', 4],
  ['illegal_building', 3],
  ['green_damage', 3],
  ['policy', 5],
  ['errand', 4],
  ['property', 4],
];
/** 小事不出社区: most reports end at the captain, few reach a department. */
export const PEAK_LEVELS: [number, number][] = [
  [1, 52],
  [2, 18],
  [3, 14],
  [4, 7],
  [5, 9],
];
export const OPEN_LEVELS: [number, number][] = [
  [1, 40],
  [2, 18],
  [3, 15],
  [4, 10],
  [5, 17],
];
export const OPEN_STAGES: [string, number][] = [
  ['submitted', 4],
  ['accepted', 3],
  ['in_progress', 3],
];
export const CHANNELS: [string, number][] = [
  ['qr', 30],
  ['proxy', 40],
  ['phone', 30],
];
export const CHANNELS_APP: [string, number][] = [
  ['app', 55],
  ['qr', 45],
];
export const RATINGS: [number, number][] = [
  [5, 52],
  [4, 28],
  [3, 11],
  [2, 5],
  [1, 4],
];
export const TITLES: Record<string, [string, string]> = {
  submitted: ['新诉求待受理', 'New report to handle'],
  accepted: ['诉求已受理', 'Report accepted'],
  answered: ['诉求有新答复', 'New answer to a report'],
  resolved: ['诉求已办结，请评价', 'Report resolved — please rate it'],
  escalated: ['诉求已上报（吹哨）', 'Report escalated'],
  rated: ['报事人已评价', 'The reporter rated the answer'],
  auto_closed: ['诉求已自动关闭', 'Report closed automatically'],
  rejected: ['诉求未予受理', 'Report not taken'],
};
export const LOCATIONS = [
  '1楼大堂',
  '2楼楼梯口',
  '3楼走廊',
  '4楼',
  '5楼楼道',
  '6楼天台门口',
  '单元门口',
  '楼下空地',
  '地下车库',
  '楼栋东侧',
  '楼栋北面围墙',
];
export const DESCRIPTIONS: Record<string, string[]> = {
  sanitation: [
    '楼道垃圾两天没人清理，有异味',
    '楼梯扶手积灰很厚，希望安排清扫',
    '楼下垃圾桶满溢，苍蝇很多',
    '化粪池井盖周围有污水',
  ],
  'repair.door_lock': ['单元门锁坏了，门关不上', '楼下铁门门禁失灵，外人随便进出', '天台门锁损坏，存在安全隐患'],
  'repair.stairwell_light': ['三楼楼道灯坏了，晚上看不见', '声控灯不灵敏，老人上下楼不方便', '一楼楼道灯一直亮着不灭'],
  'repair.street_light': ['楼下路灯不亮已经一周', '小区门口路灯闪烁'],
  'repair.sewer': ['下水道堵了，一楼返水', '雨天楼前排水沟积水严重', '厨房排水管堵塞，楼下渗水'],
  'repair.water_pipe': ['楼顶水箱漏水', '公共水管爆裂，楼梯间一直滴水', '水压太低，高层没水用'],
  'safety.fire_equipment': ['楼道灭火器过期了', '消防栓玻璃破损、水带不见了', '安全出口指示灯不亮'],
  'safety.flying_wire': [
    '有人从三楼拉电线下来给电动车充电',
    '电动车推进楼道充电，很危险',
    '楼下飞线充电，线就挂在树上',
  ],
  dispute: [
    '楼上装修噪音太大，晚上十点还在施工',
    '邻居在楼道堆放杂物，沟通无果',
    '楼上空调滴水到我家窗台',
    '邻居养狗夜里一直叫',
  ],
  parking: ['小区门口车辆乱停，消防通道被堵', '有车长期占用楼下通道', '僵尸车停放半年无人挪走'],
  clutter: ['楼道堆满纸箱和旧家具', '楼梯间堆放旧床垫，影响通行', '楼下空地堆放建筑垃圾'],
  street_vending: ['小区门口有流动摊贩占道经营', '早餐摊占用人行道，油烟大', '夜市摊位堵住小区出入口'],
  illegal_building: ['一楼住户私自搭建铁皮棚', '顶楼加建违章房屋', '有人在楼前空地围建菜棚'],
  green_damage: ['绿化带被铲掉种菜，还浇粪水', '公共绿地被圈占种菜', '楼前草坪被改成菜地'],
  policy: ['咨询老旧小区加装电梯的补贴政策', '想了解高龄津贴怎么申请', '咨询居住证办理需要什么材料'],
  errand: ['独居老人需要代缴水电费', '老人行动不便，请帮忙代办社保认证', '请帮忙预约上门体检'],
  property: ['物业维修不及时，报修三次没人来', '电梯经常停运，物业没有公示维保记录', '物业费收支不公开，居民有意见'],
};
export const ANSWERS: Record<number, string[]> = {
  1: ['收到，我下班后去看看', '已到现场查看，正在联系维修', '已跟住户沟通，明天处理'],
  2: ['网格员已到现场核实', '已登记，正在协调维修单位', '已约物业和住户现场协商'],
  3: ['社区已安排工作人员跟进', '社区已联系共建单位协助', '已纳入本周社区议事会议题'],
  4: ['街道已协调相关科室', '街道综治中心已受理并派员核查'],
  5: ['部门已派人到现场核查', '已列入整治计划，近期处理', '执法队员已到场处置'],
};
export const ESCALATIONS: Record<number, string[]> = {
  1: ['需要专业维修，楼长无法处理', '涉及多户，需要网格员协调', '住户不配合，请网格员介入'],
  2: ['需社区出面协调', '涉及公共维修资金，需社区研究', '网格内无法解决'],
  3: ['需街道统筹', '涉及执法事项，社区吹哨', '需多部门联合处置'],
  4: ['派单至职能部门', '吹哨：请职能部门报到处置'],
};
export const GENERIC_DONE = ['已处理完毕，现场已恢复', '问题已解决，已回访居民'];
export const RESOLUTIONS: Record<string, string[]> = {
  sanitation: ['已清理完毕，附清理后照片', '已安排保洁每周两次清扫楼道'],
  repair: ['已更换新的零件，测试正常', '已请师傅维修完毕', '已维修完成，费用由维修基金列支'],
  safety: ['已拆除飞线，并告知住户到集中充电点充电', '已更换灭火器并登记检查日期', '已联合消防上门宣传整改'],
  dispute: ['经调解双方达成一致', '已上门调解，约定施工时间'],
  parking: ['已联系车主挪车，并划设禁停标线', '僵尸车已拖离'],
  clutter: ['杂物已清理，已提醒住户不得再堆放', '已组织志愿者清理楼道'],
  street_vending: ['已劝离摊贩，并引导至便民疏导点', '执法队员已规范摆卖秩序'],
  illegal_building: ['违建已拆除', '已下达限期整改通知，当事人已自行拆除'],
  green_damage: ['菜地已复绿，补种草皮', '已清理菜地并设置围挡'],
  policy: ['已电话解答并发送办理指引', '已上门讲解政策'],
  errand: ['已代办完成', '网格员已陪同老人办理'],
  property: ['已约谈物业，限期整改', '物业已公示维保记录'],
};
export const THANKS = ['处理很及时，谢谢楼长！', '满意，辛苦了', '问题解决了，点赞', '效率很高'];
