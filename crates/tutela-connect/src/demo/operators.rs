//! The five demo operators' stores: their schemas (matching `demo/<slug>/datamap.yaml` table for
//! table, field for field) and their generated rows.
//!
//! Each operator has its own seed, so changing one operator's rows leaves the others' unchanged.
//! Tables are filled parents first; ids are 1-based and dense, so a child row picks a parent with
//! `1 + below(count)`.

use jiff::civil::date;

use super::fake::{EU, Fake};
use super::{Rows, StoreOut, Value};

macro_rules! row {
    ($($value:expr),* $(,)?) => { vec![$(Value::from($value)),*] };
}

/// The stores of the operator `slug`, or `None` for an unknown slug.
pub(crate) fn generate(slug: &str) -> Option<Vec<StoreOut>> {
    Some(match slug {
        "kursy" => kursy(&mut Fake::new(0x6b75_7273)),
        "lexue" => lexue(&mut Fake::new(0x6c65_7875)),
        "solarmax" => solarmax(&mut Fake::new(0x736f_6c61)),
        "tunewave" => tunewave(&mut Fake::new(0x7475_6e65)),
        "pumpcare" => pumpcare(&mut Fake::new(0x7075_6d70)),
        _ => return None,
    })
}

/// A 1-based id among `count` rows.
fn any(fake: &mut Fake, count: usize) -> i64 {
    1 + fake.below(count as u64) as i64
}

// ---------------------------------------------------------------------------------------------------
// Kursy (seed 004): St Petersburg course operator under 152-FZ

const KURSY_SCHEMA: &str = "
CREATE TABLE students (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, phone TEXT,
  social_profile TEXT, residence TEXT, password_hash TEXT NOT NULL, avatar TEXT, marketing_opt_in INTEGER NOT NULL,
  registered_at TEXT);
CREATE TABLE courses (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price_rub INTEGER NOT NULL);
CREATE TABLE enrolments (id INTEGER PRIMARY KEY, student_id INTEGER NOT NULL REFERENCES students(id),
  course_id INTEGER NOT NULL REFERENCES courses(id), enrolled_at TEXT NOT NULL, progress_percent INTEGER NOT NULL,
  grade INTEGER);
CREATE TABLE payments (id INTEGER PRIMARY KEY, enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),
  amount_rub INTEGER NOT NULL, paid_at TEXT NOT NULL, receipt_number TEXT NOT NULL);
CREATE TABLE consents (id INTEGER PRIMARY KEY, student_id INTEGER NOT NULL REFERENCES students(id),
  purpose TEXT NOT NULL, method TEXT NOT NULL, given_at TEXT NOT NULL, withdrawn_at TEXT, ip_address TEXT);
CREATE TABLE site_visits (cookie_id TEXT NOT NULL, student_id INTEGER REFERENCES students(id), ip_address TEXT,
  user_agent TEXT, device_id TEXT, city TEXT, page TEXT NOT NULL, ad_campaign TEXT, visited_at TEXT NOT NULL);
CREATE TABLE contractors (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT,
  address TEXT, inn TEXT NOT NULL, passport TEXT, bank_details TEXT, contract_number TEXT NOT NULL);
CREATE TABLE enquiries (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, message TEXT NOT NULL,
  received_at TEXT NOT NULL);
";

const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];

fn kursy(fake: &mut Fake) -> Vec<StoreOut> {
    let start = date(2024, 9, 1);
    let streets = ["ул. Садовая", "Невский пр.", "ул. Марата", "Лиговский пр.", "ул. Рубинштейна", "Московский пр."];
    let mut students = Rows::new(
        "students",
        &[
            "id",
            "full_name",
            "email",
            "phone",
            "social_profile",
            "residence",
            "password_hash",
            "avatar",
            "marketing_opt_in",
            "registered_at",
        ],
    );
    let mut subscribers = Rows::new("subscribers", &["email", "name", "phone", "student_id"]);
    let student_count = 60;
    for id in 1..=student_count {
        let (name, latin, _) = fake.ru_person();
        let email = fake.email(&format!("{latin}.{id}"), &["mail.example", "yandex.example", "inbox.example"]);
        let phone = fake.ru_mobile();
        let opt_in = fake.chance(40);
        let residence = format!("Санкт-Петербург, {}, д. {}", fake.pick(&streets), 1 + fake.below(150));
        let social = fake.chance(50).then(|| format!("https://vk.example/id{}", fake.digits(9)));
        let avatar = fake.chance(60).then(|| format!("avatars/{}.jpg", fake.hex(16)));
        students.push(row![
            id,
            name.as_str(),
            email.as_str(),
            phone.as_str(),
            social,
            residence,
            fake.password_hash(),
            avatar,
            opt_in,
            fake.datetime(start, 300)
        ]);
        if opt_in {
            subscribers.push(row![email, name, phone, id]);
        }
    }
    let titles = [
        ("Python для начинающих", 19_900),
        ("Основы SQL", 14_900),
        ("Английский для IT", 24_900),
        ("Веб-дизайн", 29_900),
        ("Аналитика данных", 39_900),
        ("Бухгалтерия для ИП", 12_900),
    ];
    let mut courses = Rows::new("courses", &["id", "title", "price_rub"]);
    for (id, (title, price)) in (1..).zip(titles) {
        courses.push(row![id as i64, title, price as i64]);
    }
    let mut enrolments =
        Rows::new("enrolments", &["id", "student_id", "course_id", "enrolled_at", "progress_percent", "grade"]);
    let mut payments = Rows::new("payments", &["id", "enrolment_id", "amount_rub", "paid_at", "receipt_number"]);
    for id in 1..=90i64 {
        let course = any(fake, titles.len());
        let progress = fake.between(0, 100);
        let enrolled = fake.datetime(start, 330);
        let grade = (progress == 100).then(|| fake.between(3, 5));
        enrolments.push(row![id, any(fake, student_count as usize), course, enrolled, progress, grade]);
        payments.push(row![
            id,
            id,
            titles[(course - 1) as usize].1 as i64,
            enrolled,
            format!("ЧЕК-{}", fake.digits(8))
        ]);
    }
    let mut consents =
        Rows::new("consents", &["id", "student_id", "purpose", "method", "given_at", "withdrawn_at", "ip_address"]);
    for id in 1..=80i64 {
        let purpose = fake.pick(&["site_registration", "newsletter", "site_analytics"]);
        let method = fake.pick(&["button:Записаться", "form:feedback", "scan:signed_consent", "cookie_banner"]);
        let withdrawn = fake.chance(15).then(|| fake.datetime(date(2025, 6, 1), 90));
        consents.push(row![
            id,
            any(fake, student_count as usize),
            purpose,
            method,
            fake.datetime(start, 300),
            withdrawn,
            fake.ipv4()
        ]);
    }
    let mut visits = Rows::new(
        "site_visits",
        &[
            "cookie_id",
            "student_id",
            "ip_address",
            "user_agent",
            "device_id",
            "city",
            "page",
            "ad_campaign",
            "visited_at",
        ],
    );
    for _ in 0..150 {
        let student = fake.chance(50).then(|| any(fake, student_count as usize));
        let city = fake.pick(&["Санкт-Петербург", "Москва", "Петрозаводск", "Великий Новгород", "Псков"]);
        let page = fake.pick(&["/", "/courses", "/courses/python", "/courses/sql", "/about", "/privacy", "/contacts"]);
        let campaign = fake.chance(30).then(|| fake.pick(&["vk_autumn", "search_sql", "newsletter_may"]));
        let device = fake.chance(40).then(|| format!("{}-{}-{}", fake.hex(8), fake.hex(4), fake.hex(12)));
        visits.push(row![
            fake.hex(32),
            student,
            fake.ipv4(),
            fake.pick(USER_AGENTS),
            device,
            city,
            page,
            campaign,
            fake.datetime(start, 330)
        ]);
    }
    let mut contractors = Rows::new(
        "contractors",
        &["id", "full_name", "email", "phone", "address", "inn", "passport", "bank_details", "contract_number"],
    );
    for id in 1..=20i64 {
        let (name, latin, _) = fake.ru_person();
        let account = format!("40817810{}{}", fake.digits(1), fake.digits(11));
        let bank = format!("р/с {account}, БИК 0440{}, АО «Вымышленный банк»", fake.digits(5));
        contractors.push(row![
            id,
            name,
            fake.email(&latin, &["mail.example", "gmail.example"]),
            fake.ru_mobile(),
            format!("Санкт-Петербург, {}, д. {}", fake.pick(&streets), 1 + fake.below(90)),
            fake.ru_inn(),
            fake.ru_passport(),
            bank,
            format!("ДГ-2025/{id:03}")
        ]);
    }
    let mut enquiries = Rows::new("enquiries", &["id", "name", "email", "phone", "message", "received_at"]);
    let questions = [
        "Есть ли рассрочка на курс?",
        "Когда стартует следующий поток?",
        "Можно ли оплатить по счёту?",
        "Выдаёте ли вы сертификат?",
        "Хочу предложить сотрудничество как преподаватель.",
    ];
    for id in 1..=30i64 {
        let (name, latin, _) = fake.ru_person();
        let first = name.split(' ').nth(1).unwrap_or("").to_owned();
        enquiries.push(row![
            id,
            first,
            fake.email(&latin, &["mail.example", "yandex.example"]),
            fake.ru_mobile(),
            fake.pick(&questions),
            fake.datetime(start, 330)
        ]);
    }
    vec![
        StoreOut::Sqlite {
            file: "kursy.sqlite3",
            schema: KURSY_SCHEMA,
            tables: vec![students, courses, enrolments, payments, consents, visits, contractors, enquiries],
        },
        StoreOut::Csv { folder: "exports", tables: vec![subscribers] },
    ]
}

// ---------------------------------------------------------------------------------------------------
// LeXue (seed 000): Tianjin ed-tech platform under PIPL

const LEXUE_SCHEMA: &str = "
CREATE TABLE users (id INTEGER PRIMARY KEY, phone TEXT NOT NULL UNIQUE, email TEXT, username TEXT NOT NULL,
  password_hash TEXT NOT NULL, nickname TEXT, avatar_url TEXT, gender TEXT, region TEXT, real_name TEXT,
  resident_id TEXT, passport_no TEXT, registered_at TEXT, closed_at TEXT);
CREATE TABLE learners (id INTEGER PRIMARY KEY, guardian_user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT, date_of_birth TEXT, grade TEXT);
CREATE TABLE guardian_consents (id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL REFERENCES learners(id),
  guardian_user_id INTEGER NOT NULL REFERENCES users(id), purpose TEXT NOT NULL, method TEXT NOT NULL,
  given_at TEXT NOT NULL, withdrawn_at TEXT);
CREATE TABLE courses (id INTEGER PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, price_cny INTEGER NOT NULL);
CREATE TABLE addresses (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), consignee TEXT,
  consignee_gender TEXT, phone TEXT, province TEXT, city TEXT, street TEXT,
  door_number TEXT, label TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  learner_id INTEGER REFERENCES learners(id), course_id INTEGER NOT NULL REFERENCES courses(id),
  address_id INTEGER REFERENCES addresses(id), amount_cny INTEGER NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), channel TEXT NOT NULL,
  channel_txn_id TEXT NOT NULL, amount_cny INTEGER NOT NULL, paid_at TEXT NOT NULL);
CREATE TABLE learning_progress (learner_id INTEGER NOT NULL REFERENCES learners(id),
  course_id INTEGER NOT NULL REFERENCES courses(id), progress_percent INTEGER NOT NULL, last_studied_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, course_id));
CREATE TABLE reviews (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  course_id INTEGER NOT NULL REFERENCES courses(id), anonymous INTEGER NOT NULL, content TEXT NOT NULL, photo_url TEXT,
  created_at TEXT);
CREATE TABLE service_calls (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), caller_phone TEXT NOT NULL,
  started_at TEXT NOT NULL, recording_url TEXT, summary TEXT);
";

/// Tianjin districts' area codes (for resident ids) and names.
const TIANJIN_AREAS: &[(&str, &str)] =
    &[("120101", "和平区"), ("120103", "河西区"), ("120104", "南开区"), ("120116", "滨海新区"), ("120111", "西青区")];

fn lexue(fake: &mut Fake) -> Vec<StoreOut> {
    let start = date(2024, 3, 1);
    let mut users = Rows::new(
        "users",
        &[
            "id",
            "phone",
            "email",
            "username",
            "password_hash",
            "nickname",
            "avatar_url",
            "gender",
            "region",
            "real_name",
            "resident_id",
            "passport_no",
            "registered_at",
            "closed_at",
        ],
    );
    let user_count = 80usize;
    let mut phones = Vec::with_capacity(user_count);
    let mut names = Vec::with_capacity(user_count);
    for id in 1..=user_count as i64 {
        let (name, pinyin) = fake.cn_name();
        let male = fake.chance(50);
        let phone = fake.cn_mobile();
        let (area, district) = fake.pick(TIANJIN_AREAS);
        // 四.1.1: identity documents only for features that need them.
        let verified = fake.chance(35);
        let birth = fake.date(date(1975, 1, 1), 25 * 365);
        let resident_id = verified.then(|| fake.cn_resident_id(area, birth, male));
        let passport = (verified && fake.chance(20)).then(|| format!("E{}", fake.digits(8)));
        let email = fake.chance(60).then(|| fake.email(&pinyin, &["qq.example", "163.example", "lexue-mail.example"]));
        let closed = fake.chance(5).then(|| fake.datetime(date(2025, 6, 1), 120));
        users.push(row![
            id,
            phone.as_str(),
            email,
            format!("{pinyin}_{}", fake.digits(3)),
            fake.password_hash(),
            fake.pick(&["学习达人", "小明", "向日葵", "追梦人", "考研加油"]),
            fake.chance(50).then(|| format!("https://cdn.lexue.example/avatar/{}.png", fake.hex(12))),
            if male { "男" } else { "女" },
            format!("天津市{district}"),
            verified.then(|| name.clone()),
            resident_id,
            passport,
            fake.datetime(start, 400),
            closed
        ]);
        phones.push(phone);
        names.push((name, male));
    }
    let mut learners = Rows::new("learners", &["id", "guardian_user_id", "name", "date_of_birth", "grade"]);
    let mut consents = Rows::new(
        "guardian_consents",
        &["id", "learner_id", "guardian_user_id", "purpose", "method", "given_at", "withdrawn_at"],
    );
    let grades = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三"];
    let learner_count = 40usize;
    let mut guardians = Vec::with_capacity(learner_count);
    for id in 1..=learner_count as i64 {
        let guardian = any(fake, user_count);
        let surname: String = names[(guardian - 1) as usize].0.chars().take(1).collect();
        let (child, _) = fake.cn_name();
        let given: String = child.chars().skip(1).collect();
        let birth = fake.date(date(2010, 9, 1), 8 * 365);
        learners.push(row![id, guardian, format!("{surname}{given}"), birth, fake.pick(&grades)]);
        consents.push(row![
            id,
            id,
            guardian,
            "minors_learning",
            fake.pick(&["app:勾选同意", "app:短信验证码", "web:勾选同意"]),
            fake.datetime(start, 400),
            fake.chance(10).then(|| fake.datetime(date(2025, 7, 1), 60))
        ]);
        guardians.push(guardian);
    }
    let mut courses = Rows::new("courses", &["id", "title", "kind", "price_cny"]);
    let catalogue = [
        ("初中数学同步精讲", "录播课", 399),
        ("小学英语自然拼读", "直播课", 699),
        ("考研政治冲刺", "直播课", 1280),
        ("教师资格证题库", "题库", 99),
        ("高中物理课程答疑", "课程答疑", 199),
        ("Python 少儿编程", "录播课", 899),
    ];
    for (id, (title, kind, price)) in (1i64..).zip(catalogue) {
        courses.push(row![id, title, kind, price as i64]);
    }
    let mut addresses = Rows::new(
        "addresses",
        &[
            "id",
            "user_id",
            "consignee",
            "consignee_gender",
            "phone",
            "province",
            "city",
            "street",
            "door_number",
            "label",
        ],
    );
    let streets = ["南京路", "卫津路", "红旗路", "黄河道", "第三大街", "友谊路"];
    let address_count = 50usize;
    let mut address_owner = Vec::with_capacity(address_count);
    for id in 1..=address_count as i64 {
        let user = any(fake, user_count);
        let (name, male) = names[(user - 1) as usize].clone();
        let (_, district) = fake.pick(TIANJIN_AREAS);
        addresses.push(row![
            id,
            user,
            name,
            if male { "先生" } else { "女士" },
            phones[(user - 1) as usize].as_str(),
            "天津市",
            district,
            format!("{}{}号", fake.pick(&streets), 1 + fake.below(300)),
            format!("{}号楼{}单元{}室", 1 + fake.below(20), 1 + fake.below(6), 100 + fake.below(1800)),
            fake.pick(&["家", "公司", "学校"])
        ]);
        address_owner.push(user);
    }
    let mut orders = Rows::new(
        "orders",
        &["id", "user_id", "learner_id", "course_id", "address_id", "amount_cny", "status", "created_at"],
    );
    let mut payments = Rows::new("payments", &["id", "order_id", "channel", "channel_txn_id", "amount_cny", "paid_at"]);
    let mut payment_id = 0i64;
    for id in 1..=120i64 {
        let course = any(fake, catalogue.len());
        // 四.1.2.5: some orders are bought for a learner, by that learner's guardian.
        let (user, learner) = if fake.chance(40) {
            let learner = any(fake, learner_count);
            (guardians[(learner - 1) as usize], Some(learner))
        } else {
            (any(fake, user_count), None)
        };
        let address = address_owner.iter().position(|owner| *owner == user).filter(|_| fake.chance(70));
        let price = catalogue[(course - 1) as usize].2 as i64;
        let status = fake.pick(&["已支付", "已支付", "已支付", "待支付", "已退款"]);
        let created = fake.datetime(start, 420);
        orders.push(row![id, user, learner, course, address.map(|index| index as i64 + 1), price, status, created]);
        if status != "待支付" {
            payment_id += 1;
            let channel = fake.pick(&["wechat_pay", "alipay", "unionpay", "jd_pay"]);
            payments.push(row![payment_id, id, channel, format!("4200{}", fake.digits(24)), price, created]);
        }
    }
    let mut progress =
        Rows::new("learning_progress", &["learner_id", "course_id", "progress_percent", "last_studied_at"]);
    for learner in 1..=learner_count as i64 {
        let first = any(fake, catalogue.len());
        for course in [first, first % catalogue.len() as i64 + 1].into_iter().take(1 + fake.below(2) as usize) {
            progress.push(row![learner, course, fake.between(0, 100), fake.datetime(date(2025, 1, 1), 200)]);
        }
    }
    let mut reviews =
        Rows::new("reviews", &["id", "user_id", "course_id", "anonymous", "content", "photo_url", "created_at"]);
    let comments = [
        "老师讲得很清楚，孩子很喜欢。",
        "题库更新及时，推荐！",
        "直播有点卡，希望改进。",
        "教材寄得很快。",
        "答疑很耐心。",
    ];
    for id in 1..=45i64 {
        reviews.push(row![
            id,
            any(fake, user_count),
            any(fake, catalogue.len()),
            fake.chance(30),
            fake.pick(&comments),
            fake.chance(25).then(|| format!("https://cdn.lexue.example/review/{}.jpg", fake.hex(12))),
            fake.datetime(start, 420)
        ]);
    }
    let mut calls =
        Rows::new("service_calls", &["id", "user_id", "caller_phone", "started_at", "recording_url", "summary"]);
    let summaries = ["咨询课程退款", "修改收货地址", "账号注销申请", "发票开具", "直播无法进入"];
    for id in 1..=35i64 {
        let user = fake.chance(80).then(|| any(fake, user_count));
        let phone = user.map_or_else(|| fake.cn_mobile(), |user| phones[(user - 1) as usize].clone());
        calls.push(row![
            id,
            user,
            phone,
            fake.datetime(start, 420),
            format!("recordings/{}.mp3", fake.hex(16)),
            fake.pick(&summaries)
        ]);
    }
    let mut events = Rows::new(
        "app_events",
        &[
            "at",
            "user_id",
            "cookie_id",
            "ip",
            "browser",
            "carrier",
            "language",
            "device_model",
            "os_version",
            "lat",
            "lon",
            "page",
            "search_query",
        ],
    );
    for _ in 0..160 {
        let user = fake.chance(60).then(|| any(fake, user_count));
        let located = fake.chance(30);
        events.push(row![
            fake.datetime(date(2025, 5, 1), 120),
            user,
            fake.hex(32),
            fake.ipv4(),
            fake.pick(&["WeChat/8.0", "Chrome/126", "Safari/17", "QQBrowser/13"]),
            fake.pick(&["中国移动", "中国联通", "中国电信"]),
            fake.pick(&["zh-CN", "zh-CN", "en-US"]),
            fake.pick(&["HUAWEI P60", "Xiaomi 14", "iPhone 15", "OPPO Reno11", "vivo X100"]),
            fake.pick(&["Android 14", "HarmonyOS 4.0", "iOS 17.5"]),
            located.then(|| 39.08 + fake.between(0, 300) as f64 / 1000.0),
            located.then(|| 117.10 + fake.between(0, 600) as f64 / 1000.0),
            fake.pick(&["/home", "/course/1", "/course/3", "/order/confirm", "/my/orders"]),
            fake.chance(25).then(|| fake.pick(&["初中数学", "英语 自然拼读", "考研政治", "教资题库"]))
        ]);
    }
    let mut crashes = Rows::new(
        "crash_reports",
        &["at", "android_id", "device_model", "os_version", "country_code", "iccid", "app_version", "stack"],
    );
    for _ in 0..40 {
        crashes.push(row![
            fake.datetime(date(2025, 5, 1), 120),
            fake.hex(16),
            fake.pick(&["HUAWEI P60", "Xiaomi 14", "OPPO Reno11", "vivo X100"]),
            fake.pick(&["Android 13", "Android 14", "HarmonyOS 4.0"]),
            "CN",
            fake.iccid("86"),
            fake.pick(&["5.2.0", "5.2.1", "5.3.0"]),
            fake.pick(&[
                "java.lang.NullPointerException at com.lexue.player.VideoView.onResume",
                "java.lang.OutOfMemoryError at com.lexue.image.Loader.decode",
                "android.os.DeadObjectException at com.lexue.push.Receiver.onMessage"
            ])
        ]);
    }
    vec![
        StoreOut::Sqlite {
            file: "lexue.sqlite3",
            schema: LEXUE_SCHEMA,
            tables: vec![users, learners, consents, courses, addresses, orders, payments, progress, reviews, calls],
        },
        StoreOut::Jsonl { folder: "logs", tables: vec![events, crashes] },
    ]
}

// ---------------------------------------------------------------------------------------------------
// Solarmax (seed 001): EU solar-inverter cloud with agents, installers and end users

const SOLARMAX_SCHEMA: &str = "
CREATE TABLE agents (id INTEGER PRIMARY KEY, company_name TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,
  phone TEXT, country TEXT, address TEXT, account TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  last_ip TEXT);
CREATE TABLE installers (id INTEGER PRIMARY KEY, agent_id INTEGER NOT NULL REFERENCES agents(id),
  company_name TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT, country TEXT, address TEXT,
  account TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, last_ip TEXT);
CREATE TABLE end_users (id INTEGER PRIMARY KEY, installer_id INTEGER REFERENCES installers(id), name TEXT NOT NULL,
  email TEXT NOT NULL, phone TEXT, address TEXT, postcode TEXT, country TEXT, language TEXT,
  account TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, last_ip TEXT, marketing_opt_in INTEGER NOT NULL,
  created_at TEXT);
CREATE TABLE plants (id INTEGER PRIMARY KEY, end_user_id INTEGER NOT NULL REFERENCES end_users(id), name TEXT NOT NULL,
  latitude REAL, longitude REAL, time_zone TEXT NOT NULL, currency TEXT NOT NULL, tariff REAL,
  system_size_kw REAL NOT NULL, deployed_at TEXT NOT NULL);
CREATE TABLE devices (id INTEGER PRIMARY KEY, plant_id INTEGER NOT NULL REFERENCES plants(id),
  inverter_sn TEXT NOT NULL UNIQUE, network_module_sn TEXT, battery_sn TEXT, model TEXT NOT NULL,
  firmware_version TEXT NOT NULL, sim_iccid TEXT, extended_warranty_code TEXT, promo_code TEXT, pv_model TEXT);
CREATE TABLE energy_readings (device_id INTEGER NOT NULL REFERENCES devices(id), day TEXT NOT NULL,
  generated_kwh REAL NOT NULL, consumed_kwh REAL NOT NULL, PRIMARY KEY (device_id, day));
CREATE TABLE sim_top_ups (id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL REFERENCES devices(id),
  buyer_account TEXT NOT NULL, order_number TEXT NOT NULL, order_title TEXT NOT NULL, amount_eur REAL NOT NULL,
  payment_method TEXT NOT NULL, traded_at TEXT NOT NULL);
CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, end_user_id INTEGER REFERENCES end_users(id), name TEXT,
  email TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL, answered_at TEXT);
";

fn solarmax(fake: &mut Fake) -> Vec<StoreOut> {
    let start = date(2023, 4, 1);
    let suffixes = ["Solar GmbH", "Energy EOOD", "Zon B.V.", "Energia S.r.l."];
    let mut agents = Rows::new(
        "agents",
        &["id", "company_name", "name", "email", "phone", "country", "address", "account", "password_hash", "last_ip"],
    );
    for (id, country) in (1i64..).zip(EU) {
        let (name, local, phone) = fake.eu_person(country);
        let (address, ..) = fake.eu_address(country);
        let company = format!("{} {}", name.split(' ').next_back().unwrap_or("Sun"), suffixes[(id - 1) as usize % 4]);
        agents.push(row![
            id,
            company,
            name,
            fake.email(&local, &["agent-mail.example"]),
            phone,
            country.code,
            address,
            format!("agent_{}_{id}", country.code.to_lowercase()),
            fake.password_hash(),
            fake.ipv4()
        ]);
    }
    let agent_count = EU.len();
    let mut installers = Rows::new(
        "installers",
        &[
            "id",
            "agent_id",
            "company_name",
            "name",
            "email",
            "phone",
            "country",
            "address",
            "account",
            "password_hash",
            "last_ip",
        ],
    );
    let installer_count = 16usize;
    let mut installer_country = Vec::with_capacity(installer_count);
    for id in 1..=installer_count as i64 {
        let agent = any(fake, agent_count);
        let country = &EU[(agent - 1) as usize];
        let (name, local, phone) = fake.eu_person(country);
        let (address, ..) = fake.eu_address(country);
        installers.push(row![
            id,
            agent,
            format!("{} Installations", name.split(' ').next_back().unwrap_or("PV")),
            name,
            fake.email(&local, &["installer.example"]),
            phone,
            country.code,
            address,
            format!("inst_{id:03}"),
            fake.password_hash(),
            fake.ipv4()
        ]);
        installer_country.push(agent - 1);
    }
    let mut end_users = Rows::new(
        "end_users",
        &[
            "id",
            "installer_id",
            "name",
            "email",
            "phone",
            "address",
            "postcode",
            "country",
            "language",
            "account",
            "password_hash",
            "last_ip",
            "marketing_opt_in",
            "created_at",
        ],
    );
    let mut plants = Rows::new(
        "plants",
        &[
            "id",
            "end_user_id",
            "name",
            "latitude",
            "longitude",
            "time_zone",
            "currency",
            "tariff",
            "system_size_kw",
            "deployed_at",
        ],
    );
    let mut contacts =
        Rows::new("contacts", &["email", "name", "company", "title", "phone", "country", "source", "opted_in_at"]);
    let user_count = 70usize;
    for id in 1..=user_count as i64 {
        let installer = fake.chance(85).then(|| any(fake, installer_count));
        let country = &EU[installer
            .map_or_else(|| fake.below(EU.len() as u64) as usize, |i| installer_country[(i - 1) as usize] as usize)];
        let (name, local, phone) = fake.eu_person(country);
        let (address, postcode, city, lat, lon) = fake.eu_address(country);
        let email = fake.email(&local, &["mail.example", "post.example", "web.example"]);
        let opt_in = fake.chance(35);
        let language = match country.code {
            "DE" => "de",
            "BG" => "bg",
            "NL" => "nl",
            _ => "it",
        };
        let created = fake.datetime(start, 700);
        end_users.push(row![
            id,
            installer,
            name.as_str(),
            email.as_str(),
            phone.as_str(),
            address,
            postcode,
            country.code,
            language,
            format!("{local}{}", fake.digits(2)),
            fake.password_hash(),
            fake.ipv4(),
            opt_in,
            created
        ]);
        let (zone, currency) = match country.code {
            "BG" => ("Europe/Sofia", "BGN"),
            "NL" => ("Europe/Amsterdam", "EUR"),
            "IT" => ("Europe/Rome", "EUR"),
            _ => ("Europe/Berlin", "EUR"),
        };
        plants.push(row![
            id,
            id,
            format!("{city} {}", fake.pick(&["home", "roof", "barn", "garage"])),
            (lat * 10_000.0).round() / 10_000.0,
            (lon * 10_000.0).round() / 10_000.0,
            zone,
            currency,
            fake.between(8, 35) as f64 / 100.0,
            fake.between(30, 150) as f64 / 10.0,
            fake.date(start, 700)
        ]);
        if opt_in {
            contacts.push(row![
                email,
                name,
                None::<String>,
                None::<String>,
                phone,
                country.code,
                "cloud_signup",
                created
            ]);
        }
    }
    for _ in 0..15 {
        let country = &EU[fake.below(EU.len() as u64) as usize];
        let (name, local, phone) = fake.eu_person(country);
        contacts.push(row![
            fake.email(&local, &["company.example"]),
            name,
            format!("{} Elektro", fake.pick(&["Nord", "Süd", "Alpha", "Sol"])),
            fake.pick(&["Purchasing manager", "Electrician", "Project engineer"]),
            phone,
            country.code,
            fake.pick(&["intersolar_2025", "webinar", "website"]),
            fake.datetime(start, 700)
        ]);
    }
    let mut devices = Rows::new(
        "devices",
        &[
            "id",
            "plant_id",
            "inverter_sn",
            "network_module_sn",
            "battery_sn",
            "model",
            "firmware_version",
            "sim_iccid",
            "extended_warranty_code",
            "promo_code",
            "pv_model",
        ],
    );
    let mut readings = Rows::new("energy_readings", &["device_id", "day", "generated_kwh", "consumed_kwh"]);
    let mut top_ups = Rows::new(
        "sim_top_ups",
        &[
            "id",
            "device_id",
            "buyer_account",
            "order_number",
            "order_title",
            "amount_eur",
            "payment_method",
            "traded_at",
        ],
    );
    let mut events = Rows::new("device_events", &["at", "inverter_sn", "device_type", "event", "protocol", "ip"]);
    let device_count = 90usize;
    let mut top_up_id = 0i64;
    for id in 1..=device_count as i64 {
        let plant = if id <= user_count as i64 { id } else { any(fake, user_count) };
        let model = fake.pick(&["SMX-X1-5.0", "SMX-X3-10.0", "SMX-X3-15.0", "SMX-H1-6.0"]);
        let serial = format!("SMX{}{}", &model[4..6], fake.digits(10));
        let gprs = fake.chance(30);
        let sim = gprs.then(|| fake.iccid("49"));
        devices.push(row![
            id,
            plant,
            serial.as_str(),
            format!("SW{}", fake.digits(10)),
            fake.chance(40).then(|| format!("BT{}", fake.digits(10))),
            model,
            fake.pick(&["ARM 1.32", "ARM 1.35", "DSP 2.07"]),
            sim,
            fake.chance(20).then(|| format!("EW-{}", fake.hex(8).to_uppercase())),
            fake.chance(10).then(|| format!("PROMO{}", fake.digits(4))),
            fake.pick(&["Mono 410W", "Mono 430W", "Bifacial 445W"])
        ]);
        for offset in 0..2 {
            let day = date(2025, 6, 1).checked_add(jiff::Span::new().days(offset)).unwrap_or(date(2025, 6, 1));
            readings.push(row![id, day, fake.between(50, 900) as f64 / 10.0, fake.between(40, 400) as f64 / 10.0]);
        }
        if gprs {
            top_up_id += 1;
            top_ups.push(row![
                top_up_id,
                id,
                format!("user{plant:03}"),
                format!("TU{}", fake.digits(10)),
                "GPRS data plan 12 months",
                19.9,
                fake.pick(&["card", "paypal", "sepa"]),
                fake.datetime(date(2025, 2, 1), 120)
            ]);
        }
        for _ in 0..fake.between(0, 2) {
            events.push(row![
                fake.datetime(date(2025, 5, 1), 60),
                serial.as_str(),
                "inverter",
                fake.pick(&["error:grid_lost", "crash", "restart", "update:ARM 1.35"]),
                fake.pick(&["modbus-tcp", "mqtt"]),
                fake.ipv4()
            ]);
        }
    }
    let mut tickets =
        Rows::new("support_tickets", &["id", "end_user_id", "name", "email", "message", "created_at", "answered_at"]);
    let messages = [
        "The inverter shows error code grid lost every morning.",
        "Please delete my account and the link to my plant.",
        "How do I bind the extended warranty code?",
        "My installer has closed; who services my system now?",
        "The app shows no production since the firmware update.",
    ];
    for id in 1..=25i64 {
        let user = any(fake, user_count);
        let country = &EU[fake.below(EU.len() as u64) as usize];
        let (name, local, _) = fake.eu_person(country);
        let created = fake.datetime(date(2025, 3, 1), 100);
        let answered = fake.chance(80).then(|| fake.datetime(date(2025, 6, 10), 10));
        tickets.push(row![
            id,
            fake.chance(80).then_some(user),
            name,
            fake.email(&local, &["mail.example"]),
            fake.pick(&messages),
            created,
            answered
        ]);
    }
    vec![
        StoreOut::Sqlite {
            file: "solarcloud.sqlite3",
            schema: SOLARMAX_SCHEMA,
            tables: vec![agents, installers, end_users, plants, devices, readings, top_ups, tickets],
        },
        StoreOut::Jsonl { folder: "device-logs", tables: vec![events] },
        StoreOut::Csv { folder: "marketing", tables: vec![contacts] },
    ]
}

// ---------------------------------------------------------------------------------------------------
// TuneWave (seed 002): music-streaming subscriptions in India

const TUNEWAVE_SCHEMA: &str = "
CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, phone TEXT, display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL, date_of_birth TEXT, gender TEXT, city TEXT, language TEXT,
  marketing_opt_in INTEGER NOT NULL, advertising_id TEXT, created_at TEXT, closed_at TEXT);
CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id),
  plan TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, renews_at TEXT, paused_until TEXT,
  cancelled_at TEXT);
CREATE TABLE payments (id INTEGER PRIMARY KEY, subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
  method TEXT NOT NULL, upi_id TEXT, card_network TEXT, card_last4 TEXT, amount_inr INTEGER NOT NULL,
  gst_invoice_no TEXT NOT NULL, paid_at TEXT NOT NULL);
CREATE TABLE tracks (id INTEGER PRIMARY KEY, title TEXT NOT NULL, artist TEXT NOT NULL, duration_s INTEGER NOT NULL);
CREATE TABLE playlists (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id), name TEXT NOT NULL,
  is_public INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE playlist_tracks (playlist_id INTEGER NOT NULL REFERENCES playlists(id),
  track_id INTEGER NOT NULL REFERENCES tracks(id), added_at TEXT NOT NULL, PRIMARY KEY (playlist_id, track_id));
CREATE TABLE listening_history (account_id INTEGER NOT NULL REFERENCES accounts(id),
  track_id INTEGER NOT NULL REFERENCES tracks(id), played_at TEXT NOT NULL, device_type TEXT, ip_address TEXT);
CREATE TABLE follows (follower_id INTEGER NOT NULL REFERENCES accounts(id),
  followee_id INTEGER NOT NULL REFERENCES accounts(id), since TEXT NOT NULL, PRIMARY KEY (follower_id, followee_id));
CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id), channel TEXT NOT NULL,
  contact_email TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL);
";

fn tunewave(fake: &mut Fake) -> Vec<StoreOut> {
    let start = date(2023, 1, 1);
    let mut accounts = Rows::new(
        "accounts",
        &[
            "id",
            "email",
            "phone",
            "display_name",
            "password_hash",
            "date_of_birth",
            "gender",
            "city",
            "language",
            "marketing_opt_in",
            "advertising_id",
            "created_at",
            "closed_at",
        ],
    );
    let account_count = 90usize;
    let mut emails = Vec::with_capacity(account_count);
    for id in 1..=account_count as i64 {
        let (name, local) = fake.in_person();
        let email = fake.email(&format!("{local}{id}"), &["gmail.example", "yahoo.example", "rediff.example"]);
        accounts.push(row![
            id,
            email.as_str(),
            fake.chance(70).then(|| fake.in_mobile()),
            name,
            fake.password_hash(),
            fake.chance(60).then(|| fake.date(date(1975, 1, 1), 30 * 365)),
            fake.chance(60).then(|| fake.pick(&["female", "male", "non_binary"])),
            fake.chance(70).then(|| fake.pick(&["Bengaluru", "Mumbai", "Pune", "Chennai", "Delhi", "Hyderabad"])),
            fake.pick(&["en", "hi", "hi", "ta", "kn"]),
            fake.chance(45),
            fake.chance(50).then(|| format!(
                "{}-{}-4{}-a{}-{}",
                fake.hex(8),
                fake.hex(4),
                fake.hex(3),
                fake.hex(3),
                fake.hex(12)
            )),
            fake.datetime(start, 800),
            fake.chance(4).then(|| fake.datetime(date(2025, 5, 1), 60))
        ]);
        emails.push(email);
    }
    let mut subscriptions = Rows::new(
        "subscriptions",
        &["id", "account_id", "plan", "status", "started_at", "renews_at", "paused_until", "cancelled_at"],
    );
    let mut payments = Rows::new(
        "payments",
        &[
            "id",
            "subscription_id",
            "method",
            "upi_id",
            "card_network",
            "card_last4",
            "amount_inr",
            "gst_invoice_no",
            "paid_at",
        ],
    );
    let mut survey = Rows::new(
        "cancellation_survey",
        &["account_id", "subscription_id", "reason", "comment", "chose_pause", "answered_at"],
    );
    let mut payment_id = 0i64;
    for id in 1..=account_count as i64 {
        let plan = fake.pick(&["free", "individual", "individual", "duo", "family", "student"]);
        let started = fake.datetime(start, 700);
        // "Steps": cancelling drops the paid plan to the free tier; a pause is offered instead.
        let status =
            if plan == "free" { "active" } else { fake.pick(&["active", "active", "active", "cancelled", "paused"]) };
        let paused = (status == "paused").then(|| fake.date(date(2025, 7, 1), 90));
        let cancelled = (status == "cancelled").then(|| fake.datetime(date(2025, 3, 1), 100));
        let renews = (status == "active" && plan != "free").then(|| fake.date(date(2025, 7, 1), 30));
        subscriptions.push(row![id, id, plan, status, started, renews, paused, cancelled]);
        if plan != "free" {
            let price: i64 = match plan {
                "student" => 59,
                "duo" => 149,
                "family" => 179,
                _ => 119,
            };
            for _ in 0..fake.between(1, 3) {
                payment_id += 1;
                let upi = fake.chance(60);
                let local = emails[(id - 1) as usize].split('@').next().unwrap_or("user").replace('.', "");
                payments.push(row![
                    payment_id,
                    id,
                    if upi { "upi" } else { "card" },
                    upi.then(|| format!("{local}@{}", fake.pick(&["okaxis", "ybl", "oksbi", "paytm"]))),
                    (!upi).then(|| fake.pick(&["visa", "mastercard", "rupay"])),
                    (!upi).then(|| fake.digits(4)),
                    price,
                    format!("TW/25-26/{}", fake.digits(6)),
                    fake.datetime(date(2025, 1, 1), 150)
                ]);
            }
        }
        if status == "cancelled" || (status == "paused" && fake.chance(50)) {
            let reason = fake.pick(&[
                "too_expensive",
                "limited_genres",
                "ads_annoying",
                "privacy_concerns",
                "switching_service",
                "other",
            ]);
            survey.push(row![
                id,
                id,
                reason,
                fake.chance(40).then(|| fake.pick(&[
                    "Will come back after exams",
                    "Prefer another app",
                    "Need a cheaper plan"
                ])),
                status == "paused",
                fake.datetime(date(2025, 3, 1), 120)
            ]);
        }
    }
    let mut tracks = Rows::new("tracks", &["id", "title", "artist", "duration_s"]);
    let titles = [
        "Monsoon Letters",
        "Neon Chai",
        "Bangalore Nights",
        "Sitar Skyline",
        "Coastal Drive",
        "Dilli Dusk",
        "Raag Remix",
        "Morning Local",
        "Paper Boats",
        "Hill Station",
    ];
    for (id, title) in (1i64..).zip(titles) {
        tracks.push(row![
            id,
            title,
            fake.pick(&["The Fictional Five", "Asha & the Echoes", "DJ Demo", "Raga Lab"]),
            fake.between(150, 330)
        ]);
    }
    let mut playlists = Rows::new("playlists", &["id", "account_id", "name", "is_public", "created_at"]);
    let mut playlist_tracks = Rows::new("playlist_tracks", &["playlist_id", "track_id", "added_at"]);
    for id in 1..=60i64 {
        playlists.push(row![
            id,
            any(fake, account_count),
            fake.pick(&["Workout", "Road trip", "Focus", "Chill", "Party"]),
            fake.chance(40),
            fake.datetime(start, 800)
        ]);
        let first = any(fake, titles.len());
        for offset in 0..fake.between(1, 4) {
            let track = (first - 1 + offset) % titles.len() as i64 + 1;
            playlist_tracks.push(row![id, track, fake.datetime(date(2025, 1, 1), 150)]);
        }
    }
    let mut history =
        Rows::new("listening_history", &["account_id", "track_id", "played_at", "device_type", "ip_address"]);
    for _ in 0..200 {
        history.push(row![
            any(fake, account_count),
            any(fake, titles.len()),
            fake.datetime(date(2025, 4, 1), 90),
            fake.pick(&["android", "ios", "web", "smart_speaker"]),
            fake.ipv4()
        ]);
    }
    let mut follows = Rows::new("follows", &["follower_id", "followee_id", "since"]);
    let mut pairs = std::collections::BTreeSet::new();
    while pairs.len() < 70 {
        let (a, b) = (any(fake, account_count), any(fake, account_count));
        if a != b && pairs.insert((a, b)) {
            follows.push(row![a, b, fake.datetime(start, 800)]);
        }
    }
    let mut tickets =
        Rows::new("support_tickets", &["id", "account_id", "channel", "contact_email", "message", "created_at"]);
    let messages = [
        "I cancelled but was charged again.",
        "How do I pause my subscription for a month?",
        "Please close my account and delete my data.",
        "My playlists disappeared after I cancelled Premium.",
        "Where can I download my GST invoice?",
    ];
    for id in 1..=30i64 {
        let account = any(fake, account_count);
        tickets.push(row![
            id,
            account,
            fake.pick(&["web_form", "social", "app"]),
            emails[(account - 1) as usize].as_str(),
            fake.pick(&messages),
            fake.datetime(date(2025, 1, 1), 150)
        ]);
    }
    vec![
        StoreOut::Sqlite {
            file: "tunewave.sqlite3",
            schema: TUNEWAVE_SCHEMA,
            tables: vec![
                accounts,
                subscriptions,
                payments,
                tracks,
                playlists,
                playlist_tracks,
                history,
                follows,
                tickets,
            ],
        },
        StoreOut::Csv { folder: "exports", tables: vec![survey] },
    ]
}

// ---------------------------------------------------------------------------------------------------
// PumpCare (seed 003): a Guangzhou pump maker's after-sales service

const PUMPCARE_SCHEMA: &str = "
CREATE TABLE customers (id INTEGER PRIMARY KEY, company_name TEXT NOT NULL, uscc TEXT NOT NULL UNIQUE,
  contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL, contact_email TEXT, service_region TEXT NOT NULL,
  site_address TEXT);
CREATE TABLE devices (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  serial_number TEXT NOT NULL UNIQUE, model TEXT NOT NULL, installed_at TEXT NOT NULL, accepted_at TEXT,
  warranty_until TEXT NOT NULL);
CREATE TABLE engineers (id INTEGER PRIMARY KEY, employee_no TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  phone TEXT, resident_id TEXT, base_city TEXT);
CREATE TABLE service_tickets (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  device_id INTEGER NOT NULL REFERENCES devices(id), reported_via TEXT NOT NULL, reporter_name TEXT,
  reporter_phone TEXT NOT NULL, fault TEXT NOT NULL, safety_emergency INTEGER NOT NULL, reported_at TEXT NOT NULL,
  due_on_site_at TEXT NOT NULL, engineer_id INTEGER REFERENCES engineers(id), arrived_at TEXT, arrival_lat REAL,
  arrival_lon REAL, resolved_at TEXT);
CREATE TABLE service_reports (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES service_tickets(id),
  work_done TEXT NOT NULL, parts_used TEXT, paid_repair INTEGER NOT NULL, confirmed_by TEXT NOT NULL,
  signature_image TEXT, confirmed_at TEXT NOT NULL, entered_by_clerk TEXT NOT NULL);
CREATE TABLE callbacks (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES service_tickets(id),
  called_phone TEXT NOT NULL, called_at TEXT NOT NULL, satisfaction INTEGER, comment TEXT);
CREATE TABLE returns (id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL REFERENCES devices(id), reason TEXT NOT NULL,
  invoice_number TEXT NOT NULL, complete_packaging INTEGER NOT NULL, warranty_card INTEGER NOT NULL,
  requested_at TEXT NOT NULL, decision TEXT);
";

/// A city: name, area code (for credit codes), latitude, longitude.
type City = (&'static str, &'static str, f64, f64);

/// Customer regions and the on-site commitment in hours (letter 1 § 1), with sample cities.
const REGIONS: &[(&str, i64, &[City])] = &[
    (
        "pearl_river_delta",
        8,
        &[
            ("广州市", "440106", 23.13, 113.26),
            ("深圳市", "440305", 22.54, 114.06),
            ("佛山市", "440604", 23.02, 113.12),
        ],
    ),
    (
        "guangdong",
        24,
        &[
            ("韶关市", "440203", 24.81, 113.60),
            ("湛江市", "440802", 21.27, 110.36),
            ("梅州市", "441402", 24.29, 116.12),
        ],
    ),
    (
        "other_province",
        48,
        &[
            ("长沙市", "430102", 28.23, 112.94),
            ("南宁市", "450102", 22.82, 108.37),
            ("福州市", "350102", 26.07, 119.30),
        ],
    ),
];

fn pumpcare(fake: &mut Fake) -> Vec<StoreOut> {
    let start = date(2022, 1, 1);
    let mut customers = Rows::new(
        "customers",
        &[
            "id",
            "company_name",
            "uscc",
            "contact_name",
            "contact_phone",
            "contact_email",
            "service_region",
            "site_address",
        ],
    );
    let customer_count = 40usize;
    let mut customer_region = Vec::with_capacity(customer_count);
    let mut contact_phones = Vec::with_capacity(customer_count);
    for id in 1..=customer_count as i64 {
        let region = fake.below(REGIONS.len() as u64) as usize;
        let (city, area, ..) = fake.pick(REGIONS[region].2);
        let (name, pinyin) = fake.cn_name();
        let phone = fake.cn_mobile();
        let company = format!(
            "{}{}{}",
            city.trim_end_matches('市'),
            fake.pick(&["宏达", "恒泰", "永兴", "华源", "东方"]),
            fake.pick(&["水务有限公司", "物业管理有限公司", "制衣厂", "食品有限公司", "酒店"])
        );
        customers.push(row![
            id,
            company,
            fake.cn_credit_code(area),
            name,
            phone.as_str(),
            fake.chance(70).then(|| fake.email(&pinyin, &["163.example", "qq.example", "corp.example"])),
            REGIONS[region].0,
            format!("{city}{}路{}号", fake.pick(&["工业", "环城", "建设", "滨江"]), 1 + fake.below(400))
        ]);
        customer_region.push(region);
        contact_phones.push(phone);
    }
    let mut devices = Rows::new(
        "devices",
        &["id", "customer_id", "serial_number", "model", "installed_at", "accepted_at", "warranty_until"],
    );
    let device_count = 70usize;
    let mut device_customer = Vec::with_capacity(device_count);
    for id in 1..=device_count as i64 {
        let customer = if id <= customer_count as i64 { id } else { any(fake, customer_count) };
        let installed = fake.date(start, 1000);
        let accepted = installed.checked_add(jiff::Span::new().days(fake.between(3, 30))).unwrap_or(installed);
        let warranty = accepted.checked_add(jiff::Span::new().years(1)).unwrap_or(accepted);
        devices.push(row![
            id,
            customer,
            format!("QB{}{}", installed.year(), fake.digits(6)),
            fake.pick(&["ISG80-160", "ISW100-200", "QW50-20-7.5", "XBD-L 10/20"]),
            installed,
            fake.chance(85).then_some(accepted),
            warranty
        ]);
        device_customer.push(customer);
    }
    let mut engineers = Rows::new("engineers", &["id", "employee_no", "name", "phone", "resident_id", "base_city"]);
    let engineer_count = 12usize;
    for id in 1..=engineer_count as i64 {
        let (name, _) = fake.cn_name();
        let region = (id as usize - 1) % REGIONS.len();
        let (city, area, ..) = REGIONS[region].2[0];
        let birth = fake.date(date(1975, 1, 1), 25 * 365);
        let male = fake.chance(80);
        engineers.push(row![
            id,
            format!("PC{:04}", 100 + id),
            name,
            fake.cn_mobile(),
            fake.cn_resident_id(area, birth, male),
            city
        ]);
    }
    let mut tickets = Rows::new(
        "service_tickets",
        &[
            "id",
            "customer_id",
            "device_id",
            "reported_via",
            "reporter_name",
            "reporter_phone",
            "fault",
            "safety_emergency",
            "reported_at",
            "due_on_site_at",
            "engineer_id",
            "arrived_at",
            "arrival_lat",
            "arrival_lon",
            "resolved_at",
        ],
    );
    let mut reports = Rows::new(
        "service_reports",
        &[
            "id",
            "ticket_id",
            "work_done",
            "parts_used",
            "paid_repair",
            "confirmed_by",
            "signature_image",
            "confirmed_at",
            "entered_by_clerk",
        ],
    );
    let mut callbacks =
        Rows::new("callbacks", &["id", "ticket_id", "called_phone", "called_at", "satisfaction", "comment"]);
    let mut calls = Rows::new(
        "calls",
        &["call_id", "caller_number", "started_at", "duration_s", "clerk", "recording_file", "ticket_id"],
    );
    let faults = ["水泵异响，振动大", "电机过热跳闸", "机械密封漏水", "扬程不足", "控制柜报警无法启动"];
    let (mut report_id, mut callback_id) = (0i64, 0i64);
    for id in 1..=80i64 {
        let device = any(fake, device_count);
        let customer = device_customer[(device - 1) as usize];
        let region = customer_region[(customer - 1) as usize];
        let (_, hours, cities) = REGIONS[region];
        let emergency = fake.chance(8);
        let reported = fake.datetime(date(2024, 6, 1), 360);
        let due_hours = if emergency { 2 } else { hours };
        let due = reported.checked_add(jiff::Span::new().hours(due_hours)).unwrap_or(reported);
        let via = fake.pick(&["phone", "phone", "hotline", "fax", "letter"]);
        let reporter_phone =
            if fake.chance(70) { contact_phones[(customer - 1) as usize].clone() } else { fake.cn_mobile() };
        let (reporter, _) = fake.cn_name();
        let handled = fake.chance(90);
        let engineer = handled.then(|| 1 + ((region as i64) + 3 * fake.below(4) as i64) % engineer_count as i64);
        let arrived = handled
            .then(|| reported.checked_add(jiff::Span::new().hours(fake.between(1, due_hours + 4))).unwrap_or(reported));
        let (_, _, lat, lon) = fake.pick(cities);
        let resolved = arrived.map(|at| at.checked_add(jiff::Span::new().hours(fake.between(1, 20))).unwrap_or(at));
        tickets.push(row![
            id,
            customer,
            device,
            via,
            reporter.as_str(),
            reporter_phone.as_str(),
            fake.pick(&faults),
            emergency,
            reported,
            due,
            engineer,
            arrived,
            handled.then(|| lat + fake.between(-200, 200) as f64 / 10_000.0),
            handled.then(|| lon + fake.between(-200, 200) as f64 / 10_000.0),
            resolved
        ]);
        if let Some(resolved) = resolved {
            report_id += 1;
            reports.push(row![
                report_id,
                id,
                fake.pick(&["更换机械密封", "更换轴承并校正联轴器", "清理叶轮", "更换接触器", "调试变频参数"]),
                fake.chance(60).then(|| fake.pick(&["机械密封 1套", "轴承 6308 2个", "接触器 1个"])),
                fake.chance(20),
                reporter.as_str(),
                format!("signatures/{}.png", fake.hex(16)),
                resolved,
                fake.pick(&["客服专员 周敏", "客服专员 林芳"])
            ]);
            callback_id += 1;
            let called = resolved.checked_add(jiff::Span::new().days(fake.between(1, 7))).unwrap_or(resolved);
            callbacks.push(row![
                callback_id,
                id,
                reporter_phone.as_str(),
                called,
                fake.chance(90).then(|| fake.between(3, 5)),
                fake.chance(30).then(|| fake.pick(&["工程师很专业", "到场及时", "希望多备配件"]))
            ]);
        }
        if via == "hotline" || via == "phone" {
            calls.push(row![
                format!("C{}", fake.digits(10)),
                reporter_phone,
                reported,
                fake.between(40, 900),
                fake.pick(&["clerk-07", "clerk-12", "clerk-15"]),
                format!("hotline/{}.wav", fake.hex(16)),
                id
            ]);
        }
    }
    for _ in 0..20 {
        calls.push(row![
            format!("C{}", fake.digits(10)),
            fake.cn_mobile(),
            fake.datetime(date(2024, 6, 1), 360),
            fake.between(20, 300),
            fake.pick(&["clerk-07", "clerk-12"]),
            format!("hotline/{}.wav", fake.hex(16)),
            None::<i64>
        ]);
    }
    let mut returns = Rows::new(
        "returns",
        &[
            "id",
            "device_id",
            "reason",
            "invoice_number",
            "complete_packaging",
            "warranty_card",
            "requested_at",
            "decision",
        ],
    );
    for id in 1..=20i64 {
        returns.push(row![
            id,
            any(fake, device_count),
            fake.pick(&["同一故障多次维修仍未解决", "型号与合同不符", "运输损坏"]),
            fake.digits(8),
            fake.chance(80),
            fake.chance(85),
            fake.datetime(date(2024, 6, 1), 360),
            fake.chance(70).then(|| fake.pick(&["换新", "退货", "维修", "不予退换：超出保修期"]))
        ]);
    }
    vec![
        StoreOut::Sqlite {
            file: "pumpcare.sqlite3",
            schema: PUMPCARE_SCHEMA,
            tables: vec![customers, devices, engineers, tickets, reports, callbacks, returns],
        },
        StoreOut::Jsonl { folder: "hotline", tables: vec![calls] },
    ]
}
