"""The error every registration write raises, said where the user will look."""


class RegistrationError(Exception):
    """Why a registration cannot be saved or submitted, said where the user will look:
    ``fields`` by purchaser field, ``attendees`` by row index then field."""

    def __init__(
        self,
        messages: list[str] | None = None,
        *,
        fields: dict[str, list[str]] | None = None,
        attendees: dict[int, dict[str, list[str]]] | None = None,
    ):
        self.messages = list(messages or [])
        self.fields = dict(fields or {})
        self.attendees = dict(attendees or {})
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = list(self.messages)
        parts += [m for msgs in self.fields.values() for m in msgs]
        parts += [m for row in self.attendees.values() for msgs in row.values() for m in msgs]
        return " ".join(parts)

    def add_attendee_error(self, index: int, name: str, message: str) -> None:
        self.attendees.setdefault(index, {}).setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.messages or self.fields or self.attendees)
