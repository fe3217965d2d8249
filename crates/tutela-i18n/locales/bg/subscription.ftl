# Абонаменти и профили: разписки до субектите (tutela-server api::subscriptions::receipts)
# и страниците за абонамента в портала (tutela-web portal_subscription).
sub-event-signed_up = Абонаментът е започнат
sub-event-trial_ended = Пробният период приключи, започна първият платен период
sub-event-renewed = Подновен за още един период
sub-event-paused = Спрян временно
sub-event-resumed = Възобновен
sub-event-cancel_scheduled = Прекратен в края на периода
sub-event-cancelled = Прекратен
sub-event-cancel_reverted = Прекратяването е оттеглено
sub-event-expired = Изтекъл в края на срока си
sub-receipt-subject = { $operator }: { $detail } ({ $reference })
sub-receipt-body = { $operator } потвърждава тази промяна на абонамента ви { $reference } ({ $plan }):

    { $detail }
    Дата и час: { $date }
sub-receipt-access = Запазвате достъпа до { $until }. Нищо повече няма да бъде таксувано.
sub-receipt-ended = Достъпът ви приключи на { $until }. Нищо повече няма да бъде таксувано.
sub-receipt-refund = Възстановена сума за неизползваната част: { $amount }
sub-receipt-paused = Абонаментът е спрян до { $until } и тогава се възобновява сам. Докато е спрян, нищо не се таксува.
sub-receipt-next = Следващо таксуване: { $amount } на { $until }.
sub-receipt-footer = Запазете това съобщение: то е вашата разписка. Можете по всяко време да спрете или прекратите абонамента или да закриете профила си: { $url }
sub-reminder-subject = { $operator }: абонаментът ви се възобновява на { $until }
sub-reminder-body = Абонаментът ви { $reference } ({ $plan }) е спрян до { $until }. Тогава се възобновява сам и следващият период ще бъде таксуван: { $amount }. За да го прекратите вместо това, посетете { $url }
sub-link-subject = { $operator }: прекратяване на абонамента ви { $reference }
sub-link-body = Някой, надяваме се вие, поиска да прекрати абонамента { $reference } ({ $plan }) без вход в профила. За да видите какво означава прекратяването и да го потвърдите, отворете тази връзка в рамките на 24 часа:

    { $url }

    Ако не сте били вие, не обръщайте внимание на съобщението: нищо не се променя.
account-closure_requested-subject = { $operator }: профилът ви ще бъде закрит на { $until }
account-closure_requested-body = Поискахте да закрием профила ви. Той ще бъде закрит на { $until }: абонаментите ви приключват, а личните ви данни се заличават безвъзвратно. Дотогава можете да възстановите профила си: { $url }

    Платените ви планове няма да бъдат подновени, а маркетинговите съобщения са спрени.
account-restored-subject = { $operator }: профилът ви е възстановен
account-restored-body = Профилът ви е възстановен такъв, какъвто беше, с абонаментите ви. Нищо не е заличено.
account-closed-subject = { $operator }: профилът ви е закрит
account-closed-body = Профилът ви е закрит, а личните ви данни бяха заличени на { $date } (протокол за унищожаване { $act }). Данните, които законът ни задължава да пазим, например фактури, се пазят само за определения от закона срок и след това се унищожават. Това е последното съобщение, което ви изпращаме.

portal-sub-title = Вашият абонамент
portal-sub-none = Нямате действащ абонамент.
portal-sub-plans = Планове
portal-sub-price = { $amount } на всеки { $period }
portal-sub-period-month = 30 дни
portal-sub-period-year = 365 дни
portal-sub-trial = { $count ->
    [one] първият { $count } ден безплатно
   *[other] първите { $count } дни безплатно
}
portal-sub-choose = Изберете { $plan }
portal-sub-review = Започване на { $plan }
portal-sub-review-terms = Можете по всяко време да спрете или прекратите абонамента или да закриете профила си, толкова лесно, колкото се абонирахте. Ще получите разписка по имейл.
portal-sub-start = Започване на абонамента
portal-sub-status = Състояние
portal-sub-status-trialing = Пробен период
portal-sub-status-active = Активен
portal-sub-status-paused = Спрян временно
portal-sub-status-cancelling = Прекратен, достъп до края на периода
portal-sub-status-cancelled = Прекратен
portal-sub-status-expired = Изтекъл
portal-sub-next-charge = Следващо таксуване: { $amount } на { $date }
portal-sub-access-until = Достъп до { $date }
portal-sub-paused-until = Спрян до { $date }
portal-sub-pause = Спиране
portal-sub-pause-for = Спиране за
portal-sub-pause-days = { $count ->
    [one] { $count } ден
   *[other] { $count } дни
}
portal-sub-resume = Възобновяване сега
portal-sub-cancel = Прекратяване на абонамента
portal-sub-revert = Запазване на абонамента
portal-sub-cancel-title = Прекратяване на { $plan }
portal-sub-consequences = Какво означава прекратяването
portal-sub-consequence-access = Запазвате достъпа до { $date }; нищо повече не се таксува.
portal-sub-consequence-now = Достъпът приключва сега; нищо повече не се таксува.
portal-sub-consequence-refund = Получавате обратно неизползваната част от периода: { $amount }.
portal-sub-consequence-kept = Профилът и данните ви се запазват. За да бъдат изтрити, закрийте профила си.
portal-sub-consequence-marketing = Маркетинговите съобщения спират.
portal-sub-consequence-revert = Можете да оттеглите прекратяването до { $date }.
portal-sub-reason = Защо си тръгвате? (по желание)
portal-sub-reason-none = Предпочитам да не казвам
portal-sub-reason-price = Твърде скъпо
portal-sub-reason-usage = Не го използвам достатъчно
portal-sub-reason-features = Нещо липсва
portal-sub-reason-problems = Технически проблеми
portal-sub-reason-other = Друга причина
portal-sub-offer = Или вместо това го спрете за до { $count } дни. Това е само предложение: прекратяването не се забавя.
portal-sub-confirm-cancel = Потвърждаване на прекратяването
portal-sub-done-signed_up = Абонаментът ви започна. Изпратена е разписка.
portal-sub-done-paused = Абонаментът ви е спрян.
portal-sub-done-resumed = Абонаментът ви отново е активен.
portal-sub-done-cancelled = Абонаментът ви е прекратен. Изпратена е разписка с датата и часа.
portal-sub-done-reverted = Абонаментът ви продължава.
portal-sub-done-restored = Профилът ви е възстановен.
portal-sub-receipts = Разписки
portal-account-title = Закриване на профила
portal-account-consequences = Закриването на профила прекратява всички абонаменти и заличава личните ви данни: профил, история и предпочитания. След края на гратисния период това не може да бъде отменено.
portal-account-grace = { $count ->
    [one] Можете да възстановите профила си в рамките на { $count } ден.
   *[other] Можете да възстановите профила си в рамките на { $count } дни.
}
portal-account-understand = Разбирам, че профилът и данните ми ще бъдат заличени.
portal-account-close = Закриване на профила ми
portal-account-pending = Профилът ви ще бъде закрит на { $date }. Дотогава можете да го възстановите.
portal-account-restore = Възстановяване на профила ми
portal-account-closing = Профилът ви се закрива.
portal-cancel-title = Прекратяване на абонамент
portal-cancel-intro = Можете да прекратите без вход в профила. Посочете имейл адреса на абонамента и номера му (има го във всяка разписка, напр. SUB-000042); изпращаме връзка за потвърждение на този адрес.
portal-cancel-reference = Номер на абонамента
portal-cancel-send = Изпратете ми връзка за прекратяване
portal-cancel-sent = Ако адресът и номерът са на действащ абонамент, на този адрес е изпратена връзка за прекратяването му. Тя е валидна 24 часа.
portal-cancel-link = Прекратяване без вход

web-nav-subscriptions = Абонаменти
web-subs-title = Абонаменти и профили
web-subs-intro = Планове, всеки абонамент с края на платения период и на достъпа, и профили, чието закриване е в ход. Подновяванията, краищата на спиранията, напомнянията и закриванията след гратисния период се изпълняват всяка минута; бутонът ги изпълнява сега.
web-subs-list = Абонаменти
web-subs-col-plan = План
web-subs-col-price = Цена
web-subs-col-terms = Условия
web-subs-col-reference = Номер
web-subs-col-period-end = Край на платения период
web-subs-col-access-end = Край на достъпа
web-subs-col-signup = Започнат
web-subs-col-closes = Закрива се
web-subs-closures = Закриване на профили
web-subs-run = Изпълнение на дължимото сега
web-subs-pause-limit = { $count ->
    [one] спиране до { $count } ден
   *[other] спиране до { $count } дни
}
web-subs-steps = { $count ->
    [one] { $count } стъпка
   *[other] { $count } стъпки
}
web-subs-ran = { $count ->
    [one] Изпълнен е { $count } абонамент или закриване.
   *[other] Изпълнени са { $count } абонамента или закривания.
}
web-subs-grace = { $count ->
    [one] Закритият профил се заличава { $count } ден след искането на субекта; дотогава той може да го възстанови.
   *[other] Закритият профил се заличава { $count } дни след искането на субекта; дотогава той може да го възстанови.
}
