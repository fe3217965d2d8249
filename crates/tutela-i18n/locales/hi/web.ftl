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
