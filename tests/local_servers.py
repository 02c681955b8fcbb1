"""Servers the tests start on this machine: a free port to listen on, a real SMTP inbox."""

import email
import socket
import threading
from email import policy
from types import SimpleNamespace


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What arrived at the SMTP server; addresses in ``refuse`` are refused (550)."""

    def __init__(self):
        self.messages: list[SimpleNamespace] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(
                SimpleNamespace(
                    to=sorted(envelope.rcpt_tos),
                    subject=str(message["subject"]),
                    text=message.get_body(("plain",)).get_content(),
                    html=message.get_body(("html",)).get_content(),
                )
            )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[SimpleNamespace]:
        return [m for m in self.messages if address in m.to]
