//! The prose: filler sentences, sentences with non-personal numbers, templates that carry a value
//! after a label, and the labels themselves, in English, Chinese, Russian, Bulgarian and Hindi.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
    Ru,
    Bg,
    Hi,
}

pub const LANGS: [Lang; 5] = [Lang::En, Lang::Zh, Lang::Ru, Lang::Bg, Lang::Hi];

pub fn fillers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "Our support team reviewed the request and replied within the agreed period.",
            "The operator keeps customer records in several systems across two data centres.",
            "Please make sure that every change is reflected in the register.",
            "Access to the archive is limited to staff who need it for their work.",
            "The quarterly review found no open issues with the retention schedule.",
            "She asked us to correct the spelling of her surname in all documents.",
            "We will delete the old backups once the migration is complete.",
            "The contract describes how long personal data may be stored.",
        ],
        Lang::Zh => &[
            "客服团队已审核该请求，并在约定期限内作出答复。",
            "运营方在多个系统中保存客户记录。",
            "请确保所有变更都已登记在册。",
            "只有因工作需要的员工才能访问档案。",
            "季度审查未发现保存期限方面的问题。",
            "她要求我们在所有文件中更正她的姓氏拼写。",
            "迁移完成后，我们将删除旧的备份。",
            "合同规定了个人数据可以保存多长时间。",
        ],
        Lang::Ru => &[
            "Служба поддержки рассмотрела обращение и ответила в установленный срок.",
            "Оператор хранит сведения о клиентах в нескольких информационных системах.",
            "Пожалуйста, убедитесь, что все изменения внесены в реестр.",
            "Доступ к архиву имеют только сотрудники, которым он нужен для работы.",
            "Проверка не выявила нарушений сроков хранения документов.",
            "Клиентка попросила исправить написание фамилии во всех документах.",
            "Старые резервные копии будут удалены после завершения переноса.",
            "В договоре указано, как долго могут храниться персональные данные.",
        ],
        Lang::Bg => &[
            "Екипът по поддръжка разгледа искането и отговори в срок.",
            "Администраторът съхранява данни за клиентите в няколко системи.",
            "Моля, уверете се, че всяка промяна е отразена в регистъра.",
            "Достъп до архива имат само служители, които се нуждаят от него.",
            "Тримесечната проверка не откри проблеми със сроковете за съхранение.",
            "Тя поиска да коригираме изписването на фамилията ѝ във всички документи.",
            "Ще изтрием старите резервни копия след приключване на миграцията.",
            "Договорът описва колко дълго могат да се съхраняват личните данни.",
        ],
        Lang::Hi => &[
            "सहायता टीम ने अनुरोध की समीक्षा की और तय समय में उत्तर दिया।",
            "संचालक कई प्रणालियों में ग्राहकों के रिकॉर्ड रखता है।",
            "कृपया सुनिश्चित करें कि हर बदलाव रजिस्टर में दर्ज हो।",
            "संग्रह तक पहुँच केवल उन्हीं कर्मचारियों को है जिन्हें इसकी आवश्यकता है।",
            "तिमाही समीक्षा में भंडारण अवधि से जुड़ी कोई समस्या नहीं मिली।",
            "उन्होंने सभी दस्तावेज़ों में अपने उपनाम की वर्तनी ठीक करने को कहा।",
            "स्थानांतरण पूरा होने के बाद हम पुराने बैकअप हटा देंगे।",
            "अनुबंध बताता है कि व्यक्तिगत डेटा कितने समय तक रखा जा सकता है।",
        ],
    }
}

/// Sentences with numbers that are not personal data; `{date}`, `{dmy}`, `{time}`, `{amount}`,
/// `{short}`, `{n}`, `{pct}`, `{year}`, `{ver}` are filled in.
pub fn noise(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "The meeting moved to {date} at {time}.",
            "Invoice INV-{year}-{short} totals ${amount}.",
            "Order #{short} shipped with {n} items.",
            "Version {ver} fixed {n} bugs reported in {year}.",
            "Growth was {pct}% in {year}, up from {n}% a year earlier.",
        ],
        Lang::Zh => &[
            "会议改到{year}年{n}月{n}日{time}。",
            "订单{short}共{n}件，金额¥{amount}。",
            "版本{ver}于{date}发布。",
            "增长率为{pct}%。",
        ],
        Lang::Ru => &[
            "Встреча перенесена на {dmy} в {time}.",
            "Сумма счёта № {short} составляет {amount} руб.",
            "Заказ № {short} отправлен, в нём {n} позиций.",
            "Рост в {year} году составил {pct}%.",
        ],
        Lang::Bg => &[
            "Срещата е на {dmy} в {time} ч.",
            "Фактура № {short} е за {amount} лв.",
            "Версия {ver} поправи {n} грешки.",
            "Ръстът през {year} г. е {pct}%.",
        ],
        Lang::Hi => &[
            "बैठक {date} को {time} बजे है।",
            "ऑर्डर {short} में {n} वस्तुएँ हैं, कुल ₹{amount}।",
            "संस्करण {ver} में {n} सुधार हैं।",
            "{year} में वृद्धि {pct}% रही।",
        ],
    }
}

/// Templates with a label `{L}` and a value `{V}`.
pub fn templates(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "The customer's {L} is {V}.",
            "Please update the record: {L} {V}, received yesterday.",
            "We have {V} on file as the {L}.",
            "Contact details, {L}: {V}.",
        ],
        Lang::Zh => &["客户的{L}是{V}。", "请核对{L}：{V}，谢谢。", "系统中登记的{L}为{V}。"],
        Lang::Ru => &[
            "Клиент указал {L} {V} в анкете.",
            "Проверьте, пожалуйста, {L}: {V}.",
            "В договоре записан {L} {V}, он подтверждён.",
        ],
        Lang::Bg => {
            &["Клиентът посочи {L} {V} във формуляра.", "Моля, проверете {L}: {V}.", "В договора е записан {L} {V}."]
        }
        Lang::Hi => &["ग्राहक का {L} {V} है।", "कृपया {L} {V} की जाँच करें।", "रिकॉर्ड में {L}: {V} दर्ज है।"],
    }
}

/// A word that stands where a label would, but names no kind.
pub fn generic_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "number",
        Lang::Zh => "号码",
        Lang::Ru => "номер",
        Lang::Bg => "номер",
        Lang::Hi => "संख्या",
    }
}

/// The label printed before a value of `kind` in `lang`.
pub fn label(kind: &str, lang: Lang) -> &'static str {
    use Lang::*;
    match (kind, lang) {
        ("email", En) => "email",
        ("email", Zh) => "邮箱",
        ("email", Ru) => "электронная почта",
        ("email", Bg) => "имейл",
        ("email", Hi) => "ईमेल",
        ("phone", En) => "phone number",
        ("phone", Zh) => "手机号码",
        ("phone", Ru) => "телефон",
        ("phone", Bg) => "телефон",
        ("phone", Hi) => "फ़ोन नंबर",
        ("ipv4" | "ipv6", En) => "IP address",
        ("ipv4" | "ipv6", Zh) => "IP地址",
        ("ipv4" | "ipv6", Ru) => "IP-адрес",
        ("ipv4" | "ipv6", Bg) => "IP адрес",
        ("ipv4" | "ipv6", Hi) => "आईपी पता",
        ("credit_card", En) => "card number",
        ("credit_card", Zh) => "银行卡号",
        ("credit_card", Ru) => "номер карты",
        ("credit_card", Bg) => "номер на карта",
        ("credit_card", Hi) => "कार्ड नंबर",
        ("iban", Zh) => "IBAN账号",
        ("iban", _) => "IBAN",
        ("cn_resident_id", En) => "Chinese resident ID",
        ("cn_resident_id", Zh) => "身份证号码",
        ("cn_resident_id", Ru) => "номер китайского удостоверения",
        ("cn_resident_id", Bg) => "китайска лична карта",
        ("cn_resident_id", Hi) => "चीनी पहचान पत्र",
        ("ru_inn", Ru) => "ИНН",
        ("ru_inn", Bg) => "руски ИНН",
        ("ru_inn", Zh) => "俄罗斯税号ИНН",
        ("ru_inn", _) => "INN",
        ("ru_snils", Ru | Bg) => "СНИЛС",
        ("ru_snils", _) => "SNILS",
        ("ru_ogrn", Ru | Bg) => "ОГРН",
        ("ru_ogrn", _) => "OGRN",
        ("ru_passport", En) => "Russian passport",
        ("ru_passport", Zh) => "俄罗斯护照",
        ("ru_passport", Ru) => "паспорт серия и номер",
        ("ru_passport", Bg) => "руски паспорт",
        ("ru_passport", Hi) => "रूसी पासपोर्ट",
        ("bg_egn", Ru | Bg) => "ЕГН",
        ("bg_egn", _) => "EGN",
        ("in_aadhaar", Hi) => "आधार संख्या",
        ("in_aadhaar", Zh) => "Aadhaar号码",
        ("in_aadhaar", _) => "Aadhaar",
        ("in_pan", Hi) => "पैन",
        ("in_pan", _) => "PAN",
        ("imei", _) => "IMEI",
        ("iccid", En) => "SIM card ICCID",
        ("iccid", Zh) => "SIM卡号",
        ("iccid", Ru) => "номер SIM-карты",
        ("iccid", _) => "ICCID",
        ("geo_coordinates", En) => "coordinates",
        ("geo_coordinates", Zh) => "坐标",
        ("geo_coordinates", Ru) => "координаты",
        ("geo_coordinates", Bg) => "координати",
        ("geo_coordinates", Hi) => "निर्देशांक",
        _ => "number",
    }
}
