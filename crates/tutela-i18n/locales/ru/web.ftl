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
web-portal-request-link = Обратиться по поводу своих персональных данных
web-portal-request-title = Обращение к оператору { $operator }
web-portal-request-intro = Запросите сведения о своих данных, их уточнение или уничтожение, или возразите против их использования. Прежде чем ответить, мы убедимся, что обращение от вас.
web-portal-request-type = О чём вы просите
web-portal-request-email = Ваш адрес электронной почты, который вы нам сообщали
web-portal-request-send = Отправить обращение
web-portal-filed-title = Обращение { $reference } получено
web-portal-filed = { $operator } зарегистрировал ваше обращение в журнале обращений. Сохраните его номер.
web-portal-filed-due = По закону мы ответим до { $due }.
web-portal-no-requests = Этот оператор пока не принимает обращения через портал.
web-request-type-access = Сведения о моих данных и их обработке
web-request-type-portability = Мои данные в переносимом формате
web-request-type-rectification = Уточнить мои данные
web-request-type-restriction = Заблокировать мои данные
web-request-type-erasure = Уничтожить мои данные
web-request-type-objection = Возражение против обработки
web-request-type-withdrawal = Отозвать согласие
web-request-type-account_closure = Закрыть мою учётную запись
web-request-type-complaint = Жалоба
web-requests-older = Более ранние обращения
web-request-status-verified = Личность подтверждена
web-request-verify = Подтвердить личность заявителя
web-request-verify-method = Как подтверждена
web-request-verify-document = Проверен документ, удостоверяющий личность
web-request-verify-known_account = Сведения совпадают с имеющимися у нас данными субъекта
web-request-verify-representative = Проверены полномочия представителя и личность субъекта
web-request-verify-note = Что проверено (не переписывайте номера документов)
web-request-verified = Личность заявителя подтверждена.
web-request-fulfil = Исполнить в наших хранилищах
web-request-fulfil-hint = Пробный прогон показывает, что затронет обращение, и ничего не меняет. Для исполнения нужна подтверждённая личность; обращение можно закрыть, когда все хранилища подтвердили исполнение.
web-request-dry-run = Пробный прогон
web-request-run = Исполнить
web-request-runs = Прогоны
web-request-run-dry = Пробный прогон: ничего не изменено и не сохранено.
web-request-run-state-complete = Подтверждено всеми хранилищами
web-request-run-state-incomplete = Подтверждено не всеми хранилищами
web-request-run-state-failed = Ошибка
web-request-run-state-running = Выполняется
web-request-run-state-dry_run = Пробный прогон
web-request-package = Пакет данных субъекта
web-col-store = Хранилище
web-col-table = Таблица
web-col-rows = Строк
web-col-erasure = При уничтожении
web-request-documents = Документы
web-request-act = Акт об уничтожении
web-destruction-log = Журнал уничтожения (CSV)
web-request-extend = Продлить срок, как допускает закон
web-request-extend-reason = Причины, как они сообщены субъекту
web-request-extended = Срок продлён; сообщите субъекту причины.
email-code-subject = { $operator }: код для обращения { $reference }
email-code-body = Вы обратились к { $operator } по поводу своих персональных данных (обращение { $reference }). Чтобы подтвердить, что этот адрес электронной почты ваш, введите код на странице обращения:

        { $code }

    Код действует до { $expires }. Если вы не направляли обращение, не отвечайте на это письмо: без кода ничего не будет сделано.
web-portal-code = Код из нашего письма (6 цифр)
web-portal-code-submit = Подтвердить
web-portal-code-verified = Спасибо: адрес электронной почты подтверждён, на обращение будет дан ответ.
web-portal-code-wrong = { $count ->
    [one] Код неверный. Осталась { $count } попытка.
    [few] Код неверный. Осталось { $count } попытки.
   *[other] Код неверный. Осталось { $count } попыток.
}
web-portal-staff-verify = Оператор свяжется с вами, чтобы удостовериться в вашей личности перед ответом.
web-request-register = Журнал учёта обращений (CSV)
web-requests-figures = По видам: открытые, просроченные, отвеченные и часы от получения до ответа
web-requests-open = Открыто
web-requests-breached = Просрочено
web-requests-median = Медиана, ч
web-requests-p95 = 95-й процентиль, ч
web-requests-filter = Показать обращения
web-requests-all = Все
web-requests-filter-open = Открытые
web-requests-filter-received = Полученные
web-requests-filter-verified = Личность подтверждена
web-requests-filter-completed = Исполненные
web-requests-filter-refused = Отказанные
web-request-answer = Ответ
web-request-answer-sent = Отправлен на { $email }.
web-request-answer-print = Распечатать и отправить почтой.
web-request-answer-letter = Письмо для печати
web-request-files = Письмо и документы
web-request-file = Скан письма или документа (PDF, PNG или JPEG, до 1 МБ)
web-request-attach = Приложить
web-request-attached = Файл приложен, его SHA-256 записан.
web-request-contents = Что по закону должно содержать обращение
web-request-contents-present = В письме есть
web-request-contents-id_document = Документ, удостоверяющий личность: номер, дата выдачи, выдавший орган
web-request-contents-relationship = Сведения об отношениях с нами (например, номер и дата договора)
web-request-contents-signature = Подпись
web-request-contents-check = Записать и запросить недостающее
web-request-contents-missing = Недостающие сведения запрошены; срок приостановлен до их получения.
web-request-contents-complete = Обращение содержит всё, что требует закон.
web-clock-pause = Приостановить срок
web-clock-resume = Возобновить срок
web-clock-paused = Срок приостановлен: время не идёт, пока его не возобновят.
web-clock-resumed = Срок снова идёт; время паузы добавлено к нему.
web-nav-outbox = Исходящие
web-outbox-title = Исходящие
web-outbox-intro = Все сообщения Tutela: уведомления о сроках на вебхуки и получателям почты, квитанции, одноразовые коды (цифры скрыты) и ответы заявителям.
web-outbox-none = Пока ничего не отправлено.
web-outbox-to = Кому
web-outbox-delivered = Доставлено
web-outbox-failed = Не доставлено
web-outbox-waiting = Ожидает
web-portal-account-link = Посмотреть и изменить свои согласия
web-portal-sign-in-title = Вход на портал конфиденциальности { $operator }
web-portal-sign-in-intro = Укажите адрес электронной почты, который известен { $operator }. Мы отправим на него одноразовый код; пароль не нужен.
web-portal-sign-in-email = Ваш адрес электронной почты
web-portal-sign-in-send = Прислать код
web-portal-sign-in-sent = Если этот адрес известен { $operator }, мы отправили на него код. Введите его ниже в течение 15 минут.
web-portal-sign-in-submit = Войти
web-portal-sign-in-again = Указать другой адрес или запросить новый код
web-me-title = Ваши согласия: { $operator }
web-me-consents = Ваши согласия
web-me-no-consents = { $operator } не запрашивает согласий, которые мы учитываем.
web-me-col-purpose = Цель
web-me-col-state = Ваш выбор
web-me-col-since = С
web-me-col-action = Действие
web-me-withdraw = Отозвать
web-me-objection = Возражение против обработки
web-me-objection-intro = Эти цели основаны не на вашем согласии, а на законном интересе оператора или общественно значимой задаче. Вы можете возразить, и обработка для них прекратится, если оператор не докажет веских оснований (ст. 21 GDPR).
web-me-object = Возразить
web-me-objected = Вы возразили { $date }
web-me-objection-recorded = Ваше возражение зарегистрировано.
web-me-history = Что зарегистрировано
web-me-col-when = Когда
web-me-col-what = Что
web-me-receipt = Квитанция
web-consent-state-given = Дано
web-consent-state-refused = Не дано
web-consent-state-withdrawn = Отозвано
web-consent-state-expired = Истёк срок
web-consent-state-none = Не запрашивалось
web-record-kind-consent = Согласие
web-record-kind-objection = Возражение
web-record-kind-signal = Сигнал Global Privacy Control
web-record-kind-age = Возраст
web-record-kind-block = Обработка заблокирована
web-record-kind-unblock = Блокировка снята
web-receipt-title = Квитанция о согласии
web-receipt-withdrawn = Ваше согласие отозвано. Сохраните эту квитанцию: в ней указано, что и когда зарегистрировано.
web-receipt-operator = Оператор
web-receipt-subject = Ваш идентификатор
web-receipt-choice = Выбор
web-receipt-recorded = Зарегистрировано
web-receipt-method = Способ
web-receipt-record = Запись
web-receipt-journal = Запись журнала
web-receipt-digest = Хеш записи (SHA-256)
web-receipt-proof = Запись журнала и хеш подтверждают, что запись не изменялась с момента её создания.
web-receipt-json = Скачать квитанцию (Kantara Consent Receipt, JSON)
web-receipt-back = К вашим согласиям
email-sign-in-subject = { $operator }: код для входа
email-sign-in-body = Вы запросили вход на портал конфиденциальности { $operator }. Ваш код:

        { $code }

    Код действует до { $expires }. Если вы его не запрашивали, не отвечайте на это письмо: без кода войти нельзя.
web-outbox-code = Одноразовый код (виден только в демонстрации)
web-nav-subjects = Субъекты
web-nav-datamap = Карта данных
web-nav-staff = Сотрудники
web-yes = Да
web-no = Нет
web-datamap-title = Карта данных
web-datamap-published = Опубликовано из текущей версии
web-datamap-versions = Версии
web-datamap-none = Карта данных ещё не применена: примените её командой tutela datamap apply или запросом PUT /api/v1/datamap.
web-datamap-version = Версия
web-datamap-changes = Что изменилось
web-datamap-first = Первая версия.
web-datamap-added = Добавлено
web-datamap-removed = Удалено
web-datamap-changed = Изменено
web-subjects-title = Поиск согласий
web-subjects-ref = Идентификатор субъекта у оператора
web-subjects-look-up = Найти
web-subjects-blocked = Вся обработка заблокирована
web-subjects-minor = Несовершеннолетний
web-subjects-decisions = Решения на сейчас
web-subjects-basis = Основание
web-subjects-allowed = Разрешено
web-subjects-reason = Почему нет
web-staff-title = Сотрудники и API-токены
web-staff-email = Адрес электронной почты
web-staff-name = Имя
web-staff-roles = Роли
web-staff-active = Может входить
web-tokens-title = API-токены
web-token-name = Назначение
web-token-expires = Истекает
web-token-revoked = Отозван
web-token-revoke = Отозвать
web-token-issue = Выпустить токен
web-token-days = Дней до истечения (пусто — бессрочно)
web-token-days-invalid = Число дней до истечения токена должно быть целым.
web-token-issued = Токен «{ $detail }» выпущен. Скопируйте секрет сейчас: больше он показан не будет.
web-webhooks-title = Вебхуки
web-webhooks-none = Вебхуки не настроены.
web-recipients-title = Получатели уведомлений по электронной почте
web-recipients-none = Получатели по электронной почте не настроены.
web-nav-incidents = Инциденты
web-incidents-title = Инциденты безопасности
web-incidents-none = Инциденты не зарегистрированы.
web-incident-reference = Номер
web-incident-discovered = Выявлен
web-incident-description = Что произошло
web-incident-register = Зарегистрировать инцидент
web-incident-register-intro = Каждое уведомление, которого требуют законы карты данных, получает срок с момента выявления и проект на языке получателя.
web-incident-discovered-utc = Когда выявлен (UTC)
web-incident-systems = Затронутые системы (через запятую)
web-incident-categories = Затронутые категории данных (через запятую)
web-incident-subjects = Предполагаемое число затронутых субъектов
web-incident-subjects-invalid = Число субъектов должно быть целым.
web-incident-high-risk = Вероятен высокий риск для субъектов
web-incident-measures = Принятые меры
web-incident-notices = Уведомления, которых требует закон
web-incident-article = Статья
web-incident-follows = Срок начнётся, когда будет направлено уведомление { $detail }.
web-incident-sent = Направлено
web-incident-draft = Проект
web-incident-how = Как направлено
web-incident-mark-sent = Отметить как направленное сейчас
web-nav-retention = Уничтожение
web-retention-title = График уничтожения
web-retention-intro = Субъекты, чьи данные подлежат уничтожению, потому что после отзыва согласия или возражения не осталось оснований для обработки. Уничтожение выполняется механизмом исполнения, когда срок подходит к концу, как запрос на удаление с актом об уничтожении; сервер проверяет каждые десять минут.
web-retention-none = Уничтожение не запланировано.
web-retention-subject = Субъект
web-retention-reason = Основание
web-retention-runs-at = Выполняется
web-retention-ready = пора выполнить
web-retention-run = Выполнить уничтожение сейчас
web-retention-ran = { $count ->
    [one] Выполнено { $count } уничтожение.
    [few] Выполнено { $count } уничтожения.
   *[many] Выполнено { $count } уничтожений.
}
web-nav-discovery = Поиск ПДн
web-discovery-title = Поиск персональных данных и расхождения
web-discovery-intro = { $count ->
    [one] Проверяет до { $count } случайной строки каждой таблицы баз данных оператора на персональные данные и сравнивает найденное с картой данных.
    [few] Проверяет до { $count } случайных строк каждой таблицы баз данных оператора на персональные данные и сравнивает найденное с картой данных.
   *[many] Проверяет до { $count } случайных строк каждой таблицы баз данных оператора на персональные данные и сравнивает найденное с картой данных.
}
web-discovery-run = Сверить хранилища с картой данных
web-discovery-undeclared-count = { $count ->
    [one] { $count } поле содержит персональные данные, не указанные в карте данных
    [few] { $count } поля содержат персональные данные, не указанные в карте данных
   *[many] { $count } полей содержат персональные данные, не указанные в карте данных
}
web-discovery-rows = { $count ->
    [one] проверена { $count } строка
    [few] проверено { $count } строки
   *[many] проверено { $count } строк
}
web-discovery-undeclared = Персональные данные, не указанные в карте
web-discovery-not-found = Указано в карте, но не найдено
web-discovery-field = Поле
web-discovery-found = Найдено в
web-discovery-example = Пример (замаскирован)
web-discovery-declared = Указано как
web-discovery-rows-with-values = Строк со значением
web-nav-calendars = Календари
web-calendars-title = Календари и сроки
web-calendars-zone = Часовой пояс
web-calendars-covers = Официальные данные
web-calendars-origin = Источник
web-calendars-compute = Рассчитать срок
web-calendars-calendar = Календарь
web-calendars-start = С (местное время календаря)
web-calendars-duration = Срок (например, 10 working days, 72 hours, 1 month)
web-calendars-due = Срок истекает { $due }.
web-calendars-rolled = Он пришёлся на выходной и перенесён на следующий рабочий день.
web-calendars-coverage = Расчёт вышел за годы, по которым в календаре есть официальные данные: проверьте его.
web-distribution-link = Персональные данные, разрешённые для распространения, и условия
web-distribution-title = Персональные данные, разрешённые субъектами для распространения: { $operator }
web-distribution-intro = По каждому действующему согласию на распространение — категории данных, установленные субъектом запреты и условия и информационные ресурсы, где данные размещены (ст. 10.1 152-ФЗ).
web-distribution-none = Действующих согласий на распространение нет.
web-distribution-item = Данные
web-distribution-terms = Запреты и условия
web-distribution-resources = Где размещены
web-distribution-no-transfer = Запрещена передача неограниченному кругу лиц
web-distribution-no-processing = Запрещена обработка неограниченным кругом лиц
web-requests-chart = Время ответа по типам обращений (часы)
web-subjects-proof-intact = Доказательство: каждая запись ниже совпадает с хешем в своей записи журнала.
web-subjects-proof-broken = Доказательство нарушено: запись или её запись в журнале изменены после создания.
