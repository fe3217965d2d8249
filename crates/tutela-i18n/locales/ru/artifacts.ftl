# Публикуемые документы карты данных: заголовки, названия столбцов и текст уведомления.

## Заголовки.
artifact-ropa-title = Реестр процессов обработки персональных данных
artifact-pi-collected-title = Перечень собираемых персональных данных
artifact-pi-shared-title = Перечень персональных данных, передаваемых третьим лицам
artifact-notice-title = Как мы обрабатываем ваши персональные данные

## Редакция: версия карты данных, по которой составлен документ.
edition-version = Версия карты данных { $version }
edition-draft = Черновик: эта карта данных ещё не применена
edition-hash = Хеш содержимого (SHA-256)
edition-generated = Сформировано Tutela по карте данных оператора.
edition-fallback = Тексты, которые оператор не перевёл, приведены на языке оригинала.

## Сведения об операторе.
section-operator = Оператор
field-legal_name = Наименование
field-trading_name = Коммерческое обозначение
field-registration_numbers = Регистрационные номера
field-address = Адрес
field-email = Электронная почта
field-phone = Телефон
field-postal_address = Почтовый адрес
field-url = Веб-страница
field-responsible_person = Лицо, ответственное за организацию обработки персональных данных
field-dpo = Ответственный за защиту данных (DPO)
field-jurisdictions = Применимое законодательство
field-data_residency = Страны хранения персональных данных

## Столбцы таблиц.
column-processing_activity = Процесс обработки
column-purpose = Цель обработки
column-purposes = Цели обработки
column-legal_basis = Правовое основание
column-legal_provisions = Нормы законодательства
column-subject_categories = Категории субъектов персональных данных
column-data_categories = Категории персональных данных
column-actions = Действия с персональными данными
column-retention = Сроки обработки и хранения
column-recipients = Получатели
column-transfers = Трансграничная передача
column-stores = Места хранения
column-business_function = Функция сервиса
column-data_items = Персональные данные
column-collection_method = Способ и обстоятельства сбора
column-required = Обязательно или по желанию
column-recipient = Получатель
column-kind = Роль
column-legal_entity = Юридическое лицо
column-country = Страна или регион
column-method = Способ передачи
column-policy = Политика конфиденциальности
column-transfer_abroad = Передача за рубеж
column-mechanism = Основание передачи
column-right = Право

## Значения ячеек.
value-none = —
value-required = Обязательно
value-optional = По желанию
value-collected-from-subject = Предоставляются субъектом персональных данных
value-collected-automatically = Собираются автоматически при использовании сервиса
value-transfer-no = Нет
value-transfer-yes = Да, в { $country }
marker-special = { " " }(специальная категория)
marker-biometric = { " " }(биометрические данные)
recipient-summary = { " " }— { $kind }, { $country }
transfer-summary = { " " }→ { $country }: { $mechanism }

## Реестр процессов обработки.
ropa-activities = Процессы обработки
ropa-intro = Одна строка на каждый процесс обработки и цель (ст. 30(1) GDPR; таблица обработки политики оператора по 152-ФЗ).

## Перечни, требуемые законодательством КНР.
pi-collected-items = Собираемые персональные данные по функциям сервиса
pi-collected-intro = Какие персональные данные мы собираем для каждой функции сервиса, зачем и каким способом, обязательно ли их предоставлять и как долго мы их храним.
pi-shared-third-parties = Третьи лица и обработчики
pi-shared-sdks = Перечень сторонних SDK
pi-shared-intro = Все лица, которым мы предоставляем персональные данные, и все сторонние SDK, встроенные в наши сервисы.
pi-shared-none = Нет.

## Раздел уведомления об обработке персональных данных.
notice-intro = В этом разделе политики обработки персональных данных указано, какие персональные данные мы обрабатываем, с какой целью и на каком правовом основании, как долго храним, кому передаём, передаются ли они за рубеж и какие у вас есть права.
notice-collected = Какие данные мы обрабатываем и зачем
notice-special = Часть этих данных относится к специальным категориям (например, сведения о здоровье или биометрические данные): мы обрабатываем их только при условии, указанном для соответствующей цели.
notice-withdraw = Если обработка основана на вашем согласии, вы можете отозвать его в любой момент; отзыв не влияет на обработку, осуществлённую до него.
notice-recipients = Кому мы передаём ваши данные
notice-recipients-none = Мы не передаём ваши персональные данные другим лицам.
notice-transfers = Трансграничная передача
notice-transfers-none = Мы не передаём ваши персональные данные в другие страны.
notice-residency = Страны хранения ваших данных: { $regions }.
notice-rights = Ваши права
notice-rights-how = Чтобы воспользоваться этими правами или задать вопрос о ваших данных, обратитесь к нам:
