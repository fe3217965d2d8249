# 数据地图词汇：法律、合法性基础、处理方式、保存期限、接收方、出境机制和个人的权利。

## 个人信息处理者适用的法律：全称和简称。
jurisdiction-ru_152fz = 俄罗斯联邦第152-FZ号《个人数据法》
jurisdiction-eu_gdpr = 欧盟《通用数据保护条例》（GDPR）
jurisdiction-uk_gdpr = 英国GDPR及《2018年数据保护法》
jurisdiction-cn_pipl = 《中华人民共和国个人信息保护法》
jurisdiction-in_dpdp = 印度《2023年数字个人数据保护法》
jurisdiction-us_ca_ccpa = 美国《加州消费者隐私法》（CCPA，经CPRA修订）
jurisdiction-short-ru_152fz = 俄罗斯152-FZ
jurisdiction-short-eu_gdpr = GDPR
jurisdiction-short-uk_gdpr = 英国GDPR
jurisdiction-short-cn_pipl = 个人信息保护法
jurisdiction-short-in_dpdp = 印度DPDP法
jurisdiction-short-us_ca_ccpa = CCPA

## 合法性基础。
legal-basis-consent = 取得个人的同意
legal-basis-contract = 为订立、履行个人作为一方当事人的合同所必需
legal-basis-legal_obligation = 为履行法定职责或者法定义务所必需
legal-basis-vital_interest = 为保护自然人的生命健康和财产安全所必需
legal-basis-public_task = 为履行公共职能所必需
legal-basis-legitimate_interest = 正当利益

## 十三种处理行为（俄罗斯152-FZ第3条第3款）。
action-collect = 收集
action-record = 记录
action-systematise = 整理
action-accumulate = 汇集
action-store = 存储
action-update = 更新
action-extract = 提取
action-use = 使用
action-transfer = 传输、提供
action-depersonalise = 去标识化
action-block = 封存
action-delete = 删除
action-destroy = 销毁

## 保存期限。
duration-days = { $count }天
duration-weeks = { $count }周
duration-months = { $count }个月
duration-years = { $count }年

## 保存期限的终点。
retention-until-purpose_reached = 至处理目的实现
retention-until-consent_withdrawn = 至个人撤回同意
retention-until-account_closed = 至账号注销
retention-until-contract_ended = 至合同终止
retention-from-collection = 自收集之日起{ $period }
retention-after-purpose_reached = 处理目的实现后{ $period }
retention-after-consent_withdrawn = 个人撤回同意后{ $period }
retention-after-account_closed = 账号注销后{ $period }
retention-after-contract_ended = 合同终止后{ $period }
retention-separator = ；
retention-whichever-first = { $limits }，以先到者为准

## 接收方。
recipient-kind-processor = 受托处理者
recipient-kind-third_party = 第三方（其他个人信息处理者）
recipient-kind-sdk = 第三方SDK
recipient-kind-joint_controller = 共同处理者

## 出境机制。
transfer-mechanism-adequacy_decision = 充分性认定
transfer-mechanism-standard_contractual_clauses = 标准合同条款（欧盟）
transfer-mechanism-binding_corporate_rules = 有约束力的公司规则
transfer-mechanism-code_or_certification = 经批准的行为准则或认证
transfer-mechanism-explicit_consent = 个人的单独同意
transfer-mechanism-contract_necessity = 为订立、履行个人作为一方当事人的合同所必需
transfer-mechanism-cn_standard_contract = 个人信息出境标准合同（国家网信部门）
transfer-mechanism-cn_security_assessment = 数据出境安全评估（国家网信部门）
transfer-mechanism-cn_certification = 个人信息保护认证

## 个人的权利。
right-access = 查阅、复制您的个人信息，了解其处理情况
right-rectification = 更正、补充不准确或不完整的个人信息
right-erasure = 删除您的个人信息
right-restriction = 限制对个人信息的处理
right-portability = 将个人信息转移至您指定的个人信息处理者
right-objection = 拒绝对个人信息的处理
right-withdrawal = 随时撤回同意
right-automated_decision = 拒绝仅通过自动化决策的方式作出决定
right-explanation = 要求对个人信息处理规则进行解释说明
right-opt_out = 拒绝出售或共享您的个人信息
right-nomination = 指定他人代为行使您的权利
right-complaint = 向履行个人信息保护职责的部门投诉、举报，或向法院提起诉讼

## 法律条款的引用。
law-prefix = { $law }：
provision-article = { $law }第{ $number }条
provision-section = { $law }第{ $number }节
