"""The real SMTP server of the reminder tests, for the bulletins' emails."""

from tests.delegations.conftest import smtp, smtp_server  # noqa: F401 (fixtures)
