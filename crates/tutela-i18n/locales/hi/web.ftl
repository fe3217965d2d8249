# वेब कंसोल और गोपनीयता पोर्टल।
web-skip = सामग्री पर जाएँ
web-language = भाषा
web-nav-home = मुखपृष्ठ
web-nav-dashboard = डैशबोर्ड
web-nav-journal = जर्नल
web-nav-api = API संदर्भ
web-sign-in = साइन इन करें
web-sign-in-title = कंसोल में साइन इन करें
web-sign-out = साइन आउट करें
web-signed-in-as = { $email } ({ $operator }) के रूप में साइन इन
web-field-operator = ऑपरेटर
web-field-email = ई-मेल पता
web-field-password = पासवर्ड
web-sign-in-failed = अज्ञात ऑपरेटर, ई-मेल पता या पासवर्ड।
web-too-many-attempts = बहुत अधिक प्रयास। एक मिनट रुकें, फिर दोबारा प्रयास करें।
web-form-expired = यह फ़ॉर्म समाप्त हो गया है। पृष्ठ फिर से लोड करें और दोबारा प्रयास करें।
web-forbidden = आपकी भूमिकाएँ इसकी अनुमति नहीं देतीं: इसके लिए { $permission } चाहिए।
web-dashboard-title = समय-सीमाएँ
web-dashboard-attention = जल्द देय और चूकी हुई
web-dashboard-none = कोई समय-सीमा जल्द देय या चूकी हुई नहीं है।
web-dashboard-chart = स्थिति के अनुसार समय-सीमाएँ
web-clocks-count = { $count ->
    [one] { $count } समय-सीमा
   *[other] { $count } समय-सीमाएँ
}
web-state-running = चल रही
web-state-paused = रुकी हुई
web-state-due_soon = जल्द देय
web-state-breached = चूकी हुई
web-state-met = पूरी हुई
web-state-met_late = देर से पूरी हुई
web-col-label = दायित्व
web-col-state = स्थिति
web-col-due = देय
web-col-kind = प्रकार
web-col-subject = संबंधित
web-col-seq = क्रमांक
web-col-at = कब
web-col-actor = किसने
web-col-action = कार्रवाई
web-col-object = वस्तु
web-clock-title = समय-सीमा
web-clock-calendar = कैलेंडर
web-clock-duration = अवधि
web-clock-start = आरंभ
web-clock-history = इतिहास
web-clock-extend = समय-सीमा बढ़ाएँ
web-clock-extend-by = कितना (उदाहरण: 5 working days)
web-clock-extend-reason = कारण (यह दर्ज होता है और व्यक्ति को बताया जाता है)
web-clock-extended = समय-सीमा बढ़ा दी गई। नई देय तिथि: { $due }।
web-journal-title = जर्नल
web-journal-intact = शृंखला सत्यापित: { $count ->
    [one] { $count } प्रविष्टि
   *[other] { $count } प्रविष्टियाँ
}, कोई बदली, हटाई या क्रम-बदली नहीं गई।
web-journal-broken = शृंखला सत्यापित नहीं हुई: { $detail }
web-journal-older = पुरानी प्रविष्टियाँ
web-home-intro = Tutela गोपनीयता नीति और सेवा शर्तों के वादे समय पर निभाने और उन्हें सिद्ध करने में मदद करता है।
web-home-console = कर्मचारी कंसोल
web-home-operators = ऑपरेटर: गोपनीयता पोर्टल और प्रकाशित सूचियाँ
web-portal-title = { $operator } में गोपनीयता
web-portal-published = { $operator } आपके डेटा के बारे में क्या प्रकाशित करता है
web-api-title = API संदर्भ
web-api-intro = JSON API के सभी संचालन। मशीन-पठनीय दस्तावेज़ { $url } पर है।
web-error-title = कुछ गलत हो गया
web-not-found = ऐसा कोई पृष्ठ नहीं है।
web-nav-requests = अनुरोध
web-requests-title = अनुरोध
web-requests-none = अभी तक कोई अनुरोध प्राप्त नहीं हुआ है।
web-col-reference = संदर्भ
web-col-law = कानून
web-col-received = प्राप्त
web-request-status-received = प्राप्त
web-request-status-completed = पूरा हुआ
web-request-status-refused = अस्वीकृत
web-request-close = अनुरोध बंद करें
web-request-outcome = परिणाम
web-request-note = क्या किया गया, या अस्वीकार का आधार (यह दर्ज होता है)
web-request-completed = अनुरोध पूरा हुआ और उसकी समय-सीमा रोक दी गई।
web-request-refused = अनुरोध अस्वीकार हुआ और उसकी समय-सीमा रोक दी गई।
web-journal-verify = पूरी शृंखला सत्यापित करें
web-portal-request-link = अपने व्यक्तिगत डेटा के बारे में अनुरोध करें
web-portal-request-title = { $operator } को अनुरोध
web-portal-request-intro = अपने डेटा की प्रति, उसका सुधार या मिटाना माँगें, या उसके उपयोग पर आपत्ति करें। उत्तर देने से पहले हम पुष्टि करते हैं कि अनुरोध आपका ही है।
web-portal-request-type = आप क्या माँगते हैं
web-portal-request-email = आपका ई-मेल पता, जैसा आपने हमें दिया था
web-portal-request-send = अनुरोध भेजें
web-portal-filed-title = अनुरोध { $reference } प्राप्त हुआ
web-portal-filed = { $operator } ने आपका अनुरोध अपने अनुरोध रजिस्टर में दर्ज कर लिया है। इसकी संख्या सँभाल कर रखें।
web-portal-filed-due = कानून के अनुसार हम { $due } तक उत्तर देंगे।
web-portal-no-requests = यह ऑपरेटर अभी इस पोर्टल से अनुरोध स्वीकार नहीं करता।
web-request-type-access = मेरे डेटा की प्रति और उसका उपयोग
web-request-type-portability = मेरा डेटा ऐसे प्रारूप में जिसे मैं कहीं और ले जा सकूँ
web-request-type-rectification = मेरा डेटा सुधारें
web-request-type-restriction = अभी मेरे डेटा का उपयोग रोकें
web-request-type-erasure = मेरा डेटा मिटाएँ
web-request-type-objection = मेरे डेटा के उपयोग पर आपत्ति
web-request-type-withdrawal = मेरी सहमति वापस लें
web-request-type-account_closure = मेरा खाता बंद करें
web-request-type-complaint = शिकायत
web-requests-older = पुराने अनुरोध
web-request-status-verified = पहचान सत्यापित
web-request-verify = अनुरोधकर्ता की पहचान सत्यापित करें
web-request-verify-method = कैसे सत्यापित किया गया
web-request-verify-document = पहचान दस्तावेज़ की जाँच की गई
web-request-verify-known_account = विवरण हमारे पास मौजूद जानकारी से मेल खाते हैं
web-request-verify-representative = प्रतिनिधि का अधिकार और व्यक्ति की पहचान जाँची गई
web-request-verify-note = क्या जाँचा गया (दस्तावेज़ संख्या न लिखें)
web-request-verified = अनुरोधकर्ता की पहचान सत्यापित है।
web-request-fulfil = हमारे भंडारों पर पूरा करें
web-request-fulfil-hint = परीक्षण रन दिखाता है कि अनुरोध किस डेटा को छुएगा, और कुछ नहीं बदलता। वास्तविक रन के लिए सत्यापित पहचान आवश्यक है; सभी भंडारों की पुष्टि के बाद अनुरोध पूरा किया जा सकता है।
web-request-dry-run = परीक्षण रन
web-request-run = अभी चलाएँ
web-request-runs = रन
web-request-run-dry = परीक्षण रन: कुछ बदला या रखा नहीं गया।
web-request-run-state-complete = सभी भंडारों द्वारा पुष्ट
web-request-run-state-incomplete = सभी भंडारों द्वारा पुष्ट नहीं
web-request-run-state-failed = विफल
web-request-run-state-running = चल रहा है
web-request-run-state-dry_run = परीक्षण रन
web-request-package = डेटा पैकेज
web-col-store = भंडार
web-col-table = तालिका
web-col-rows = पंक्तियाँ
web-col-erasure = मिटाने पर
web-request-documents = दस्तावेज़
web-request-act = विनाश अभिलेख
web-destruction-log = विनाश रजिस्टर (CSV)
web-request-extend = क़ानून की अनुमति के अनुसार समय-सीमा बढ़ाएँ
web-request-extend-reason = कारण, जैसे व्यक्ति को बताए गए
web-request-extended = समय-सीमा बढ़ा दी गई; व्यक्ति को कारण बताएँ।
email-code-subject = { $operator }: अनुरोध { $reference } के लिए आपका कोड
email-code-body = आपने अपने व्यक्तिगत डेटा के बारे में { $operator } से अनुरोध किया (अनुरोध { $reference })। यह पुष्टि करने के लिए कि यह ई-मेल पता आपका है, अनुरोध के पृष्ठ पर यह कोड दर्ज करें:

        { $code }

    कोड { $expires } तक मान्य है। यदि आपने यह अनुरोध नहीं किया, तो इस संदेश को अनदेखा करें: कोड के बिना कुछ नहीं किया जाएगा।
web-portal-code = हमारे ई-मेल में भेजा गया कोड (6 अंक)
web-portal-code-submit = पुष्टि करें
web-portal-code-verified = धन्यवाद: आपका ई-मेल पता पुष्ट हो गया है, और आपके अनुरोध का उत्तर दिया जाएगा।
web-portal-code-wrong = { $count ->
    [one] यह कोड सही नहीं है। आप एक बार और प्रयास कर सकते हैं।
   *[other] यह कोड सही नहीं है। आप { $count } बार और प्रयास कर सकते हैं।
}
web-portal-staff-verify = उत्तर देने से पहले ऑपरेटर आपकी पहचान की पुष्टि के लिए आपसे संपर्क करेगा।
