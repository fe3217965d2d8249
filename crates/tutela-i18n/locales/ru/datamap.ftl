# Словарь карты данных: законы, правовые основания, действия с персональными данными, сроки
# хранения, получатели, трансграничная передача и права субъекта персональных данных.

## Законы, которым подчиняется оператор: полное и краткое название.
jurisdiction-ru_152fz = Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»
jurisdiction-eu_gdpr = Общий регламент ЕС по защите данных 2016/679 (GDPR)
jurisdiction-uk_gdpr = UK GDPR и Закон Великобритании о защите данных 2018 года
jurisdiction-cn_pipl = Закон КНР о защите персональной информации (PIPL)
jurisdiction-in_dpdp = Закон Индии о защите цифровых персональных данных 2023 года (DPDP)
jurisdiction-us_ca_ccpa = Закон Калифорнии о защите конфиденциальности потребителей (CCPA с изменениями CPRA)
jurisdiction-short-ru_152fz = 152-ФЗ
jurisdiction-short-eu_gdpr = GDPR
jurisdiction-short-uk_gdpr = UK GDPR
jurisdiction-short-cn_pipl = PIPL
jurisdiction-short-in_dpdp = DPDP
jurisdiction-short-us_ca_ccpa = CCPA

## Правовые основания обработки.
legal-basis-consent = Согласие субъекта персональных данных
legal-basis-contract = Исполнение договора, стороной которого является субъект персональных данных
legal-basis-legal_obligation = Исполнение обязанностей, возложенных на оператора законодательством
legal-basis-vital_interest = Защита жизни, здоровья или иных жизненно важных интересов
legal-basis-public_task = Осуществление публичных функций и полномочий
legal-basis-legitimate_interest = Осуществление прав и законных интересов оператора или третьих лиц

## Тринадцать действий с персональными данными (ч. 3 ст. 3 152-ФЗ).
action-collect = Сбор
action-record = Запись
action-systematise = Систематизация
action-accumulate = Накопление
action-store = Хранение
action-update = Уточнение (обновление, изменение)
action-extract = Извлечение
action-use = Использование
action-transfer = Передача (предоставление, доступ)
action-depersonalise = Обезличивание
action-block = Блокирование
action-delete = Удаление
action-destroy = Уничтожение

## Сроки хранения с формами множественного числа.
duration-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
    [many] { $count } дней
   *[other] { $count } дня
}
duration-weeks = { $count ->
    [one] { $count } неделя
    [few] { $count } недели
    [many] { $count } недель
   *[other] { $count } недели
}
duration-months = { $count ->
    [one] { $count } месяц
    [few] { $count } месяца
    [many] { $count } месяцев
   *[other] { $count } месяца
}
duration-years = { $count ->
    [one] { $count } год
    [few] { $count } года
    [many] { $count } лет
   *[other] { $count } года
}

## Пределы хранения.
retention-until-purpose_reached = до достижения целей обработки
retention-until-consent_withdrawn = до отзыва согласия
retention-until-account_closed = до удаления учётной записи
retention-until-contract_ended = до прекращения договора
retention-from-collection = { $period } с момента сбора
retention-after-purpose_reached = { $period } после достижения целей обработки
retention-after-consent_withdrawn = { $period } после отзыва согласия
retention-after-account_closed = { $period } после удаления учётной записи
retention-after-contract_ended = { $period } после прекращения договора
retention-separator = { "; " }
retention-whichever-first = { $limits } — в зависимости от того, что наступит раньше

## Получатели.
recipient-kind-processor = Лицо, осуществляющее обработку по поручению оператора
recipient-kind-third_party = Третье лицо
recipient-kind-sdk = Сторонний SDK
recipient-kind-joint_controller = Совместный оператор

## Основания трансграничной передачи.
transfer-mechanism-adequacy_decision = Страна, обеспечивающая адекватную защиту прав субъектов персональных данных
transfer-mechanism-standard_contractual_clauses = Стандартные договорные условия
transfer-mechanism-binding_corporate_rules = Обязательные корпоративные правила
transfer-mechanism-code_or_certification = Утверждённый кодекс поведения или сертификация
transfer-mechanism-explicit_consent = Согласие субъекта персональных данных в письменной форме
transfer-mechanism-contract_necessity = Исполнение договора, стороной которого является субъект персональных данных
transfer-mechanism-cn_standard_contract = Типовой договор о трансграничной передаче персональной информации (CAC)
transfer-mechanism-cn_security_assessment = Оценка безопасности трансграничной передачи данных (CAC)
transfer-mechanism-cn_certification = Сертификация защиты персональной информации

## Права субъекта персональных данных.
right-access = Получать сведения об обработке своих персональных данных и доступ к ним
right-rectification = Требовать уточнения неполных или неточных персональных данных
right-erasure = Требовать уничтожения персональных данных
right-restriction = Требовать блокирования персональных данных
right-portability = Получать свои данные в переносимом формате или передавать их другой организации
right-objection = Возражать против обработки
right-withdrawal = Отозвать согласие на обработку персональных данных в любой момент
right-automated_decision = Возражать против решений, принятых исключительно на основании автоматизированной обработки
right-explanation = Получать разъяснения правил обработки
right-opt_out = Отказаться от продажи или передачи своей персональной информации
right-nomination = Назначить лицо для осуществления своих прав
right-complaint = Обжаловать действия оператора в уполномоченный орган по защите прав субъектов персональных данных или в суд

## Ссылки на нормы закона.
law-prefix = { $law }{ ": " }
provision-article = { $law }, ст. { $number }
provision-section = { $law }, разд. { $number }
