# 安全事件通知草稿（tutela-server api::incidents::draft）。员工修改后发送。
incident-draft-regulator = 致：{ $authority }
    报告单位：{ $operator }，{ $address }（{ $contact }）
    事由：个人信息安全事件报告（{ $article }）

    一、事件概况：{ $description }
    二、发现时间：{ $discovered }
    三、受影响的系统和数据库：{ $systems }
    四、涉及的个人信息种类：{ $categories }
    五、可能受影响的个人数量（估计）：{ $subjects }
    六、已采取或拟采取的补救措施：{ $measures }
    七、联系方式：{ $contact }

    本报告依据{ $article }提交。调查进展将另行报告。
incident-draft-subjects = 尊敬的用户：

    { $operator }于 { $discovered } 发现一起可能涉及您个人信息的安全事件：{ $description }

    涉及的信息：{ $categories }。
    我们已采取的措施：{ $measures }
    您可以采取的措施：警惕索要密码或支付信息的陌生消息；如您在其他网站使用了相同密码，请及时修改。

    如有疑问，请联系：{ $contact }。您也可以向履行个人信息保护职责的部门投诉。
    { $operator }，{ $address }
