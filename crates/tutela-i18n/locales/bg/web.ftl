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
