# Answers to requests, in the requester's language (crates/tutela-server/src/api/requests/answer.rs).
answer-subject = { $operator }: answer to your request { $reference }
answer-re = Your request { $reference } of { $received }
answer-completed-access = We have answered your request for access to your personal data. Your data is in the file { $file } (SHA-256 { $sha256 }), sent with this answer or handed to you separately: what we hold, why, on what legal basis, for how long and who receives it.
answer-completed-erasure = Your personal data was erased on { $date } (destruction act { $act }). Data that a law obliges us to keep is named in the act, with the law and for how long; it is used for nothing else and erased when that period ends.
answer-completed = We have acted on your request.
answer-refused = We cannot act on your request.
answer-what-was-done = What was done: { $note }
answer-ground = The ground: { $note }
answer-complain = If you disagree, you may complain to { $authority }.
answer-authority-eu_gdpr = the data protection supervisory authority of your member state
answer-authority-ru_152fz = Roskomnadzor, the authority for the protection of the rights of personal data subjects
answer-authority-cn_pipl = the Cyberspace Administration of China or another department with personal information protection duties
answer-authority-in_dpdp = the Data Protection Board of India
answer-authority-us_ca_ccpa = the California Privacy Protection Agency
answer-authority-br_lgpd = the National Data Protection Authority (ANPD)
answer-signature = { $operator }, { $date }
completion-subject = { $operator }: your request { $reference } needs more information
completion-body = Your request { $reference } of { $received } cannot be answered yet: the law ({ $article }) requires it to contain
    { $items }
    Please send what is missing, quoting { $reference }. The time for our answer runs again once it arrives.
completion-item-id_document = the number, date of issue and issuer of your identity document (or your representative's)
completion-item-relationship = information confirming your relationship with us, such as a contract's number and date
completion-item-signature = your signature (or your representative's)
