# 数据地图的公开文件：标题、章节、列名和告知内容。

## 标题。
artifact-ropa-title = 个人信息处理活动记录
artifact-pi-collected-title = 个人信息收集清单
artifact-pi-shared-title = 第三方信息共享清单
artifact-notice-title = 我们如何处理您的个人信息

## 版本：文件所依据的数据地图版本。
edition-version = 数据地图第{ $version }版
edition-draft = 草稿：该数据地图尚未生效
edition-hash = 内容哈希值（SHA-256）
edition-generated = 由Tutela根据个人信息处理者的数据地图生成。
edition-fallback = 个人信息处理者未翻译的内容以原文显示。

## 个人信息处理者信息。
section-operator = 个人信息处理者
field-legal_name = 名称
field-trading_name = 品牌名称
field-registration_numbers = 注册号码
field-address = 地址
field-email = 电子邮箱
field-phone = 电话
field-postal_address = 通信地址
field-url = 网页
field-responsible_person = 个人信息保护负责人
field-dpo = 数据保护官
field-jurisdictions = 适用法律
field-data_residency = 个人信息存储地

## 列名。
column-processing_activity = 处理活动
column-purpose = 处理目的
column-purposes = 处理目的
column-legal_basis = 合法性基础
column-legal_provisions = 法律依据
column-subject_categories = 个人类别
column-data_categories = 个人信息种类
column-actions = 处理方式
column-retention = 保存期限
column-recipients = 接收方
column-transfers = 向境外提供
column-stores = 存储位置
column-business_function = 业务功能
column-data_items = 个人信息字段
column-collection_method = 收集方式和场景
column-required = 是否必要
column-recipient = 第三方名称
column-kind = 类型
column-legal_entity = 主体名称
column-country = 所在国家或地区
column-method = 共享方式
column-policy = 隐私政策链接
column-transfer_abroad = 是否出境
column-mechanism = 出境依据
column-right = 权利

## 单元格内容。
value-none = —
value-required = 必要
value-optional = 可选
value-collected-from-subject = 由个人主动提供
value-collected-automatically = 使用服务时自动收集
value-transfer-no = 否
value-transfer-yes = 是，向{ $country }提供
marker-special = （敏感个人信息）
marker-biometric = （敏感个人信息：生物识别）
recipient-summary = （{ $kind }，{ $country }）
transfer-summary = { " " }→ { $country }：{ $mechanism }

## 个人信息处理活动记录。
ropa-activities = 处理活动
ropa-intro = 每项处理活动的每个处理目的占一行（GDPR第30条第1款；俄罗斯152-FZ个人数据政策中的处理表）。

## 两份清单。
pi-collected-items = 按业务功能列出的个人信息收集情况
pi-collected-intro = 我们在各项业务功能中收集哪些个人信息、收集目的和方式、是否必须提供以及保存期限。
pi-shared-third-parties = 第三方共享个人信息清单
pi-shared-sdks = 第三方SDK目录
pi-shared-intro = 我们向其提供个人信息的所有第三方，以及嵌入我们服务中的所有第三方SDK。
pi-shared-none = 无。

## 隐私政策中的个人信息处理部分。
notice-intro = 本部分说明我们处理哪些个人信息、处理目的和合法性基础、保存期限、接收方、是否向境外提供，以及您享有的权利。
notice-collected = 我们收集哪些个人信息及其目的
notice-special = 其中部分属于敏感个人信息（如医疗健康、生物识别信息）：我们仅在相应处理目的所述条件下处理。
notice-withdraw = 对于基于您的同意而进行的处理，您可以随时撤回同意；撤回不影响撤回前基于同意已进行的处理活动的效力。
notice-recipients = 谁会接收您的个人信息
notice-recipients-none = 我们不向任何其他方提供您的个人信息。
notice-transfers = 向境外提供个人信息
notice-transfers-none = 我们不会向境外提供您的个人信息。
notice-residency = 您的个人信息存储于：{ $regions }。
notice-rights = 您的权利
notice-rights-how = 如需行使上述权利或咨询您的个人信息，请通过以下方式联系我们：
