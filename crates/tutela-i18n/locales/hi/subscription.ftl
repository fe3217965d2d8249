# सदस्यता और खाते: व्यक्तियों को भेजी जाने वाली रसीदें (tutela-server api::subscriptions::receipts)
# और पोर्टल के सदस्यता पृष्ठ (tutela-web portal_subscription)।
sub-event-signed_up = सदस्यता शुरू हुई
sub-event-trial_ended = परीक्षण अवधि समाप्त, पहली सशुल्क अवधि शुरू
sub-event-renewed = अगली अवधि के लिए नवीनीकृत
sub-event-paused = रोकी गई
sub-event-resumed = फिर से शुरू हुई
sub-event-cancel_scheduled = अवधि के अंत में रद्द
sub-event-cancelled = रद्द की गई
sub-event-cancel_reverted = रद्दीकरण वापस लिया गया
sub-event-expired = अवधि पूरी होने पर समाप्त
sub-receipt-subject = { $operator }: { $detail } ({ $reference })
sub-receipt-body = { $operator } आपकी सदस्यता { $reference } ({ $plan }) में इस बदलाव की पुष्टि करता है:

    { $detail }
    दिनांक और समय: { $date }
sub-receipt-access = आपकी पहुँच { $until } तक बनी रहेगी। इसके बाद कोई शुल्क नहीं लिया जाएगा।
sub-receipt-ended = आपकी पहुँच { $until } को समाप्त हो गई। इसके बाद कोई शुल्क नहीं लिया जाएगा।
sub-receipt-refund = अप्रयुक्त भाग की वापसी: { $amount }
sub-receipt-paused = सदस्यता { $until } तक रोकी गई है और तब अपने आप फिर शुरू होगी। रुकी रहने के दौरान कोई शुल्क नहीं लिया जाता।
sub-receipt-next = अगला शुल्क: { $until } को { $amount }।
sub-receipt-footer = यह संदेश सँभालकर रखें: यह आपकी रसीद है। आप किसी भी समय सदस्यता रोक या रद्द कर सकते हैं या अपना खाता बंद कर सकते हैं: { $url }
sub-reminder-subject = { $operator }: आपकी सदस्यता { $until } को फिर शुरू होगी
sub-reminder-body = आपकी सदस्यता { $reference } ({ $plan }) { $until } तक रुकी है। तब यह अपने आप फिर शुरू होगी और अगली अवधि का शुल्क लिया जाएगा: { $amount }। इसके बजाय रद्द करने के लिए { $url } पर जाएँ
sub-link-subject = { $operator }: अपनी सदस्यता { $reference } रद्द करें
sub-link-body = किसी ने, आशा है आपने, साइन इन किए बिना सदस्यता { $reference } ({ $plan }) रद्द करने को कहा है। रद्द करने का अर्थ जानने और पुष्टि करने के लिए 24 घंटे के भीतर यह लिंक खोलें:

    { $url }

    यदि यह आप नहीं थे, तो इस संदेश को अनदेखा करें: कुछ नहीं बदलेगा।
account-closure_requested-subject = { $operator }: आपका खाता { $until } को बंद होगा
account-closure_requested-body = आपने अपना खाता बंद करने को कहा है। यह { $until } को बंद होगा: आपकी सदस्यताएँ समाप्त होंगी और आपका व्यक्तिगत डेटा मिटा दिया जाएगा, जिसे वापस नहीं लाया जा सकता। तब तक आप अपना खाता बहाल कर सकते हैं: { $url }

    आपके सशुल्क प्लान नवीनीकृत नहीं होंगे, और विपणन संदेश बंद कर दिए गए हैं।
account-restored-subject = { $operator }: आपका खाता बहाल हो गया
account-restored-body = आपका खाता आपकी सदस्यताओं सहित पहले जैसा बहाल हो गया है। कुछ भी मिटाया नहीं गया।
account-closed-subject = { $operator }: आपका खाता बंद हो गया
account-closed-body = आपका खाता बंद हो गया है और आपका व्यक्तिगत डेटा { $date } को मिटा दिया गया (विनाश अधिनियम { $act })। जिन अभिलेखों को रखना कानूनन आवश्यक है, जैसे चालान, वे केवल कानून द्वारा तय अवधि तक रखे जाते हैं और फिर नष्ट कर दिए जाते हैं। यह हमारा आपको भेजा गया अंतिम संदेश है।

portal-sub-title = आपकी सदस्यता
portal-sub-none = आपकी कोई चालू सदस्यता नहीं है।
portal-sub-plans = प्लान
portal-sub-price = हर { $period } में { $amount }
portal-sub-period-month = 30 दिन
portal-sub-period-year = 365 दिन
portal-sub-trial = { $count ->
    [one] पहला { $count } दिन मुफ़्त
   *[other] पहले { $count } दिन मुफ़्त
}
portal-sub-choose = { $plan } चुनें
portal-sub-review = { $plan } शुरू करें
portal-sub-review-terms = आप किसी भी समय सदस्यता रोक या रद्द कर सकते हैं या खाता बंद कर सकते हैं, उतनी ही आसानी से जितनी आसानी से आपने साइन अप किया। आपको ईमेल से रसीद मिलेगी।
portal-sub-start = सदस्यता शुरू करें
portal-sub-status = स्थिति
portal-sub-status-trialing = परीक्षण अवधि में
portal-sub-status-active = सक्रिय
portal-sub-status-paused = रोकी गई
portal-sub-status-cancelling = रद्द, अवधि के अंत तक पहुँच
portal-sub-status-cancelled = रद्द
portal-sub-status-expired = समाप्त
portal-sub-next-charge = अगला शुल्क: { $date } को { $amount }
portal-sub-access-until = { $date } तक पहुँच
portal-sub-paused-until = { $date } तक रोकी गई
portal-sub-pause = रोकें
portal-sub-pause-for = इतने समय के लिए रोकें
portal-sub-pause-days = { $count } दिन
portal-sub-resume = अभी फिर शुरू करें
portal-sub-cancel = सदस्यता रद्द करें
portal-sub-revert = मेरी सदस्यता जारी रखें
portal-sub-cancel-title = { $plan } रद्द करें
portal-sub-consequences = रद्द करने का अर्थ
portal-sub-consequence-access = आपकी पहुँच { $date } तक बनी रहेगी; इसके बाद कोई शुल्क नहीं।
portal-sub-consequence-now = पहुँच अभी समाप्त होगी; इसके बाद कोई शुल्क नहीं।
portal-sub-consequence-refund = अवधि के अप्रयुक्त भाग की राशि वापस मिलेगी: { $amount }।
portal-sub-consequence-kept = आपका खाता और डेटा रखा जाएगा। उन्हें मिटवाने के लिए इसके बजाय अपना खाता बंद करें।
portal-sub-consequence-marketing = विपणन संदेश बंद हो जाएँगे।
portal-sub-consequence-revert = आप { $date } तक रद्दीकरण वापस ले सकते हैं।
portal-sub-reason = आप क्यों जा रहे हैं? (वैकल्पिक)
portal-sub-reason-none = नहीं बताना चाहते
portal-sub-reason-price = बहुत महँगा
portal-sub-reason-usage = मैं इसका ज़्यादा उपयोग नहीं करता
portal-sub-reason-features = कुछ कमी है
portal-sub-reason-problems = तकनीकी समस्याएँ
portal-sub-reason-other = कोई और कारण
portal-sub-offer = या इसके बजाय { $count } दिनों तक रोक दें। यह केवल एक सुझाव है: इससे रद्दीकरण में देर नहीं होती।
portal-sub-confirm-cancel = रद्दीकरण की पुष्टि करें
portal-sub-done-signed_up = आपकी सदस्यता शुरू हो गई। रसीद भेजी जा रही है।
portal-sub-done-paused = आपकी सदस्यता रोक दी गई।
portal-sub-done-resumed = आपकी सदस्यता फिर से सक्रिय है।
portal-sub-done-cancelled = आपकी सदस्यता रद्द हो गई। दिनांक और समय सहित रसीद भेजी जा रही है।
portal-sub-done-reverted = आपकी सदस्यता जारी है।
portal-sub-done-restored = आपका खाता बहाल हो गया।
portal-sub-receipts = रसीदें
portal-account-title = अपना खाता बंद करें
portal-account-consequences = खाता बंद करने से हर सदस्यता समाप्त होती है और आपका व्यक्तिगत डेटा मिटा दिया जाता है: प्रोफ़ाइल, इतिहास और प्राथमिकताएँ। छूट अवधि समाप्त होने के बाद इसे पलटा नहीं जा सकता।
portal-account-grace = आप { $count } दिनों के भीतर अपना खाता बहाल कर सकते हैं।
portal-account-understand = मैं समझता/समझती हूँ कि मेरा खाता और डेटा मिटा दिया जाएगा।
portal-account-close = मेरा खाता बंद करें
portal-account-pending = आपका खाता { $date } को बंद होगा। तब तक आप इसे बहाल कर सकते हैं।
portal-account-restore = मेरा खाता बहाल करें
portal-account-closing = आपका खाता बंद किया जा रहा है।
portal-cancel-title = सदस्यता रद्द करें
portal-cancel-intro = आप साइन इन किए बिना रद्द कर सकते हैं। सदस्यता का ईमेल पता और उसका संदर्भ दें (यह हर रसीद पर होता है, जैसे SUB-000042); हम पुष्टि के लिए उसी पते पर एक लिंक भेजेंगे।
portal-cancel-reference = सदस्यता संदर्भ
portal-cancel-send = मुझे रद्द करने का लिंक भेजें
portal-cancel-sent = यदि पता और संदर्भ किसी चालू सदस्यता के हैं, तो उसे रद्द करने का लिंक उस पते पर भेजा जा रहा है। यह 24 घंटे तक मान्य है।
portal-cancel-link = साइन इन किए बिना रद्द करें

web-nav-subscriptions = सदस्यताएँ
web-subs-title = सदस्यताएँ और खाते
web-subs-intro = प्लान, हर सदस्यता अपनी बिलिंग और पहुँच की समाप्ति के साथ, और वे खाते जिन्हें बंद किया जा रहा है। नवीनीकरण, रुकावट की समाप्ति, अनुस्मारक और छूट अवधि के बाद खाते बंद करना हर मिनट चलता है; बटन इन्हें अभी चलाता है।
web-subs-list = सदस्यताएँ
web-subs-col-plan = प्लान
web-subs-col-price = मूल्य
web-subs-col-terms = शर्तें
web-subs-col-reference = संदर्भ
web-subs-col-period-end = बिलिंग समाप्ति
web-subs-col-access-end = पहुँच समाप्ति
web-subs-col-signup = साइन अप
web-subs-col-closes = बंद होगा
web-subs-closures = खाता बंद करना
web-subs-run = जो देय है उसे अभी चलाएँ
web-subs-pause-limit = { $count } दिनों तक रोक
web-subs-steps = { $count } चरण
web-subs-ran = { $count } देय सदस्यताएँ या खाता बंद करने के काम पूरे हुए।
web-subs-grace = बंद किया गया खाता व्यक्ति के अनुरोध के { $count } दिन बाद मिटाया जाता है; तब तक वे इसे बहाल कर सकते हैं।
