from django.urls import reverse


def test_log_in_change_password_and_log_out(client, cast):
    response = client.post(
        reverse("login"), {"username": "registrant", "password": "pw-for-tests-1"}, follow=True
    )
    assert response.context["user"] == cast.registrant
    assert "作为报名工作人员的任务" in response.content.decode()

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-1",
            "new_password1": "Qinghai-2022-new",
            "new_password2": "Qinghai-2022-new",
        },
        follow=True,
    )
    assert "您的密码已修改" in response.content.decode()

    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
    assert client.login(username="registrant", password="Qinghai-2022-new")


def test_a_wrong_password_is_refused_in_chinese(client, cast):
    response = client.post(reverse("login"), {"username": "registrant", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_a_user_without_a_role_is_told_whom_to_ask(client, cast):
    client.force_login(cast.nobody)
    assert "联系交易团办公室" in client.get(reverse("home")).content.decode()
