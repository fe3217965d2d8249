# Веб-консоль и портал конфиденциальности.
web-skip = Перейти к содержанию
web-language = Язык
web-nav-home = Главная
web-nav-dashboard = Обзор
web-nav-journal = Журнал
web-nav-api = Справочник API
web-sign-in = Войти
web-sign-in-title = Вход в консоль
web-sign-out = Выйти
web-signed-in-as = Вы вошли как { $email } ({ $operator })
web-field-operator = Оператор
web-field-email = Адрес электронной почты
web-field-password = Пароль
web-sign-in-failed = Неизвестный оператор, адрес или пароль.
web-too-many-attempts = Слишком много попыток. Подождите минуту и попробуйте снова.
web-form-expired = Срок действия формы истёк. Обновите страницу и попробуйте снова.
web-forbidden = Ваши роли не позволяют это действие: нужно право { $permission }.
web-dashboard-title = Сроки
web-dashboard-attention = Скоро истекают и просрочены
web-dashboard-none = Нет сроков, которые скоро истекают или просрочены.
web-dashboard-chart = Сроки по состоянию
web-clocks-count = { $count ->
    [one] { $count } срок
    [few] { $count } срока
   *[many] { $count } сроков
}
web-state-running = Идёт
web-state-paused = Приостановлен
web-state-due_soon = Скоро истекает
web-state-breached = Просрочен
web-state-met = Выполнен
web-state-met_late = Выполнен с опозданием
web-col-label = Обязательство
web-col-state = Состояние
web-col-due = Срок
web-col-kind = Вид
web-col-subject = Касается
web-col-seq = №
web-col-at = Когда
web-col-actor = Кто
web-col-action = Действие
web-col-object = Объект
web-clock-title = Срок
web-clock-calendar = Календарь
web-clock-duration = Продолжительность
web-clock-start = Начало
web-clock-history = История
web-clock-extend = Продлить срок
web-clock-extend-by = На сколько (например: 5 working days)
web-clock-extend-reason = Причина (записывается и сообщается субъекту)
web-clock-extended = Срок продлён. Новая дата: { $due }.
web-journal-title = Журнал
web-journal-intact = Цепочка проверена: { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
}, ни одна не изменена, не удалена и не переставлена.
web-journal-broken = Цепочка не проходит проверку: { $detail }
web-journal-older = Более ранние записи
web-home-intro = Tutela помогает выполнять обещания политики конфиденциальности и условий обслуживания в срок и доказывать это.
web-home-console = Консоль сотрудников
web-home-operators = Операторы: порталы конфиденциальности и опубликованные перечни
web-portal-title = Конфиденциальность: { $operator }
web-portal-published = Что { $operator } публикует о ваших данных
web-api-title = Справочник API
web-api-intro = Все операции JSON API. Машиночитаемый документ: { $url }.
web-error-title = Что-то пошло не так
web-not-found = Такой страницы нет.
web-nav-requests = Обращения
web-requests-title = Обращения
web-requests-none = Обращений пока нет.
web-col-reference = Номер
web-col-law = Закон
web-col-received = Получено
web-request-status-received = Получено
web-request-status-completed = Исполнено
web-request-status-refused = Отказано
web-request-close = Закрыть обращение
web-request-outcome = Результат
web-request-note = Что сделано, или основание отказа (записывается)
web-request-completed = Обращение исполнено, срок остановлен.
web-request-refused = В обращении отказано, срок остановлен.
web-journal-verify = Проверить всю цепочку
