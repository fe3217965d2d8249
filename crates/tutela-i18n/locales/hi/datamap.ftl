# डेटा मानचित्र की शब्दावली: कानून, कानूनी आधार, प्रसंस्करण क्रियाएँ, प्रतिधारण, प्राप्तकर्ता,
# अंतरण और डेटा प्रधान के अधिकार।

## वे कानून जिनके अधीन डेटा न्यासी है: पूरा नाम और संक्षिप्त नाम।
jurisdiction-ru_152fz = रूसी संघीय कानून संख्या 152-FZ "व्यक्तिगत डेटा पर"
jurisdiction-eu_gdpr = यूरोपीय संघ का सामान्य डेटा संरक्षण विनियमन 2016/679 (GDPR)
jurisdiction-uk_gdpr = UK GDPR और यूनाइटेड किंगडम का डेटा संरक्षण अधिनियम 2018
jurisdiction-cn_pipl = चीन जनवादी गणराज्य का व्यक्तिगत सूचना संरक्षण कानून (PIPL)
jurisdiction-in_dpdp = डिजिटल व्यक्तिगत डेटा संरक्षण अधिनियम, 2023
jurisdiction-us_ca_ccpa = कैलिफ़ोर्निया उपभोक्ता गोपनीयता अधिनियम (CCPA, CPRA द्वारा संशोधित)
jurisdiction-short-ru_152fz = 152-FZ
jurisdiction-short-eu_gdpr = GDPR
jurisdiction-short-uk_gdpr = UK GDPR
jurisdiction-short-cn_pipl = PIPL
jurisdiction-short-in_dpdp = DPDP अधिनियम
jurisdiction-short-us_ca_ccpa = CCPA

## कानूनी आधार।
legal-basis-consent = डेटा प्रधान की सहमति
legal-basis-contract = डेटा प्रधान के साथ अनुबंध का निष्पादन
legal-basis-legal_obligation = कानूनी दायित्व का पालन
legal-basis-vital_interest = महत्वपूर्ण हितों की रक्षा
legal-basis-public_task = सार्वजनिक कार्य या आधिकारिक प्राधिकार का प्रयोग
legal-basis-legitimate_interest = वैध हित

## 152-FZ के अनुच्छेद 3(3) की तेरह प्रसंस्करण क्रियाएँ।
action-collect = संग्रहण
action-record = अभिलेखन
action-systematise = व्यवस्थितकरण
action-accumulate = संचयन
action-store = भंडारण
action-update = अद्यतन
action-extract = निष्कर्षण
action-use = उपयोग
action-transfer = अंतरण
action-depersonalise = पहचान-रहित करना
action-block = अवरोधन
action-delete = विलोपन
action-destroy = विनाश

## प्रतिधारण अवधि, बहुवचन रूपों सहित।
duration-days = { $count } दिन
duration-weeks = { $count } सप्ताह
duration-months = { $count ->
    [one] { $count } महीना
   *[other] { $count } महीने
}
duration-years = { $count } वर्ष

## प्रतिधारण की सीमाएँ।
retention-until-purpose_reached = उद्देश्य पूरा होने तक
retention-until-consent_withdrawn = सहमति वापस लिए जाने तक
retention-until-account_closed = खाता बंद होने तक
retention-until-contract_ended = अनुबंध समाप्त होने तक
retention-from-collection = संग्रहण की तिथि से { $period }
retention-after-purpose_reached = उद्देश्य पूरा होने के { $period } बाद तक
retention-after-consent_withdrawn = सहमति वापस लिए जाने के { $period } बाद तक
retention-after-account_closed = खाता बंद होने के { $period } बाद तक
retention-after-contract_ended = अनुबंध समाप्त होने के { $period } बाद तक
retention-separator = { "; " }
retention-whichever-first = { $limits }, जो भी पहले हो

## प्राप्तकर्ता।
recipient-kind-processor = डेटा प्रोसेसर
recipient-kind-third_party = तृतीय पक्ष
recipient-kind-sdk = तृतीय-पक्ष SDK
recipient-kind-joint_controller = संयुक्त डेटा न्यासी

## अन्य देशों को अंतरण के कानूनी तंत्र।
transfer-mechanism-adequacy_decision = पर्याप्तता निर्णय
transfer-mechanism-standard_contractual_clauses = मानक संविदात्मक खंड
transfer-mechanism-binding_corporate_rules = बाध्यकारी कॉर्पोरेट नियम
transfer-mechanism-code_or_certification = अनुमोदित आचार संहिता या प्रमाणन
transfer-mechanism-explicit_consent = डेटा प्रधान की स्पष्ट सहमति
transfer-mechanism-contract_necessity = डेटा प्रधान के साथ अनुबंध के लिए आवश्यक
transfer-mechanism-cn_standard_contract = व्यक्तिगत सूचना के सीमा-पार अंतरण का मानक अनुबंध (CAC)
transfer-mechanism-cn_security_assessment = डेटा के सीमा-पार अंतरण का सुरक्षा मूल्यांकन (CAC)
transfer-mechanism-cn_certification = व्यक्तिगत सूचना संरक्षण प्रमाणन

## डेटा प्रधान के अधिकार।
right-access = अपने व्यक्तिगत डेटा और उसके प्रसंस्करण की जानकारी तक पहुँच
right-rectification = गलत या अधूरे डेटा को ठीक करवाना
right-erasure = अपना डेटा मिटवाना
right-restriction = प्रसंस्करण को सीमित (अवरुद्ध) करवाना
right-portability = अपना डेटा पोर्टेबल प्रारूप में पाना या उसे किसी अन्य संगठन को भिजवाना
right-objection = प्रसंस्करण पर आपत्ति करना
right-withdrawal = किसी भी समय अपनी सहमति वापस लेना
right-automated_decision = केवल स्वचालित प्रसंस्करण पर आधारित निर्णयों से इनकार करना
right-explanation = प्रसंस्करण के नियमों की व्याख्या पाना
right-opt_out = अपनी व्यक्तिगत जानकारी की बिक्री या साझाकरण से इनकार करना
right-nomination = अपने अधिकारों का प्रयोग करने के लिए किसी व्यक्ति को नामित करना
right-complaint = पर्यवेक्षी प्राधिकरण से शिकायत करना या न्यायालय जाना

## कानून के प्रावधानों के संदर्भ।
law-prefix = { $law }{ ": " }
provision-article = { $law }, अनुच्छेद { $number }
provision-section = { $law }, धारा { $number }
