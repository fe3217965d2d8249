# अनुरोधों के उत्तर, अनुरोधकर्ता की भाषा में (crates/tutela-server/src/api/requests/answer.rs)।
answer-subject = { $operator }: आपके अनुरोध { $reference } का उत्तर
answer-re = { $received } का आपका अनुरोध { $reference }
answer-completed-access = हमने आपके व्यक्तिगत डेटा तक पहुँच के अनुरोध का उत्तर दिया है। आपका डेटा फ़ाइल { $file } (SHA-256 { $sha256 }) में है, जो इस उत्तर के साथ भेजी गई या अलग से दी गई: हम कौन-सा डेटा रखते हैं, क्यों, किस क़ानूनी आधार पर, कितने समय तक और किसे देते हैं।
answer-completed-erasure = आपका व्यक्तिगत डेटा { $date } को मिटा दिया गया (विनाश अभिलेख { $act })। जो डेटा क़ानून के अनुसार हमें रखना है, वह अभिलेख में क़ानून और अवधि के साथ दर्ज है; उसका किसी और काम में उपयोग नहीं होता और अवधि समाप्त होने पर वह मिटा दिया जाता है।
answer-completed = हमने आपके अनुरोध पर कार्रवाई की है।
answer-refused = हम आपके अनुरोध पर कार्रवाई नहीं कर सकते।
answer-what-was-done = क्या किया गया: { $note }
answer-ground = आधार: { $note }
answer-complain = यदि आप असहमत हैं, तो आप { $authority } से शिकायत कर सकते हैं।
answer-authority-eu_gdpr = अपने सदस्य देश के डेटा संरक्षण पर्यवेक्षी प्राधिकरण
answer-authority-ru_152fz = रूस के रोसकोमनादज़ोर (व्यक्तिगत डेटा विषयों के अधिकारों की रक्षा हेतु प्राधिकरण)
answer-authority-cn_pipl = चीन के साइबरस्पेस प्रशासन या व्यक्तिगत जानकारी संरक्षण के दायित्व वाले अन्य विभाग
answer-authority-in_dpdp = भारतीय डेटा संरक्षण बोर्ड
answer-authority-us_ca_ccpa = कैलिफ़ोर्निया प्राइवेसी प्रोटेक्शन एजेंसी
answer-authority-br_lgpd = ब्राज़ील के राष्ट्रीय डेटा संरक्षण प्राधिकरण (ANPD)
answer-signature = { $operator }, { $date }
