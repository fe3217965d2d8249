# Уеб конзолата и порталът за поверителност.
web-skip = Към съдържанието
web-language = Език
web-nav-home = Начало
web-nav-dashboard = Табло
web-nav-journal = Дневник
web-nav-api = Справочник за API
web-sign-in = Вход
web-sign-in-title = Вход в конзолата
web-sign-out = Изход
web-signed-in-as = Влезли сте като { $email } ({ $operator })
web-field-operator = Администратор
web-field-email = Имейл адрес
web-field-password = Парола
web-sign-in-failed = Непознат администратор, имейл адрес или парола.
web-too-many-attempts = Твърде много опити. Изчакайте минута и опитайте отново.
web-form-expired = Формулярът е изтекъл. Презаредете страницата и опитайте отново.
web-forbidden = Ролите ви не позволяват това: нужно е право { $permission }.
web-dashboard-title = Срокове
web-dashboard-attention = Наближаващи и просрочени
web-dashboard-none = Няма наближаващи или просрочени срокове.
web-dashboard-chart = Срокове по състояние
web-clocks-count = { $count ->
    [one] { $count } срок
   *[other] { $count } срока
}
web-state-running = Тече
web-state-paused = Спрян
web-state-due_soon = Наближава
web-state-breached = Просрочен
web-state-met = Спазен
web-state-met_late = Спазен със закъснение
web-col-label = Задължение
web-col-state = Състояние
web-col-due = Срок
web-col-kind = Вид
web-col-subject = Отнася се до
web-col-seq = №
web-col-at = Кога
web-col-actor = Кой
web-col-action = Действие
web-col-object = Обект
web-clock-title = Срок
web-clock-calendar = Календар
web-clock-duration = Продължителност
web-clock-start = Начало
web-clock-history = История
web-clock-extend = Удължаване на срока
web-clock-extend-by = С колко (например: 2 months)
web-clock-extend-reason = Причина (записва се и се съобщава на субекта)
web-clock-extended = Срокът е удължен. Нова дата: { $due }.
web-journal-title = Дневник
web-journal-intact = Веригата е проверена: { $count ->
    [one] { $count } запис
   *[other] { $count } записа
}, нито един не е променен, изтрит или разместен.
web-journal-broken = Веригата не минава проверката: { $detail }
web-journal-older = По-стари записи
web-home-intro = Tutela помага обещанията на политиката за поверителност и условията за обслужване да се спазват навреме и да се доказват.
web-home-console = Конзола за служители
web-home-operators = Администратори: портали за поверителност и публикувани списъци
web-portal-title = Поверителност: { $operator }
web-portal-published = Какво публикува { $operator } за вашите данни
web-api-title = Справочник за API
web-api-intro = Всички операции на JSON API. Машинночетимият документ е на { $url }.
web-error-title = Нещо се обърка
web-not-found = Няма такава страница.
web-nav-requests = Искания
web-requests-title = Искания
web-requests-none = Все още няма получени искания.
web-col-reference = Номер
web-col-law = Закон
web-col-received = Получено
web-request-status-received = Получено
web-request-status-completed = Изпълнено
web-request-status-refused = Отказано
web-request-close = Приключване на искането
web-request-outcome = Резултат
web-request-note = Какво е направено или основанието за отказ (записва се)
web-request-completed = Искането е изпълнено и срокът е спрян.
web-request-refused = Искането е отказано и срокът е спрян.
web-journal-verify = Проверка на цялата верига
web-portal-request-link = Искане относно личните ви данни
web-portal-request-title = Искане до { $operator }
web-portal-request-intro = Поискайте копие от данните си, тяхното коригиране или изтриване, или възразете срещу използването им. Преди да отговорим, ще проверим, че искането е от вас.
web-portal-request-type = Какво искате
web-portal-request-email = Вашият имейл адрес, както сте ни го дали
web-portal-request-send = Изпращане на искането
web-portal-filed-title = Искане { $reference } е получено
web-portal-filed = { $operator } вписа искането ви в регистъра на исканията. Запазете номера му.
web-portal-filed-due = По закон ще отговорим до { $due }.
web-portal-no-requests = Този администратор все още не приема искания през този портал.
web-request-type-access = Копие от данните ми и как се използват
web-request-type-portability = Данните ми във формат, който мога да пренеса
web-request-type-rectification = Коригиране на данните ми
web-request-type-restriction = Ограничаване на обработването
web-request-type-erasure = Изтриване на данните ми
web-request-type-objection = Възражение срещу обработването
web-request-type-withdrawal = Оттегляне на съгласието ми
web-request-type-account_closure = Закриване на профила ми
web-request-type-complaint = Жалба
web-requests-older = По-стари искания
web-request-status-verified = Самоличността е потвърдена
web-request-verify = Потвърждаване на самоличността на заявителя
web-request-verify-method = Как е потвърдена
web-request-verify-document = Проверен е документ за самоличност
web-request-verify-known_account = Данните съвпадат с наличните за субекта
web-request-verify-representative = Проверени са пълномощията на представителя и самоличността на субекта
web-request-verify-note = Какво е проверено (не преписвайте номера на документи)
web-request-verified = Самоличността на заявителя е потвърдена.
web-request-fulfil = Изпълнение в нашите хранилища
web-request-fulfil-hint = Пробното изпълнение показва какво би засегнало искането и не променя нищо. Самото изпълнение изисква потвърдена самоличност; искането може да бъде приключено, когато всички хранилища го потвърдят.
web-request-dry-run = Пробно изпълнение
web-request-run = Изпълни
web-request-runs = Изпълнения
web-request-run-dry = Пробно изпълнение: нищо не е променено или запазено.
web-request-run-state-complete = Потвърдено от всички хранилища
web-request-run-state-incomplete = Не е потвърдено от всички хранилища
web-request-run-state-failed = Неуспешно
web-request-run-state-running = Изпълнява се
web-request-run-state-dry_run = Пробно изпълнение
web-request-package = Пакет с данни
web-col-store = Хранилище
web-col-table = Таблица
web-col-rows = Редове
web-col-erasure = При изтриване
web-request-documents = Документи
web-request-act = Протокол за унищожаване
web-destruction-log = Регистър на унищожаванията (CSV)
web-request-extend = Удължаване на срока, както позволява законът
web-request-extend-reason = Причините, както са съобщени на субекта
web-request-extended = Срокът е удължен; съобщете на субекта причините.
email-code-subject = { $operator }: вашият код за искане { $reference }
email-code-body = Подадохте искане до { $operator } относно личните си данни (искане { $reference }). За да потвърдите, че този адрес на електронна поща е ваш, въведете кода на страницата на искането:

        { $code }

    Кодът е валиден до { $expires }. Ако не сте подавали искането, не правете нищо: без кода нищо няма да бъде извършено.
web-portal-code = Кодът, който ви изпратихме по имейл (6 цифри)
web-portal-code-submit = Потвърждаване
web-portal-code-verified = Благодарим: имейл адресът ви е потвърден и на искането ви ще бъде отговорено.
web-portal-code-wrong = { $count ->
    [one] Кодът не е верен. Остава ви още един опит.
   *[other] Кодът не е верен. Остават ви още { $count } опита.
}
web-portal-staff-verify = Администраторът ще се свърже с вас, за да потвърди самоличността ви, преди да отговори.
