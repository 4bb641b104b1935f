"""Form widgets of the msp admin."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

CONTACT_KEYS = ("name", "role", "email", "phone", "notes")
EMPTY_ROWS = 2


class ContactsTableWidget(forms.Widget):
    """A client's contacts (a JSON list of ``{name, role, email, phone, notes}``) as a
    table of inputs, one row per contact and two empty rows to add one; a row left
    empty is dropped. The value travels as JSON, so the model's validator and the API
    see the same list."""

    def _rows(self, value: Any) -> list[dict[str, str]]:
        if isinstance(value, str):
            try:
                value = json.loads(value) if value else []
            except ValueError:
                value = []
        if not isinstance(value, list):
            return []
        return [row for row in value if isinstance(row, dict)]

    def render(self, name, value, attrs=None, renderer=None):
        rows = self._rows(value)
        cells = []
        for index in range(len(rows) + EMPTY_ROWS):
            row = rows[index] if index < len(rows) else {}
            inputs = format_html_join(
                "",
                '<td><input type="{}" name="{}-{}-{}" value="{}" aria-label="{} {}"></td>',
                (
                    (
                        "email" if key == "email" else "text",
                        name,
                        index,
                        key,
                        row.get(key, "") if isinstance(row.get(key, ""), str) else "",
                        key,
                        index + 1,
                    )
                    for key in CONTACT_KEYS
                ),
            )
            cells.append(format_html("<tr>{}</tr>", inputs))
        header = format_html_join("", '<th scope="col">{}</th>', ((key,) for key in CONTACT_KEYS))
        element_id = (attrs or {}).get("id", f"id_{name}")
        return format_html(
            '<table class="msp-contacts" id="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody>'
            '</table><input type="hidden" name="{}-rows" value="{}">',
            element_id,
            header,
            mark_safe("".join(cells)),  # noqa: S308 (each row built by format_html)
            name,
            len(rows) + EMPTY_ROWS,
        )

    def value_from_datadict(self, data, files, name) -> str | None:
        if f"{name}-rows" not in data:
            # Not from this widget (a raw JSON post): take the field as it came.
            return data.get(name)
        try:
            count = min(int(data.get(f"{name}-rows", 0)), 500)
        except (TypeError, ValueError):
            count = 0
        contacts = []
        for index in range(count):
            row = {key: (data.get(f"{name}-{index}-{key}") or "").strip() for key in CONTACT_KEYS}
            if not any(row.values()):
                continue
            contacts.append({key: text for key, text in row.items() if text or key == "name"})
        return json.dumps(contacts)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return f"{name}-rows" not in data and name not in data
