# 以请求人的语言答复请求（crates/tutela-server/src/api/requests/answer.rs）。
answer-subject = { $operator }：对您的请求 { $reference } 的答复
answer-re = 您于 { $received } 提出的请求 { $reference }
answer-completed-access = 我们已答复您查阅个人信息的请求。您的个人信息见文件 { $file }（SHA-256 { $sha256 }），随本答复发送或另行提供：我们处理哪些信息、目的、法律依据、保存期限以及向谁提供。
answer-completed-erasure = 您的个人信息已于 { $date } 删除（销毁记录 { $act }）。法律要求我们保存的信息已在记录中列明，并注明相关法律和保存期限；这些信息不作他用，期限届满后删除。
answer-completed = 我们已按您的请求处理。
answer-refused = 我们无法按您的请求处理。
answer-what-was-done = 处理情况：{ $note }
answer-ground = 理由：{ $note }
answer-complain = 如有异议，您可以向{ $authority }投诉。
answer-authority-eu_gdpr = 您所在欧盟成员国的数据保护监管机构
answer-authority-ru_152fz = 俄罗斯联邦通信、信息技术和大众传媒监督局（Roskomnadzor）
answer-authority-cn_pipl = 国家网信部门或其他履行个人信息保护职责的部门
answer-authority-in_dpdp = 印度数据保护委员会
answer-authority-us_ca_ccpa = 加利福尼亚州隐私保护局
answer-authority-br_lgpd = 巴西国家数据保护局（ANPD）
answer-signature = { $operator }，{ $date }
completion-subject = { $operator }：您的请求 { $reference } 需要补充信息
completion-body = 我们暂时无法答复您于 { $received } 提出的请求 { $reference }：法律（{ $article }）要求请求包含
    { $items }
    请注明编号 { $reference } 补充所缺内容。收到后，答复期限继续计算。
completion-item-id_document = 您（或您的代理人）身份证件的号码、签发日期和签发机关
completion-item-relationship = 证明您与我们之间关系的信息，例如合同编号和日期
completion-item-signature = 您（或您的代理人）的签名
