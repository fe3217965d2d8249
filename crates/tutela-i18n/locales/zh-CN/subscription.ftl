# 订阅与账户：发给个人的回执（tutela-server api::subscriptions::receipts）和门户的订阅页面（tutela-web portal_subscription）。
sub-event-signed_up = 订阅已开通
sub-event-trial_ended = 试用期结束，首个付费周期开始
sub-event-renewed = 已续订一个周期
sub-event-paused = 已暂停
sub-event-resumed = 已恢复
sub-event-cancel_scheduled = 已取消，于本周期结束时终止
sub-event-cancelled = 已取消
sub-event-cancel_reverted = 已撤回取消
sub-event-expired = 期限届满，已终止
sub-receipt-subject = { $operator }：{ $detail }（{ $reference }）
sub-receipt-body = { $operator } 确认您的订阅 { $reference }（{ $plan }）发生以下变更：

    { $detail }
    日期和时间：{ $date }
sub-receipt-access = 您可使用至 { $until }。此后不再收取任何费用。
sub-receipt-ended = 您的使用权已于 { $until } 结束。此后不再收取任何费用。
sub-receipt-refund = 未使用部分的退款：{ $amount }
sub-receipt-paused = 订阅已暂停至 { $until }，届时自动恢复。暂停期间不收取任何费用。
sub-receipt-next = 下次扣费：{ $until }，{ $amount }。
sub-receipt-footer = 请保留此邮件，它是您的回执。您可以随时暂停、取消订阅或注销账户：{ $url }
sub-reminder-subject = { $operator }：您的订阅将于 { $until } 恢复
sub-reminder-body = 您的订阅 { $reference }（{ $plan }）暂停至 { $until }，届时将自动恢复并收取下一周期的费用：{ $amount }。如需改为取消，请访问 { $url }
sub-link-subject = { $operator }：取消您的订阅 { $reference }
sub-link-body = 有人（希望是您本人）请求在不登录的情况下取消订阅 { $reference }（{ $plan }）。请在 24 小时内打开以下链接，了解取消的后果并确认：

    { $url }

    如果不是您本人操作，请忽略此邮件，不会有任何变化。
account-closure_requested-subject = { $operator }：您的账户将于 { $until } 注销
account-closure_requested-body = 您申请注销账户。账户将于 { $until } 注销：您的订阅将终止，您的个人信息将被删除且无法恢复。在此之前，您可以恢复账户：{ $url }

    您的付费套餐不会续订，营销信息已停止发送。
account-restored-subject = { $operator }：您的账户已恢复
account-restored-body = 您的账户及订阅已恢复原状，没有任何信息被删除。
account-closed-subject = { $operator }：您的账户已注销
account-closed-body = 您的账户已注销，您的个人信息已于 { $date } 删除（销毁记录 { $act }）。法律要求我们保存的记录（例如发票）仅在法定期限内保存，期满后销毁。这是我们发给您的最后一封邮件。

portal-sub-title = 您的订阅
portal-sub-none = 您没有正在进行的订阅。
portal-sub-plans = 套餐
portal-sub-price = 每 { $period } { $amount }
portal-sub-period-month = 30 天
portal-sub-period-year = 365 天
portal-sub-trial = 前 { $count } 天免费
portal-sub-choose = 选择{ $plan }
portal-sub-review = 开通{ $plan }
portal-sub-review-terms = 您可以随时暂停、取消订阅或注销账户，和开通一样简单。回执将通过电子邮件发送给您。
portal-sub-start = 开通订阅
portal-sub-status = 状态
portal-sub-status-trialing = 试用中
portal-sub-status-active = 有效
portal-sub-status-paused = 已暂停
portal-sub-status-cancelling = 已取消，可使用至本周期结束
portal-sub-status-cancelled = 已取消
portal-sub-status-expired = 已终止
portal-sub-next-charge = 下次扣费：{ $date }，{ $amount }
portal-sub-access-until = 可使用至 { $date }
portal-sub-paused-until = 暂停至 { $date }
portal-sub-pause = 暂停
portal-sub-pause-for = 暂停时长
portal-sub-pause-days = { $count } 天
portal-sub-resume = 立即恢复
portal-sub-cancel = 取消订阅
portal-sub-revert = 保留我的订阅
portal-sub-cancel-title = 取消{ $plan }
portal-sub-consequences = 取消意味着什么
portal-sub-consequence-access = 您可使用至 { $date }；此后不再收费。
portal-sub-consequence-now = 使用权立即结束；此后不再收费。
portal-sub-consequence-refund = 退还本周期未使用部分：{ $amount }。
portal-sub-consequence-kept = 您的账户和数据将保留。如需删除，请注销账户。
portal-sub-consequence-marketing = 营销信息将停止发送。
portal-sub-consequence-revert = 在 { $date } 之前您可以撤回取消。
portal-sub-reason = 您为什么离开？（选填）
portal-sub-reason-none = 不想说
portal-sub-reason-price = 太贵
portal-sub-reason-usage = 用得不多
portal-sub-reason-features = 缺少某些功能
portal-sub-reason-problems = 技术问题
portal-sub-reason-other = 其他原因
portal-sub-offer = 您也可以改为暂停最多 { $count } 天。这只是一个建议，不会延迟取消。
portal-sub-confirm-cancel = 确认取消
portal-sub-done-signed_up = 订阅已开通，回执已发送。
portal-sub-done-paused = 订阅已暂停。
portal-sub-done-resumed = 订阅已恢复。
portal-sub-done-cancelled = 订阅已取消，载明日期和时间的回执已发送。
portal-sub-done-reverted = 订阅继续有效。
portal-sub-done-restored = 账户已恢复。
portal-sub-receipts = 回执
portal-account-title = 注销账户
portal-account-consequences = 注销账户将终止所有订阅并删除您的个人信息：个人资料、历史记录和偏好设置。宽限期结束后无法撤销。
portal-account-grace = 您可以在 { $count } 天内恢复账户。
portal-account-understand = 我了解我的账户和数据将被删除。
portal-account-close = 注销我的账户
portal-account-pending = 您的账户将于 { $date } 注销。在此之前您可以恢复。
portal-account-restore = 恢复我的账户
portal-account-closing = 您的账户正在注销。
portal-cancel-title = 取消订阅
portal-cancel-intro = 无需登录即可取消。请填写订阅的电子邮箱和订阅编号（每张回执上都有，例如 SUB-000042）；我们会向该邮箱发送确认链接。
portal-cancel-reference = 订阅编号
portal-cancel-send = 发送取消链接
portal-cancel-sent = 如果邮箱和编号属于一项正在进行的订阅，取消链接已发送到该邮箱，24 小时内有效。
portal-cancel-link = 无需登录即可取消

web-nav-subscriptions = 订阅
web-subs-title = 订阅与账户
web-subs-intro = 套餐、每项订阅的计费截止和使用截止时间，以及正在注销的账户。续订、暂停结束、提醒和宽限期届满的注销每分钟执行一次；按钮可立即执行。
web-subs-list = 订阅
web-subs-col-plan = 套餐
web-subs-col-price = 价格
web-subs-col-terms = 条款
web-subs-col-reference = 编号
web-subs-col-period-end = 计费截止
web-subs-col-access-end = 使用截止
web-subs-col-signup = 开通方式
web-subs-col-closes = 注销时间
web-subs-closures = 账户注销
web-subs-run = 立即执行到期事项
web-subs-pause-limit = 最多暂停 { $count } 天
web-subs-steps = { $count } 步
web-subs-ran = 已处理 { $count } 项到期的订阅或注销。
web-subs-grace = 账户在个人申请注销 { $count } 天后删除；在此之前个人可以恢复账户。
