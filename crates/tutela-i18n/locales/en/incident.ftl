# Draft notices of a security incident (tutela-server api::incidents::draft). Staff adapt and send them.
incident-draft-regulator = To: { $authority }
    From: { $operator }, { $address } ({ $contact })
    Subject: Notification of a personal data breach ({ $article })

    1. What happened: { $description }
    2. When it was discovered: { $discovered }
    3. Systems and stores affected: { $systems }
    4. Categories of personal data affected: { $categories }
    5. Approximate number of data subjects affected: { $subjects }
    6. Measures taken or proposed: { $measures }
    7. Contact for further information: { $contact }

    This notice is given under { $article }. Further information will follow as the investigation proceeds.
incident-draft-subjects = Dear customer,

    On { $discovered } { $operator } discovered a security incident that may concern your personal data: { $description }

    Data concerned: { $categories }.
    What we have done: { $measures }
    What you can do: be wary of unexpected messages that ask for your password or payment details, and change your password if you reused it elsewhere.

    For questions, contact us at { $contact }. You may also complain to the data protection authority.
    { $operator }, { $address }
