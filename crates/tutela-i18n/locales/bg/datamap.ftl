# Речник на картата на данните: закони, правни основания, действия по обработване, срокове на
# съхранение, получатели, предаване към трети държави и правата на субекта на данни.

## Законите, на които се подчинява администраторът: пълно и кратко наименование.
jurisdiction-ru_152fz = Федерален закон № 152-ФЗ „За личните данни“ на Руската федерация
jurisdiction-eu_gdpr = Общ регламент относно защитата на данните (ЕС) 2016/679 (ОРЗД)
jurisdiction-uk_gdpr = UK GDPR и Законът за защита на данните на Обединеното кралство от 2018 г.
jurisdiction-cn_pipl = Закон за защита на личната информация на Китайската народна република (PIPL)
jurisdiction-in_dpdp = Закон за защита на цифровите лични данни на Индия от 2023 г. (DPDP)
jurisdiction-us_ca_ccpa = Закон за защита на личните данни на потребителите на Калифорния (CCPA, изменен с CPRA)
jurisdiction-short-ru_152fz = 152-ФЗ
jurisdiction-short-eu_gdpr = ОРЗД
jurisdiction-short-uk_gdpr = UK GDPR
jurisdiction-short-cn_pipl = PIPL
jurisdiction-short-in_dpdp = DPDP
jurisdiction-short-us_ca_ccpa = CCPA

## Правни основания.
legal-basis-consent = Съгласие на субекта на данните
legal-basis-contract = Изпълнение на договор, по който субектът на данните е страна
legal-basis-legal_obligation = Спазване на законово задължение на администратора
legal-basis-vital_interest = Защита на жизненоважни интереси
legal-basis-public_task = Изпълнение на задача от обществен интерес или упражняване на официални правомощия
legal-basis-legitimate_interest = Легитимни интереси

## Тринадесетте действия по обработване (чл. 3, ал. 3 от 152-ФЗ).
action-collect = Събиране
action-record = Записване
action-systematise = Систематизиране
action-accumulate = Натрупване
action-store = Съхраняване
action-update = Актуализиране
action-extract = Извличане
action-use = Използване
action-transfer = Предаване
action-depersonalise = Обезличаване
action-block = Блокиране
action-delete = Изтриване
action-destroy = Унищожаване

## Срокове на съхранение с формите за множествено число.
duration-days = { $count ->
    [one] { $count } ден
   *[other] { $count } дни
}
duration-weeks = { $count ->
    [one] { $count } седмица
   *[other] { $count } седмици
}
duration-months = { $count ->
    [one] { $count } месец
   *[other] { $count } месеца
}
duration-years = { $count ->
    [one] { $count } година
   *[other] { $count } години
}

## Граници на съхранението.
retention-until-purpose_reached = до постигане на целта
retention-until-consent_withdrawn = до оттегляне на съгласието
retention-until-account_closed = до закриване на профила
retention-until-contract_ended = до прекратяване на договора
retention-from-collection = { $period } от събирането
retention-after-purpose_reached = { $period } след постигане на целта
retention-after-consent_withdrawn = { $period } след оттегляне на съгласието
retention-after-account_closed = { $period } след закриване на профила
retention-after-contract_ended = { $period } след прекратяване на договора
retention-separator = { "; " }
retention-whichever-first = { $limits } — което настъпи по-рано

## Получатели.
recipient-kind-processor = Обработващ лични данни
recipient-kind-third_party = Трета страна
recipient-kind-sdk = SDK на трета страна
recipient-kind-joint_controller = Съвместен администратор

## Механизми за предаване към трети държави.
transfer-mechanism-adequacy_decision = Решение относно адекватното ниво на защита
transfer-mechanism-standard_contractual_clauses = Стандартни договорни клаузи
transfer-mechanism-binding_corporate_rules = Задължителни фирмени правила
transfer-mechanism-code_or_certification = Одобрен кодекс за поведение или сертифициране
transfer-mechanism-explicit_consent = Изрично съгласие на субекта на данните
transfer-mechanism-contract_necessity = Необходимо за изпълнението на договор със субекта на данните
transfer-mechanism-cn_standard_contract = Стандартен договор за предаване на лична информация извън Китай (CAC)
transfer-mechanism-cn_security_assessment = Оценка на сигурността при изнасяне на данни от Китай (CAC)
transfer-mechanism-cn_certification = Сертифициране за защита на личната информация

## Права на субекта на данните.
right-access = Достъп до личните ви данни и информация за обработването им
right-rectification = Коригиране на неточни или непълни данни
right-erasure = Изтриване на данните („право да бъдеш забравен“)
right-restriction = Ограничаване на обработването
right-portability = Получаване на данните ви в преносим формат или прехвърлянето им на друга организация
right-objection = Възражение срещу обработването
right-withdrawal = Оттегляне на съгласието по всяко време
right-automated_decision = Отказ от решения, основани единствено на автоматизирано обработване
right-explanation = Разяснение на правилата за обработване
right-opt_out = Отказ от продажба или споделяне на личната ви информация
right-nomination = Определяне на лице, което да упражнява правата ви
right-complaint = Жалба до надзорния орган или до съда

## Позовавания на разпоредби.
law-prefix = { $law }{ ": " }
provision-article = { $law }, чл. { $number }
provision-section = { $law }, раздел { $number }
