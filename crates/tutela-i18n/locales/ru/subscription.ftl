# Подписки и учётные записи: квитанции субъектам (tutela-server api::subscriptions::receipts)
# и страницы подписки на портале (tutela-web portal_subscription).
sub-event-signed_up = Подписка оформлена
sub-event-trial_ended = Пробный период закончился, начался первый оплачиваемый период
sub-event-renewed = Подписка продлена на следующий период
sub-event-paused = Подписка приостановлена
sub-event-resumed = Подписка возобновлена
sub-event-cancel_scheduled = Подписка отменена с окончанием периода
sub-event-cancelled = Подписка отменена
sub-event-cancel_reverted = Отмена подписки отозвана
sub-event-expired = Срок подписки истёк
sub-receipt-subject = { $operator }: { $detail } ({ $reference })
sub-receipt-body = { $operator } подтверждает изменение вашей подписки { $reference } ({ $plan }):

    { $detail }
    Дата и время: { $date }
sub-receipt-access = Доступ сохраняется до { $until }. Больше ничего не будет списано.
sub-receipt-ended = Доступ закончился { $until }. Больше ничего не будет списано.
sub-receipt-refund = Возврат за неиспользованную часть: { $amount }
sub-receipt-paused = Подписка приостановлена до { $until } и тогда возобновится сама. Пока она приостановлена, ничего не списывается.
sub-receipt-next = Следующее списание: { $amount }, { $until }.
sub-receipt-footer = Сохраните это письмо: это ваша квитанция. Приостановить или отменить подписку, закрыть учётную запись можно в любое время: { $url }
sub-reminder-subject = { $operator }: ваша подписка возобновится { $until }
sub-reminder-body = Ваша подписка { $reference } ({ $plan }) приостановлена до { $until }. Тогда она возобновится сама, и будет списана оплата следующего периода: { $amount }. Чтобы вместо этого отменить подписку, откройте { $url }
sub-link-subject = { $operator }: отмена подписки { $reference }
sub-link-body = Кто-то, надеемся, что вы, попросил отменить подписку { $reference } ({ $plan }) без входа в личный кабинет. Чтобы узнать, что означает отмена, и подтвердить её, откройте эту ссылку в течение 24 часов:

    { $url }

    Если это были не вы, просто не обращайте внимания на письмо: ничего не изменится.
account-closure_requested-subject = { $operator }: ваша учётная запись будет закрыта { $until }
account-closure_requested-body = Вы попросили закрыть вашу учётную запись. Она будет закрыта { $until }: подписки закончатся, а ваши персональные данные будут уничтожены без возможности восстановления. До этого момента учётную запись можно восстановить: { $url }

    Платные подписки не будут продлены, рекламные рассылки прекращены.
account-restored-subject = { $operator }: ваша учётная запись восстановлена
account-restored-body = Ваша учётная запись восстановлена со всеми подписками. Ничего не было уничтожено.
account-closed-subject = { $operator }: ваша учётная запись закрыта
account-closed-body = Ваша учётная запись закрыта, персональные данные уничтожены { $date } (акт об уничтожении { $act }). Сведения, которые мы обязаны хранить по закону, например счета, хранятся только в течение установленного законом срока и затем уничтожаются. Это последнее письмо, которое мы вам отправляем.

portal-sub-title = Ваша подписка
portal-sub-none = У вас нет действующей подписки.
portal-sub-plans = Тарифы
portal-sub-price = { $amount } за { $period }
portal-sub-period-month = 30 дней
portal-sub-period-year = 365 дней
portal-sub-trial = { $count ->
    [one] первый { $count } день бесплатно
    [few] первые { $count } дня бесплатно
   *[many] первые { $count } дней бесплатно
}
portal-sub-choose = Выбрать «{ $plan }»
portal-sub-review = Оформление тарифа «{ $plan }»
portal-sub-review-terms = Приостановить, отменить подписку или закрыть учётную запись можно в любое время так же просто, как оформить. Квитанция придёт на электронную почту.
portal-sub-start = Оформить подписку
portal-sub-status = Состояние
portal-sub-status-trialing = Пробный период
portal-sub-status-active = Действует
portal-sub-status-paused = Приостановлена
portal-sub-status-cancelling = Отменена, доступ до конца периода
portal-sub-status-cancelled = Отменена
portal-sub-status-expired = Закончилась
portal-sub-next-charge = Следующее списание: { $amount }, { $date }
portal-sub-access-until = Доступ до { $date }
portal-sub-paused-until = Приостановлена до { $date }
portal-sub-pause = Приостановить
portal-sub-pause-for = Приостановить на
portal-sub-pause-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
portal-sub-resume = Возобновить сейчас
portal-sub-cancel = Отменить подписку
portal-sub-revert = Сохранить подписку
portal-sub-cancel-title = Отмена тарифа «{ $plan }»
portal-sub-consequences = Что означает отмена
portal-sub-consequence-access = Доступ сохраняется до { $date }; больше ничего не списывается.
portal-sub-consequence-now = Доступ заканчивается сейчас; больше ничего не списывается.
portal-sub-consequence-refund = Вам вернут неиспользованную часть периода: { $amount }.
portal-sub-consequence-kept = Учётная запись и данные сохраняются. Чтобы их удалить, закройте учётную запись.
portal-sub-consequence-marketing = Рекламные рассылки прекращаются.
portal-sub-consequence-revert = Отмену можно отозвать до { $date }.
portal-sub-reason = Почему вы уходите? (необязательно)
portal-sub-reason-none = Не хочу отвечать
portal-sub-reason-price = Слишком дорого
portal-sub-reason-usage = Редко пользуюсь
portal-sub-reason-features = Чего-то не хватает
portal-sub-reason-problems = Технические проблемы
portal-sub-reason-other = Другая причина
portal-sub-offer = Или приостановите подписку на срок до { $count } дн. Это лишь предложение: отмену оно не задерживает.
portal-sub-confirm-cancel = Подтвердить отмену
portal-sub-done-signed_up = Подписка оформлена. Квитанция отправлена.
portal-sub-done-paused = Подписка приостановлена.
portal-sub-done-resumed = Подписка снова действует.
portal-sub-done-cancelled = Подписка отменена. Квитанция с датой и временем отправлена.
portal-sub-done-reverted = Подписка продолжается.
portal-sub-done-restored = Учётная запись восстановлена.
portal-sub-receipts = Квитанции
portal-account-title = Закрыть учётную запись
portal-account-consequences = Закрытие учётной записи прекращает все подписки и уничтожает ваши персональные данные: профиль, историю и настройки. После окончания льготного срока это нельзя отменить.
portal-account-grace = { $count ->
    [one] Учётную запись можно восстановить в течение { $count } дня.
   *[other] Учётную запись можно восстановить в течение { $count } дней.
}
portal-account-understand = Я понимаю, что моя учётная запись и данные будут уничтожены.
portal-account-close = Закрыть учётную запись
portal-account-pending = Ваша учётная запись будет закрыта { $date }. До этого её можно восстановить.
portal-account-restore = Восстановить учётную запись
portal-account-closing = Ваша учётная запись закрывается.
portal-cancel-title = Отмена подписки
portal-cancel-intro = Отменить подписку можно без входа в личный кабинет. Укажите адрес электронной почты подписки и её номер (он есть в каждой квитанции, например SUB-000042); мы отправим на этот адрес ссылку для подтверждения.
portal-cancel-reference = Номер подписки
portal-cancel-send = Отправить ссылку для отмены
portal-cancel-sent = Если адрес и номер относятся к действующей подписке, ссылка для её отмены отправлена на этот адрес. Она действует 24 часа.
portal-cancel-link = Отменить без входа

web-nav-subscriptions = Подписки
web-subs-title = Подписки и учётные записи
web-subs-intro = Тарифы, все подписки с окончанием оплаченного периода и доступа, учётные записи, которые закрываются. Продления, окончания приостановок, напоминания и закрытия после льготного срока выполняются каждую минуту; кнопка выполняет их сейчас.
web-subs-list = Подписки
web-subs-col-plan = Тариф
web-subs-col-price = Цена
web-subs-col-terms = Условия
web-subs-col-reference = Номер
web-subs-col-period-end = Конец оплаченного периода
web-subs-col-access-end = Конец доступа
web-subs-col-signup = Оформлена
web-subs-col-closes = Закрывается
web-subs-closures = Закрытие учётных записей
web-subs-run = Выполнить то, что наступило
web-subs-pause-limit = { $count ->
    [one] приостановка до { $count } дня
   *[other] приостановка до { $count } дней
}
web-subs-steps = { $count ->
    [one] { $count } шаг
    [few] { $count } шага
   *[many] { $count } шагов
}
web-subs-ran = { $count ->
    [one] Выполнено: { $count } подписка или закрытие.
    [few] Выполнено: { $count } подписки или закрытия.
   *[many] Выполнено: { $count } подписок или закрытий.
}
web-subs-grace = { $count ->
    [one] Закрытая учётная запись уничтожается через { $count } день после просьбы субъекта; до этого её можно восстановить.
    [few] Закрытая учётная запись уничтожается через { $count } дня после просьбы субъекта; до этого её можно восстановить.
   *[many] Закрытая учётная запись уничтожается через { $count } дней после просьбы субъекта; до этого её можно восстановить.
}
