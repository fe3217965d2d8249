# The web console and the privacy portal.
web-skip = Skip to content
web-language = Language
web-nav-home = Home
web-nav-dashboard = Dashboard
web-nav-journal = Journal
web-nav-api = API reference
web-sign-in = Sign in
web-sign-in-title = Sign in to the console
web-sign-out = Sign out
web-signed-in-as = Signed in as { $email } ({ $operator })
web-field-operator = Operator
web-field-email = E-mail address
web-field-password = Password
web-sign-in-failed = Unknown operator, e-mail address or password.
web-too-many-attempts = Too many attempts. Wait a minute, then try again.
web-form-expired = This form has expired. Reload the page and try again.
web-forbidden = Your roles do not allow this: it needs { $permission }.
web-dashboard-title = Clocks
web-dashboard-attention = Due soon and breached
web-dashboard-none = Nothing is due soon or breached.
web-dashboard-chart = Clocks by state
web-clocks-count = { $count ->
    [one] { $count } clock
   *[other] { $count } clocks
}
web-state-running = Running
web-state-paused = Paused
web-state-due_soon = Due soon
web-state-breached = Breached
web-state-met = Met
web-state-met_late = Met late
web-col-label = Obligation
web-col-state = State
web-col-due = Due
web-col-kind = Kind
web-col-subject = Concerns
web-col-seq = No.
web-col-at = When
web-col-actor = Who
web-col-action = Action
web-col-object = Object
web-clock-title = Clock
web-clock-calendar = Calendar
web-clock-duration = Duration
web-clock-start = Started
web-clock-history = History
web-clock-extend = Extend the deadline
web-clock-extend-by = By how long (for example: 5 working days)
web-clock-extend-reason = Reason (it is recorded and told to the subject)
web-clock-extended = The deadline was extended. New due date: { $due }.
web-journal-title = Journal
web-journal-intact = The chain verifies: { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}, none changed, removed or reordered.
web-journal-broken = The chain does not verify: { $detail }
web-journal-older = Older entries
web-home-intro = Tutela keeps the promises a privacy policy and service terms make, on time, and proves it.
web-home-console = Staff console
web-home-operators = Operators: privacy portals and published lists
web-portal-title = Privacy at { $operator }
web-portal-published = What { $operator } publishes about your data
web-api-title = API reference
web-api-intro = Every operation of the JSON API. The machine-readable document is at { $url }.
web-error-title = Something went wrong
web-not-found = There is no such page.
web-nav-requests = Requests
web-requests-title = Requests
web-requests-none = No request has been received yet.
web-col-reference = Reference
web-col-law = Law
web-col-received = Received
web-request-status-received = Received
web-request-status-completed = Completed
web-request-status-refused = Refused
web-request-close = Close the request
web-request-outcome = Outcome
web-request-note = What was done, or the ground for refusing (it is recorded)
web-request-completed = The request is completed and its clock stopped.
web-request-refused = The request is refused and its clock stopped.
web-journal-verify = Verify the whole chain
web-portal-request-link = Make a request about your personal data
web-portal-request-title = A request to { $operator }
web-portal-request-intro = Ask for a copy of your data, its correction or erasure, or object to its use. We confirm that the request is yours before we answer.
web-portal-request-type = What you ask for
web-portal-request-email = Your e-mail address, as you gave it to us
web-portal-request-send = Send the request
web-portal-filed-title = Request { $reference } received
web-portal-filed = { $operator } has entered your request in its request log. Keep its number.
web-portal-filed-due = The law has us answer by { $due }.
web-portal-no-requests = This operator does not take requests through this portal yet.
web-request-type-access = A copy of my data and how it is used
web-request-type-portability = My data in a format I can take elsewhere
web-request-type-rectification = Correct my data
web-request-type-restriction = Stop using my data for now (blocking)
web-request-type-erasure = Erase my data
web-request-type-objection = Object to the use of my data
web-request-type-withdrawal = Withdraw my consent
web-request-type-account_closure = Close my account
web-request-type-complaint = A complaint
web-requests-older = Older requests
web-request-status-verified = Identity verified
web-request-verify = Verify the requester's identity
web-request-verify-method = How it was verified
web-request-verify-document = An identity document was checked
web-request-verify-known_account = Details match what we hold about the subject
web-request-verify-representative = A representative's authority and the subject's identity were checked
web-request-verify-note = What was checked (do not copy document numbers)
web-request-verified = The requester's identity is verified.
web-request-fulfil = Carry out on our stores
web-request-fulfil-hint = A dry run shows what the request would touch and changes nothing. The run itself needs a verified identity; the request can be completed once every store has confirmed it.
web-request-dry-run = Dry run
web-request-run = Run now
web-request-runs = Runs
web-request-run-dry = Dry run: nothing was changed or kept.
web-request-run-state-complete = Confirmed by every store
web-request-run-state-incomplete = Not confirmed by every store
web-request-run-state-failed = Failed
web-request-run-state-running = Running
web-request-run-state-dry_run = Dry run
web-request-package = Access package
web-col-store = Store
web-col-table = Table
web-col-rows = Rows
web-col-erasure = On erasure
web-request-documents = Documents
web-request-act = Destruction act
web-destruction-log = Destruction log (CSV)
web-request-extend = Extend the deadline as the law allows
web-request-extend-reason = The reasons, as told to the subject
web-request-extended = The deadline is extended; tell the subject the reasons.
email-code-subject = { $operator }: your code for request { $reference }
email-code-body = You asked { $operator } about your personal data (request { $reference }). To confirm that this e-mail address is yours, enter this code on the request's page:

        { $code }

    The code is valid until { $expires }. If you did not make this request, ignore this message: nothing is done without the code.
web-portal-code = The code we e-mailed to you (6 digits)
web-portal-code-submit = Confirm
web-portal-code-verified = Thank you: your e-mail address is confirmed, and your request will be answered.
web-portal-code-wrong = { $count ->
    [one] That code is not right. You may try once more.
   *[other] That code is not right. You may try { $count } more times.
}
web-portal-staff-verify = The operator will contact you to confirm who you are before answering.
