# Subscriptions and accounts: receipts e-mailed to subjects (tutela-server api::subscriptions::receipts)
# and the portal's subscription pages (tutela-web portal_subscription).
sub-event-signed_up = Subscription started
sub-event-trial_ended = Trial ended, first paid period started
sub-event-renewed = Renewed for another period
sub-event-paused = Paused
sub-event-resumed = Resumed
sub-event-cancel_scheduled = Cancelled at the end of the period
sub-event-cancelled = Cancelled
sub-event-cancel_reverted = Cancellation taken back
sub-event-expired = Ended at the end of its term
sub-receipt-subject = { $operator }: { $detail } ({ $reference })
sub-receipt-body = { $operator } confirms this change to your subscription { $reference } ({ $plan }):

    { $detail }
    Date and time: { $date }
sub-receipt-access = You keep access until { $until }. Nothing more will be charged.
sub-receipt-ended = Your access ended on { $until }. Nothing more will be charged.
sub-receipt-refund = Refund of the unused part: { $amount }
sub-receipt-paused = The subscription is paused until { $until } and resumes by itself then. Nothing is charged while it is paused.
sub-receipt-next = Next charge: { $amount } on { $until }.
sub-receipt-footer = Keep this message: it is your receipt. You can pause, cancel or close your account at any time: { $url }
sub-reminder-subject = { $operator }: your subscription resumes on { $until }
sub-reminder-body = Your subscription { $reference } ({ $plan }) is paused until { $until }. It resumes by itself then and the next period will be charged: { $amount }. To cancel instead, visit { $url }
sub-link-subject = { $operator }: cancel your subscription { $reference }
sub-link-body = Someone, we hope you, asked to cancel the subscription { $reference } ({ $plan }) without signing in. To see what cancelling means and confirm it, open this link within 24 hours:

    { $url }

    If it was not you, ignore this message: nothing changes.
account-closure_requested-subject = { $operator }: your account will be closed on { $until }
account-closure_requested-body = You asked us to close your account. It will be closed on { $until }: your subscriptions end, and your personal data is erased, which cannot be undone. Until then you can restore your account: { $url }

    Your paid plans will not renew, and marketing messages have stopped.
account-restored-subject = { $operator }: your account is restored
account-restored-body = Your account is restored as it was, with your subscriptions. Nothing was erased.
account-closed-subject = { $operator }: your account is closed
account-closed-body = Your account is closed and your personal data was erased on { $date } (destruction act { $act }). Records the law requires us to keep, such as invoices, are kept only for the period the law sets and then destroyed. This is the last message we send you.

portal-sub-title = Your subscription
portal-sub-none = You have no running subscription.
portal-sub-plans = Plans
portal-sub-price = { $amount } every { $period }
portal-sub-period-month = 30 days
portal-sub-period-year = 365 days
portal-sub-trial = { $count ->
    [one] first { $count } day free
   *[other] first { $count } days free
}
portal-sub-choose = Choose { $plan }
portal-sub-review = Start { $plan }
portal-sub-review-terms = You can pause, cancel or close your account at any time, as easily as you sign up. You will receive a receipt by e-mail.
portal-sub-start = Start subscription
portal-sub-status = Status
portal-sub-status-trialing = In trial
portal-sub-status-active = Active
portal-sub-status-paused = Paused
portal-sub-status-cancelling = Cancelled, access until the end of the period
portal-sub-status-cancelled = Cancelled
portal-sub-status-expired = Ended
portal-sub-next-charge = Next charge: { $amount } on { $date }
portal-sub-access-until = Access until { $date }
portal-sub-paused-until = Paused until { $date }
portal-sub-pause = Pause
portal-sub-pause-for = Pause for
portal-sub-pause-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
portal-sub-resume = Resume now
portal-sub-cancel = Cancel subscription
portal-sub-revert = Keep my subscription
portal-sub-cancel-title = Cancel { $plan }
portal-sub-consequences = What cancelling means
portal-sub-consequence-access = You keep access until { $date }; nothing more is charged.
portal-sub-consequence-now = Access ends now; nothing more is charged.
portal-sub-consequence-refund = You get back the unused part of the period: { $amount }.
portal-sub-consequence-kept = Your account and data are kept. To have them deleted, close your account instead.
portal-sub-consequence-marketing = Marketing messages stop.
portal-sub-consequence-revert = You can take the cancellation back until { $date }.
portal-sub-reason = Why are you leaving? (optional)
portal-sub-reason-none = Prefer not to say
portal-sub-reason-price = Too expensive
portal-sub-reason-usage = I don't use it enough
portal-sub-reason-features = Something is missing
portal-sub-reason-problems = Technical problems
portal-sub-reason-other = Another reason
portal-sub-offer = Or pause for up to { $count } days instead. This is only an offer: cancelling is not delayed by it.
portal-sub-confirm-cancel = Confirm cancellation
portal-sub-done-signed_up = Your subscription has started. A receipt is on its way.
portal-sub-done-paused = Your subscription is paused.
portal-sub-done-resumed = Your subscription is active again.
portal-sub-done-cancelled = Your subscription is cancelled. A receipt with the date and time is on its way.
portal-sub-done-reverted = Your subscription continues.
portal-sub-done-restored = Your account is restored.
portal-sub-receipts = Receipts
portal-account-title = Close your account
portal-account-consequences = Closing your account ends every subscription and erases your personal data: your profile, history and preferences. This cannot be undone once the grace period ends.
portal-account-grace = { $count ->
    [one] You can restore your account within { $count } day.
   *[other] You can restore your account within { $count } days.
}
portal-account-understand = I understand that my account and data will be erased.
portal-account-close = Close my account
portal-account-pending = Your account will be closed on { $date }. Until then you can restore it.
portal-account-restore = Restore my account
portal-account-closing = Your account is being closed.
portal-cancel-title = Cancel a subscription
portal-cancel-intro = You can cancel without signing in. Give the e-mail address of the subscription and its reference (it is on every receipt, e.g. SUB-000042); we send a link to that address to confirm.
portal-cancel-reference = Subscription reference
portal-cancel-send = Send me a cancellation link
portal-cancel-sent = If the address and reference belong to a running subscription, a link to cancel it is on its way to that address. It is valid for 24 hours.
portal-cancel-link = Cancel without signing in

web-nav-subscriptions = Subscriptions
web-subs-title = Subscriptions and accounts
web-subs-intro = Plans, every subscription with its billing and access ends, and accounts whose closure is under way. Renewals, pauses' ends, reminders and closures whose grace ended run every minute; the button runs them now.
web-subs-list = Subscriptions
web-subs-col-plan = Plan
web-subs-col-price = Price
web-subs-col-terms = Terms
web-subs-col-reference = Reference
web-subs-col-period-end = Billing end
web-subs-col-access-end = Access ends
web-subs-col-signup = Signed up
web-subs-col-closes = Closes
web-subs-closures = Account closures
web-subs-run = Run what is due now
web-subs-pause-limit = { $count ->
    [one] pause up to { $count } day
   *[other] pause up to { $count } days
}
web-subs-steps = { $count ->
    [one] { $count } step
   *[other] { $count } steps
}
web-subs-ran = { $count ->
    [one] { $count } subscription or closure was due and was handled.
   *[other] { $count } subscriptions or closures were due and were handled.
}
web-subs-grace = { $count ->
    [one] A closed account is erased { $count } day after the subject asked; until then they can restore it.
   *[other] A closed account is erased { $count } days after the subject asked; until then they can restore it.
}
