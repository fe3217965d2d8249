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
