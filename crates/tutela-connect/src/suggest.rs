//! Data categories guessed from column names, for a draft data map: `email`, `e_mail`, `почта` and
//! `youxiang` all suggest `contact.email`.
//!
//! A name is split into lower-case words at `_`, `-`, spaces, dots and camelCase humps
//! (`shippingAddress` → `shipping`, `address`). A rule matches when one to three consecutive words,
//! written together, equal one of its keys (so `e_mail` matches `email` and `ip_addr` matches
//! `ipaddr`, but `zip` does not match `ip`). Keys in Chinese characters match anywhere in the name,
//! since Chinese names have no separators (`手机号码` holds `手机`). Rules are tried in order, most
//! specific first (`ip_address` is an IP address before it is an address), and the first that
//! matches wins.
//!
//! The keys cover English, Russian (Cyrillic and transliterated) and Chinese (characters and
//! pinyin) names. These are guesses, written into the draft with a `# suggested` comment: the
//! operator confirms them, which is the point of a draft.

/// What a column name suggests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The built-in data category.
    pub category: &'static str,
    /// Whether the column can identify the subject by itself (e-mail, phone, document numbers):
    /// a draft lists such columns under `identifies_subject_by`.
    pub identifies: bool,
}

/// One rule: any of `keys` suggests `category`.
struct Rule {
    category: &'static str,
    identifies: bool,
    keys: &'static [&'static str],
}

const fn rule(category: &'static str, keys: &'static [&'static str]) -> Rule {
    Rule { category, identifies: false, keys }
}

const fn identifying(category: &'static str, keys: &'static [&'static str]) -> Rule {
    Rule { category, identifies: true, keys }
}

/// The rules, most specific first.
const RULES: &[Rule] = &[
    // Special categories first, so that "health_address" is never taken for an address.
    rule(
        "special.biometric",
        &[
            "biometric",
            "fingerprint",
            "faceid",
            "facefeature",
            "voiceprint",
            "renlian",
            "zhiwen",
            "人脸",
            "指纹",
            "биометрия",
            "отпечаток",
        ],
    ),
    rule(
        "special.health",
        &["health", "diagnosis", "medical", "disability", "allergy", "jiankang", "健康", "病历", "здоровье", "диагноз"],
    ),
    rule("special.religious_or_philosophical_beliefs", &["religion", "faith", "zongjiao", "宗教", "религия"]),
    rule("special.racial_or_ethnic_origin", &["ethnicity", "race", "minzu", "民族", "национальность"]),
    rule(
        "account.credentials",
        &["password", "passwd", "pwd", "passwordhash", "secret", "mima", "密码", "пароль", "parol"],
    ),
    rule("online.ip_address", &["ip", "ipaddr", "ipaddress", "ipv4", "ipv6", "remoteaddr", "clientip", "ip地址"]),
    rule("device.mac_address", &["mac", "macaddr", "macaddress"]),
    identifying(
        "contact.email",
        &[
            "email",
            "mail",
            "emailaddress",
            "youxiang",
            "dianziyouxiang",
            "邮箱",
            "电子邮件",
            "почта",
            "pochta",
            "эл_почта",
            "емейл",
            "email_адрес",
        ],
    ),
    identifying(
        "contact.phone",
        &[
            "phone",
            "phonenumber",
            "tel",
            "telephone",
            "mobile",
            "cell",
            "cellphone",
            "msisdn",
            "dianhua",
            "shouji",
            "shoujihao",
            "电话",
            "手机",
            "телефон",
            "telefon",
            "тел",
            "мобильный",
        ],
    ),
    rule("device.imei", &["imei"]),
    rule("device.iccid", &["iccid", "sim", "simcard", "simnumber"]),
    rule("device.android_id", &["androidid"]),
    rule("device.advertising_id", &["idfa", "gaid", "adid", "advertisingid", "deviceid"]),
    identifying(
        "device.serial_number",
        &["sn", "serial", "serialno", "serialnumber", "xuliehao", "序列号", "серийный", "serijnyj", "серийныйномер"],
    ),
    identifying(
        "identity.taxpayer_number",
        &["inn", "tin", "taxid", "taxpayer", "taxpayerid", "vat", "pan", "nashuiren", "纳税人", "税号", "инн"],
    ),
    identifying(
        "identity.passport",
        &["passport", "passportno", "passportnumber", "huzhao", "护照", "паспорт", "pasport"],
    ),
    identifying(
        "identity.resident_id",
        &[
            "idcard",
            "idno",
            "residentid",
            "citizenid",
            "nationalid",
            "shenfenzheng",
            "sfz",
            "sfzh",
            "aadhaar",
            "身份证",
            "证件号",
        ],
    ),
    identifying("identity.social_insurance_number", &["snils", "ssn", "socialsecurity", "снилс"]),
    rule(
        "identity.date_of_birth",
        &[
            "birthday",
            "birthdate",
            "dob",
            "dateofbirth",
            "birth",
            "born",
            "shengri",
            "chushengriqi",
            "生日",
            "出生",
            "датарождения",
            "рождения",
        ],
    ),
    rule("identity.gender", &["gender", "sex", "xingbie", "性别", "пол"]),
    rule("identity.citizenship", &["citizenship", "nationality", "guoji", "国籍", "гражданство"]),
    rule("identity.signature", &["signature", "qianming", "签名", "签字", "подпись"]),
    rule(
        "location.precise",
        &[
            "lat",
            "latitude",
            "lon",
            "lng",
            "longitude",
            "gps",
            "geo",
            "geolocation",
            "coordinates",
            "coords",
            "jingdu",
            "weidu",
            "经度",
            "纬度",
            "定位",
            "широта",
            "долгота",
            "координаты",
        ],
    ),
    rule(
        "financial.payment_card",
        &["card", "cardno", "cardnumber", "ccnumber", "pan4", "last4", "yinhangka", "银行卡", "карта", "номеркарты"],
    ),
    rule(
        "financial.bank_account",
        &[
            "iban",
            "bic",
            "swift",
            "bankaccount",
            "bank",
            "accountnumber",
            "kaihuhang",
            "开户行",
            "账号",
            "счет",
            "счёт",
            "расчетныйсчет",
            "бик",
        ],
    ),
    rule(
        "location.delivery_address",
        &["deliveryaddress", "shippingaddress", "shipto", "shouhuodizhi", "收货地址", "адресдоставки"],
    ),
    rule(
        "contact.postal_address",
        &[
            "address",
            "addr",
            "street",
            "postcode",
            "zip",
            "zipcode",
            "postal",
            "postalcode",
            "dizhi",
            "youbian",
            "地址",
            "邮编",
            "адрес",
            "adres",
            "индекс",
        ],
    ),
    rule("location.time_zone", &["timezone", "tz", "shiqu", "时区", "часовойпояс"]),
    rule(
        "location.approximate",
        &[
            "city",
            "region",
            "province",
            "district",
            "country",
            "chengshi",
            "shengfen",
            "diqu",
            "城市",
            "省",
            "地区",
            "город",
            "регион",
            "gorod",
        ],
    ),
    rule(
        "account.username",
        &[
            "username",
            "login",
            "nickname",
            "nick",
            "handle",
            "screenname",
            "yonghuming",
            "nicheng",
            "用户名",
            "昵称",
            "логин",
            "ник",
        ],
    ),
    rule(
        "identity.name",
        &[
            "fullname",
            "firstname",
            "lastname",
            "surname",
            "givenname",
            "familyname",
            "middlename",
            "patronymic",
            "xingming",
            "姓名",
            "名字",
            "фио",
            "fio",
            "имя",
            "imya",
            "фамилия",
            "familiya",
            "отчество",
            "otchestvo",
            "contactname",
        ],
    ),
    rule(
        "media.images",
        &["avatar", "photo", "image", "picture", "portrait", "touxiang", "zhaopian", "头像", "照片", "фото", "аватар"],
    ),
    rule("online.cookie_id", &["cookie", "cookieid", "sessionid", "visitorid"]),
    rule("online.browser", &["useragent", "ua", "browser", "liulanqi", "浏览器", "браузер"]),
    rule(
        "device.model",
        &[
            "devicemodel",
            "phonemodel",
            "osversion",
            "firmware",
            "firmwareversion",
            "devicetype",
            "shebeixinghao",
            "设备型号",
            "модель",
        ],
    ),
    rule("preferences.language", &["language", "locale", "lang", "yuyan", "语言", "язык"]),
    rule("preferences.marketing", &["marketing", "marketingoptin", "newsletter", "optin", "subscribed", "рассылка"]),
    rule("communications.reviews", &["review", "comment", "rating", "pinglun", "评论", "评价", "отзыв"]),
    rule("communications.messages", &["message", "messages", "chat", "content", "body", "xiaoxi", "消息", "сообщение"]),
    rule("communications.call_records", &["recording", "callrecord", "calllog", "luyin", "录音", "通话", "звонок"]),
    rule("usage.search_queries", &["search", "searchquery", "query", "keyword", "sousuo", "搜索", "запрос"]),
    rule("usage.pages_visited", &["page", "url", "referrer", "referer"]),
    rule("commerce.orders", &["order", "orderid", "orderno", "dingdan", "订单", "заказ"]),
    rule("commerce.subscription", &["subscription", "plan", "tier", "dingyue", "订阅", "подписка"]),
    rule("financial.transactions", &["payment", "transaction", "paidat", "zhifu", "支付", "платеж", "платёж"]),
    rule("financial.income", &["salary", "income", "wage", "gongzi", "工资", "зарплата", "доход"]),
    rule(
        "account.identifier",
        &[
            "userid",
            "customerid",
            "clientid",
            "accountid",
            "memberid",
            "studentid",
            "subscriberid",
            "uid",
            "yonghuid",
            "用户id",
            "用户编号",
        ],
    ),
];

/// Words that make a table one of people, where a bare `name` or `id` is about the subject.
const PERSON_TABLE_WORDS: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "client",
    "clients",
    "member",
    "members",
    "person",
    "people",
    "persons",
    "contact",
    "contacts",
    "student",
    "students",
    "learner",
    "learners",
    "subscriber",
    "subscribers",
    "employee",
    "employees",
    "staff",
    "contractor",
    "contractors",
    "installer",
    "installers",
    "agent",
    "agents",
    "engineer",
    "engineers",
    "parent",
    "parents",
    "guardian",
    "guardians",
    "account",
    "accounts",
    "profile",
    "profiles",
    "lead",
    "leads",
    "recipient",
    "recipients",
    "consignee",
    "consignees",
    "yonghu",
    "kehu",
    "xuesheng",
    "用户",
    "客户",
    "学生",
    "клиенты",
    "пользователи",
    "студенты",
    "сотрудники",
];

/// The category a column name suggests, if any; `table` decides what a bare `name` or `id` means.
pub fn suggest(table: &str, column: &str) -> Option<Suggestion> {
    let words = words(column);
    for rule in RULES {
        if rule.keys.iter().any(|key| matches(key, column, &words)) {
            return Some(Suggestion { category: rule.category, identifies: rule.identifies });
        }
    }
    let person_table = words_of_table(table).iter().any(|word| PERSON_TABLE_WORDS.contains(&word.as_str()));
    match words.as_slice() {
        [only] if person_table && matches!(only.as_str(), "name" | "名称" | "имя") => {
            Some(Suggestion { category: "identity.name", identifies: false })
        }
        [only] if person_table && only == "id" => Some(Suggestion { category: "account.identifier", identifies: true }),
        _ => None,
    }
}

/// The words that say what a table's rows are: its last word (`guardian_consents` holds consents,
/// `user_profiles` profiles), and for a Chinese or Russian name written as one word, also that word
/// without its last character (`用户表` is a table of 用户).
fn words_of_table(table: &str) -> Vec<String> {
    let Some(last) = words(table).pop() else { return Vec::new() };
    let mut chars: Vec<char> = last.chars().collect();
    let mut found = vec![last];
    if chars.len() > 1 && !chars[0].is_ascii() {
        chars.pop();
        found.push(chars.into_iter().collect());
    }
    found
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

fn matches(key: &str, column: &str, words: &[String]) -> bool {
    if key.chars().any(is_cjk) {
        return column.contains(key);
    }
    let key = key.replace('_', "");
    (1..=3).any(|width| words.windows(width).any(|window| window.concat() == key))
}

/// The lower-case words of a name: split at non-alphanumerics and at camelCase humps.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut current);
        } else {
            if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
                flush(&mut words, &mut current);
            }
            current.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(table: &str, column: &str) -> Option<&'static str> {
        suggest(table, column).map(|s| s.category)
    }

    #[test]
    fn names_in_three_languages() {
        for column in ["email", "e_mail", "E-Mail", "contactEmail", "почта", "эл_почта", "youxiang", "邮箱"]
        {
            assert_eq!(category("t", column), Some("contact.email"), "{column}");
        }
        for column in ["phone", "tel", "mobile_no", "телефон", "shouji", "手机号码", "lianxi_dianhua"] {
            assert_eq!(category("t", column), Some("contact.phone"), "{column}");
        }
        assert_eq!(category("t", "inn"), Some("identity.taxpayer_number"));
        assert_eq!(category("t", "ИНН"), Some("identity.taxpayer_number"));
        assert_eq!(category("t", "passport_no"), Some("identity.passport"));
        assert_eq!(category("t", "shenfenzheng_hao"), Some("identity.resident_id"));
        assert_eq!(category("t", "身份证号"), Some("identity.resident_id"));
        assert_eq!(category("t", "imei"), Some("device.imei"));
        assert_eq!(category("t", "serial_number"), Some("device.serial_number"));
        assert_eq!(category("t", "inverter_sn"), Some("device.serial_number"));
        assert_eq!(category("t", "lat"), Some("location.precise"));
        assert_eq!(category("t", "jingdu"), Some("location.precise"));
    }

    #[test]
    fn specific_rules_win_and_words_are_whole() {
        assert_eq!(category("t", "ip_address"), Some("online.ip_address"));
        assert_eq!(category("t", "shippingAddress"), Some("location.delivery_address"));
        assert_eq!(category("t", "email_address"), Some("contact.email"));
        assert_eq!(category("t", "zip"), Some("contact.postal_address"));
        assert_eq!(category("t", "recipient_count"), None, "ip inside a word is not an IP");
        assert_eq!(category("t", "dinner"), None, "inn inside a word is not an INN");
        assert_eq!(category("t", "user_name"), Some("account.username"));
        assert_eq!(category("t", "password_hash"), Some("account.credentials"));
    }

    #[test]
    fn bare_name_and_id_need_a_table_of_people() {
        assert_eq!(category("customers", "name"), Some("identity.name"));
        assert_eq!(category("products", "name"), None);
        assert_eq!(category("customers", "id"), Some("account.identifier"));
        assert_eq!(category("products", "id"), None);
        assert_eq!(category("orders", "customer_id"), Some("account.identifier"));
        assert_eq!(category("guardian_consents", "id"), None, "a table of consents, not of guardians");
        assert_eq!(category("用户表", "id"), Some("account.identifier"));
    }

    #[test]
    fn every_suggestion_is_a_built_in_category() {
        for rule in RULES {
            assert!(tutela_datamap::taxonomy::data_category(rule.category).is_some(), "{}", rule.category);
        }
    }
}
