"""How the API answers a write the service refused because of the object's state."""

from rest_framework import status
from rest_framework.response import Response


def conflict_response(error: Exception) -> Response:
    """409 with the service's own words: someone was first, or the state does not allow it."""
    return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
