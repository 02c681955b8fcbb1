"""Form widgets every app's pages share."""

from django import forms

# The browser's date picker; it reads and sends ISO dates whatever the page's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
