# डेटा मानचित्र से प्रकाशित दस्तावेज़: शीर्षक, स्तंभों के नाम और सूचना का पाठ।

## शीर्षक।
artifact-ropa-title = प्रसंस्करण गतिविधियों का अभिलेख
artifact-pi-collected-title = एकत्र की जाने वाली व्यक्तिगत जानकारी की सूची
artifact-pi-shared-title = तृतीय पक्षों के साथ साझा की जाने वाली व्यक्तिगत जानकारी की सूची
artifact-notice-title = हम आपके व्यक्तिगत डेटा का प्रसंस्करण कैसे करते हैं

## संस्करण: वह डेटा मानचित्र संस्करण जिससे दस्तावेज़ बनाया गया।
edition-version = डेटा मानचित्र संस्करण { $version }
edition-draft = मसौदा: यह डेटा मानचित्र अभी लागू नहीं किया गया है
edition-hash = सामग्री हैश (SHA-256)
edition-generated = Tutela द्वारा डेटा न्यासी के डेटा मानचित्र से तैयार किया गया।
edition-fallback = जिन पाठों का डेटा न्यासी ने अनुवाद नहीं किया है, वे मूल भाषा में दिखाए गए हैं।

## डेटा न्यासी का विवरण।
section-operator = डेटा न्यासी (नियंत्रक)
field-legal_name = कानूनी नाम
field-trading_name = व्यापारिक नाम
field-registration_numbers = पंजीकरण संख्याएँ
field-address = पता
field-email = ईमेल
field-phone = टेलीफ़ोन
field-postal_address = डाक पता
field-url = वेब पेज
field-responsible_person = प्रसंस्करण के आयोजन के लिए उत्तरदायी व्यक्ति
field-dpo = डेटा संरक्षण अधिकारी
field-jurisdictions = लागू कानून
field-data_residency = वे देश जहाँ डेटा संग्रहीत है

## स्तंभ।
column-processing_activity = प्रसंस्करण गतिविधि
column-purpose = उद्देश्य
column-purposes = उद्देश्य
column-legal_basis = कानूनी आधार
column-legal_provisions = कानूनी प्रावधान
column-subject_categories = डेटा प्रधानों की श्रेणियाँ
column-data_categories = व्यक्तिगत डेटा की श्रेणियाँ
column-actions = प्रसंस्करण क्रियाएँ
column-retention = प्रतिधारण अवधि
column-recipients = प्राप्तकर्ता
column-transfers = अन्य देशों को अंतरण
column-stores = डेटा का भंडारण स्थान
column-business_function = सेवा का कार्य
column-data_items = व्यक्तिगत जानकारी
column-collection_method = संग्रहण का तरीका और परिस्थिति
column-required = आवश्यक या वैकल्पिक
column-recipient = प्राप्तकर्ता
column-kind = भूमिका
column-legal_entity = कानूनी इकाई
column-country = देश या क्षेत्र
column-method = तरीका
column-policy = गोपनीयता नीति
column-transfer_abroad = विदेश में अंतरण
column-mechanism = कानूनी तंत्र
column-right = अधिकार

## कोशिकाओं के मान।
value-none = —
value-required = आवश्यक
value-optional = वैकल्पिक
value-collected-from-subject = डेटा प्रधान द्वारा दी गई
value-collected-automatically = सेवा के उपयोग के दौरान स्वतः एकत्र की गई
value-transfer-no = नहीं
value-transfer-yes = हाँ, { $country } को
marker-special = { " " }(विशेष श्रेणी)
marker-biometric = { " " }(बायोमेट्रिक डेटा)
recipient-summary = { " " }— { $kind }, { $country }
transfer-summary = { " " }→ { $country }: { $mechanism }

## प्रसंस्करण गतिविधियों का अभिलेख।
ropa-activities = प्रसंस्करण गतिविधियाँ
ropa-intro = प्रत्येक प्रसंस्करण गतिविधि और उद्देश्य के लिए एक पंक्ति (GDPR अनुच्छेद 30(1); 152-FZ नीति की प्रसंस्करण तालिका)।

## चीन के कानून के अनुसार दो सूचियाँ।
pi-collected-items = सेवा के कार्य के अनुसार एकत्र की जाने वाली व्यक्तिगत जानकारी
pi-collected-intro = हम सेवा के प्रत्येक कार्य के लिए कौन-सी व्यक्तिगत जानकारी एकत्र करते हैं, क्यों और कैसे, क्या उसे देना अनिवार्य है, और उसे कितने समय तक रखते हैं।
pi-shared-third-parties = तृतीय पक्ष और डेटा प्रोसेसर
pi-shared-sdks = तृतीय-पक्ष SDK की निर्देशिका
pi-shared-intro = वे सभी पक्ष जिन्हें हम व्यक्तिगत जानकारी देते हैं, और हमारी सेवाओं में लगे सभी तृतीय-पक्ष SDK।
pi-shared-none = कोई नहीं।

## गोपनीयता सूचना का डेटा संबंधी भाग।
notice-intro = हमारी गोपनीयता सूचना का यह भाग बताता है कि हम कौन-सा व्यक्तिगत डेटा संसाधित करते हैं, क्यों और किस कानूनी आधार पर, उसे कितने समय तक रखते हैं, उसे कौन प्राप्त करता है, क्या वह देश से बाहर जाता है, और आपके क्या अधिकार हैं।
notice-collected = हम क्या एकत्र करते हैं और क्यों
notice-special = इस डेटा का कुछ भाग विशेष श्रेणियों (जैसे स्वास्थ्य या बायोमेट्रिक डेटा) में आता है: हम इसे केवल उसके उद्देश्य के लिए बताई गई शर्त के अधीन संसाधित करते हैं।
notice-withdraw = जहाँ प्रसंस्करण आपकी सहमति पर आधारित है, आप उसे किसी भी समय वापस ले सकते हैं; इससे सहमति वापस लेने से पहले किए गए प्रसंस्करण पर कोई प्रभाव नहीं पड़ता।
notice-recipients = आपका डेटा कौन प्राप्त करता है
notice-recipients-none = हम आपका व्यक्तिगत डेटा किसी और को नहीं देते।
notice-transfers = अन्य देशों को अंतरण
notice-transfers-none = हम आपका व्यक्तिगत डेटा अन्य देशों को अंतरित नहीं करते।
notice-residency = वे देश जहाँ आपका डेटा संग्रहीत है: { $regions }।
notice-rights = आपके अधिकार
notice-rights-how = इनमें से किसी भी अधिकार का प्रयोग करने या अपने डेटा के बारे में पूछने के लिए, हमसे संपर्क करें:
