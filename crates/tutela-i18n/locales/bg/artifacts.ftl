# Публикуваните документи от картата на данните: заглавия, колони и текстът на уведомлението.

## Заглавия.
artifact-ropa-title = Регистър на дейностите по обработване
artifact-pi-collected-title = Списък на събираните лични данни
artifact-pi-shared-title = Списък на личните данни, споделяни с трети страни
artifact-notice-title = Как обработваме вашите лични данни

## Издание: версията на картата на данните, от която е създаден документът.
edition-version = Версия на картата на данните { $version }
edition-draft = Чернова: тази карта на данните все още не е приложена
edition-hash = Хеш на съдържанието (SHA-256)
edition-generated = Създадено от Tutela въз основа на картата на данните на администратора.
edition-fallback = Текстовете, които администраторът не е превел, са показани на езика на оригинала.

## Данни за администратора.
section-operator = Администратор
field-legal_name = Наименование
field-trading_name = Търговско наименование
field-registration_numbers = Регистрационни номера
field-address = Адрес
field-email = Електронна поща
field-phone = Телефон
field-postal_address = Пощенски адрес
field-url = Уеб страница
field-responsible_person = Лице, отговорно за организиране на обработването
field-dpo = Длъжностно лице по защита на данните
field-jurisdictions = Приложимо законодателство
field-data_residency = Държави, в които се съхраняват данните

## Колони.
column-processing_activity = Дейност по обработване
column-purpose = Цел на обработването
column-purposes = Цели на обработването
column-legal_basis = Правно основание
column-legal_provisions = Правни разпоредби
column-subject_categories = Категории субекти на данни
column-data_categories = Категории лични данни
column-actions = Действия по обработване
column-retention = Срок на съхранение
column-recipients = Получатели
column-transfers = Предаване към други държави
column-stores = Място на съхранение
column-business_function = Функция на услугата
column-data_items = Лични данни
column-collection_method = Начин и обстоятелства на събиране
column-required = Задължително или по избор
column-recipient = Получател
column-kind = Роля
column-legal_entity = Юридическо лице
column-country = Държава или регион
column-method = Начин на предаване
column-policy = Политика за поверителност
column-transfer_abroad = Предаване в чужбина
column-mechanism = Правен механизъм
column-right = Право

## Стойности в клетките.
value-none = —
value-required = Задължително
value-optional = По избор
value-collected-from-subject = Предоставени от субекта на данните
value-collected-automatically = Събирани автоматично при използване на услугата
value-transfer-no = Не
value-transfer-yes = Да, към { $country }
marker-special = { " " }(специална категория)
marker-biometric = { " " }(биометрични данни)
recipient-summary = { " " }— { $kind }, { $country }
transfer-summary = { " " }→ { $country }: { $mechanism }

## Регистър на дейностите по обработване.
ropa-activities = Дейности по обработване
ropa-intro = По един ред за всяка дейност по обработване и цел (чл. 30, параграф 1 от ОРЗД; таблицата за обработването в политика по 152-ФЗ).

## Двата списъка по китайското законодателство.
pi-collected-items = Събирани лични данни по функции на услугата
pi-collected-intro = Какви лични данни събираме за всяка функция на услугата, защо и как, дали сте длъжни да ги предоставите и колко дълго ги съхраняваме.
pi-shared-third-parties = Трети страни и обработващи лични данни
pi-shared-sdks = Списък на SDK на трети страни
pi-shared-intro = Всички лица, на които предоставяме лични данни, и всички SDK на трети страни, вградени в нашите услуги.
pi-shared-none = Няма.

## Разделът за данните в уведомлението за поверителност.
notice-intro = Този раздел от уведомлението ни за поверителност посочва какви лични данни обработваме, защо и на какво правно основание, колко дълго ги съхраняваме, кой ги получава, дали се предават извън страната и какви са вашите права.
notice-collected = Какво събираме и защо
notice-special = Част от тези данни са от специални категории (например данни за здравословното състояние или биометрични данни): обработваме ги само при условието, посочено за съответната цел.
notice-withdraw = Когато обработването се основава на вашето съгласие, можете да го оттеглите по всяко време; това не засяга обработването преди оттеглянето.
notice-recipients = Кой получава вашите данни
notice-recipients-none = Не предоставяме личните ви данни на други лица.
notice-transfers = Предаване към други държави
notice-transfers-none = Не предаваме личните ви данни в други държави.
notice-residency = Държави, в които се съхраняват данните ви: { $regions }.
notice-rights = Вашите права
notice-rights-how = За да упражните някое от тези права или да зададете въпрос за данните си, свържете се с нас:
