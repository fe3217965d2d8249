# The data map's vocabulary: laws, legal bases, processing actions, retention, recipients,
# transfers and the subject's rights. Ids follow the data map's own ids (snake case kept).

## Laws an operator answers to: a long name and a short one for table cells.
jurisdiction-ru_152fz = Russian Federal Law No. 152-FZ "On Personal Data"
jurisdiction-eu_gdpr = General Data Protection Regulation (EU) 2016/679 (GDPR)
jurisdiction-uk_gdpr = UK GDPR and the Data Protection Act 2018
jurisdiction-cn_pipl = Personal Information Protection Law of the People's Republic of China (PIPL)
jurisdiction-in_dpdp = Digital Personal Data Protection Act, 2023 (India)
jurisdiction-us_ca_ccpa = California Consumer Privacy Act (CCPA, as amended by the CPRA)
jurisdiction-short-ru_152fz = 152-FZ
jurisdiction-short-eu_gdpr = GDPR
jurisdiction-short-uk_gdpr = UK GDPR
jurisdiction-short-cn_pipl = PIPL
jurisdiction-short-in_dpdp = DPDP Act
jurisdiction-short-us_ca_ccpa = CCPA

## Legal bases.
legal-basis-consent = Consent of the subject
legal-basis-contract = Performance of a contract with the subject
legal-basis-legal_obligation = Compliance with a legal obligation
legal-basis-vital_interest = Protection of vital interests
legal-basis-public_task = Public task or official authority
legal-basis-legitimate_interest = Legitimate interests

## The thirteen processing actions of 152-FZ art. 3(3).
action-collect = Collection
action-record = Recording
action-systematise = Systematisation
action-accumulate = Accumulation
action-store = Storage
action-update = Updating
action-extract = Extraction
action-use = Use
action-transfer = Transfer
action-depersonalise = Depersonalisation
action-block = Blocking
action-delete = Deletion
action-destroy = Destruction

## Retention periods, with the plural forms of each language.
duration-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
duration-weeks = { $count ->
    [one] { $count } week
   *[other] { $count } weeks
}
duration-months = { $count ->
    [one] { $count } month
   *[other] { $count } months
}
duration-years = { $count ->
    [one] { $count } year
   *[other] { $count } years
}

## Retention limits: until an event, a period counted from collection, or from an event.
retention-until-purpose_reached = until the purpose is reached
retention-until-consent_withdrawn = until consent is withdrawn
retention-until-account_closed = until the account is closed
retention-until-contract_ended = until the contract ends
retention-from-collection = { $period } from collection
retention-after-purpose_reached = { $period } after the purpose is reached
retention-after-consent_withdrawn = { $period } after consent is withdrawn
retention-after-account_closed = { $period } after the account is closed
retention-after-contract_ended = { $period } after the contract ends
# Several limits: storage ends at the first one reached.
retention-separator = { "; " }
retention-whichever-first = { $limits }, whichever comes first

## Recipients.
recipient-kind-processor = Processor
recipient-kind-third_party = Third party
recipient-kind-sdk = Third-party SDK
recipient-kind-joint_controller = Joint controller

## Cross-border transfer mechanisms.
transfer-mechanism-adequacy_decision = Adequacy decision
transfer-mechanism-standard_contractual_clauses = Standard contractual clauses
transfer-mechanism-binding_corporate_rules = Binding corporate rules
transfer-mechanism-code_or_certification = Approved code of conduct or certification
transfer-mechanism-explicit_consent = Explicit consent of the subject
transfer-mechanism-contract_necessity = Necessary for a contract with the subject
transfer-mechanism-cn_standard_contract = Standard contract for cross-border transfer of personal information (CAC)
transfer-mechanism-cn_security_assessment = Security assessment for outbound data transfer (CAC)
transfer-mechanism-cn_certification = Personal information protection certification

## The subject's rights.
right-access = Access your personal data and information about its processing
right-rectification = Have inaccurate or incomplete data corrected
right-erasure = Have your data erased
right-restriction = Have the processing restricted (blocked)
right-portability = Receive your data in a portable format, or have it sent to another organisation
right-objection = Object to the processing
right-withdrawal = Withdraw your consent at any time
right-automated_decision = Refuse decisions based solely on automated processing
right-explanation = Have the processing rules explained to you
right-opt_out = Opt out of the sale or sharing of your personal information
right-nomination = Nominate a person to exercise your rights
right-complaint = Complain to the supervisory authority or go to court

## References to a provision of a law.
law-prefix = { $law }{ ": " }
provision-article = { $law } art. { $number }
provision-section = { $law } s. { $number }
