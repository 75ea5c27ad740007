"""Step 7: pick the phone number (its Phone Number ID is what the API needs)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from wizard.core.graph import account
from wizard.core.tokens import check_field, normalize_pasted
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

DETAIL_FIELDS = (
    "status",
    "whatsapp_business_manager_messaging_limit",
    "code_verification_status",
    "account_mode",
)
"""What the list lacks; ``status`` must be CONNECTED to send (graph-api.md §7.4); the
last two tell the test number apart (step 8 normalises recipients as send-test does)."""
COLUMNS = ("Number", "Display name", "Status", "Quality", "Limit", "Platform")
NARROW_COLUMNS = ("Number", "Name", "Status", "Limit")
"""Below ``WIDE_FROM`` terminal columns: what choosing a number needs, nothing cut off."""
WIDE_FROM = 110


def columns_for(width: int) -> tuple[str, ...]:
    """The table's columns for a terminal ``width`` columns wide."""
    return COLUMNS if width >= WIDE_FROM else NARROW_COLUMNS


def row_for(phone: dict[str, Any], columns: tuple[str, ...]) -> tuple[str, ...]:
    """One table row: the cells of ``columns`` for ``phone``."""
    cells = {
        "Number": str(phone.get("display_phone_number", "?")),
        "Display name": str(phone.get("verified_name", "?")),
        "Name": str(phone.get("verified_name", "?")),
        "Status": str(phone.get("status") or "?"),
        "Quality": str(phone.get("quality_rating", "?")),
        "Limit": _limit(phone),
        "Platform": str(phone.get("platform_type", "?")),
    }
    return tuple(cells[column] for column in columns)


def _limit(phone: dict[str, Any]) -> str:
    from wizard.core.checks.phone import limit_text

    raw = phone.get("whatsapp_business_manager_messaging_limit") or phone.get(
        "messaging_limit_tier"
    )
    return limit_text(raw) or "?"


async def numbers_of(
    client: Any, token: str, waba_ids: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(WABA id, number) for every number of every WABA, in parallel.

    Discovery may list an owned WABA this token cannot read: skip it, as doctor does;
    only when every WABA fails is the first error raised (its card explains it).
    """
    import asyncio

    from wizard.core.graph.errors import GraphError

    lists = await asyncio.gather(
        *(account.phone_numbers(client, token, waba_id) for waba_id in waba_ids),
        return_exceptions=True,
    )
    found: list[tuple[str, dict[str, Any]]] = []
    errors: list[GraphError] = []
    for waba_id, numbers in zip(waba_ids, lists, strict=True):
        if isinstance(numbers, GraphError):
            errors.append(numbers)
        elif isinstance(numbers, BaseException):
            raise numbers  # not Meta's answer: a bug or the network, never hidden
        else:
            found.extend((waba_id, phone) for phone in numbers)
    if errors and len(errors) == len(waba_ids):
        raise errors[0]
    return found


async def with_details(
    client: Any, token: str, found: list[tuple[str, dict[str, Any]]]
) -> list[tuple[str, dict[str, Any]]]:
    """Add each number's ``status`` and limit: the list has no ``status`` (graph-api.md §7.3).

    ``GET /{phone-id}?fields=…`` per number, in parallel; a number whose details
    fail keeps "?" rather than hiding the whole list.
    """
    import asyncio

    details = await asyncio.gather(
        *(account.phone_number(client, token, str(p.get("id")), DETAIL_FIELDS) for _, p in found),
        return_exceptions=True,
    )
    return [
        (waba_id, {**phone, **extra} if isinstance(extra, dict) else phone)
        for (waba_id, phone), extra in zip(found, details, strict=True)
    ]


class PhoneNumberStep(StepScreen):
    """Lists every number of every WABA the token reaches, in a DataTable."""

    STEP_ID: ClassVar[str] = "phone_number"
    ENTER_OWNERS: ClassVar[tuple[type[object], ...]] = (*StepScreen.ENTER_OWNERS, DataTable)

    def compose_body(self) -> ComposeResult:
        yield Static("Numbers this token can send from (pick one with Enter):", classes="prose")
        table: DataTable[str] = DataTable(id="phones", cursor_type="row", zebra_stripes=True)
        yield table
        yield FormField(
            "Phone Number ID (not the phone number)",
            input_id="phone-id",
            value=self.ctx.values.phone_number_id or "",
            check=lambda text: check_field("phone_number_id", normalize_pasted(text)),
            normalize=normalize_pasted,
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._rows: dict[str, tuple[str, dict[str, Any]]] = {}
        self._columns = columns_for(self.app.size.width)
        self.query_one("#phones", DataTable).add_columns(*self._columns)
        token = self.ctx.values.access_token
        if not token:
            self.card.show_lines([Line("fail", "No token yet: paste one in step 4.")])
            return
        info = self.ctx.facts.get("token_info")
        fallback = self.ctx.values.waba_id

        async def job() -> list[tuple[str, dict[str, Any]]]:
            from wizard.core.checks.discovery import reachable_wabas

            client = self.ctx.services.client(self.ctx.values.app_secret)
            # The same discovery as doctor (scopes, owned, assigned); the file's id otherwise.
            ids = await reachable_wabas(client, token, info) or ([fallback] if fallback else [])
            return await with_details(client, token, await numbers_of(client, token, ids))

        self.start_check("Listing your WhatsApp numbers…", job, self._fill)

    def on_resize(self) -> None:
        """Fewer columns below WIDE_FROM terminal columns, all of them above."""
        columns = columns_for(self.app.size.width)
        if columns == getattr(self, "_columns", columns):
            return
        self._columns = columns
        table = self.query_one("#phones", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*columns)
        for phone_id, (_, phone) in self._rows.items():
            table.add_row(*row_for(phone, columns), key=phone_id)
        if self._rows:
            table.move_cursor(row=row)

    def _fill(self, found: list[tuple[str, dict[str, Any]]]) -> None:
        table = self.query_one("#phones", DataTable)
        for waba_id, phone in found:
            phone_id = str(phone.get("id"))
            self._rows[phone_id] = (waba_id, phone)
            table.add_row(*row_for(phone, self._columns), key=phone_id)
        if not found:
            self.show_lines(
                [
                    Line(
                        "fail",
                        "This token reaches no WhatsApp number.",
                        "Assign the WhatsApp account to the token's user (Business Settings › "
                        "System users › Assign assets), then paste the token again in step 4.",
                    )
                ]
            )
            return
        current = self.ctx.values.phone_number_id
        if current and current not in self._rows:
            self.show_lines(
                [
                    Line(
                        "warn",
                        f"The file's Phone Number ID {current} is not one "
                        "of these numbers; pick one below.",
                    )
                ]
            )
        elif current:
            table.move_cursor(row=table.get_row_index(current))
        else:  # Enter takes the first number that can send (CONNECTED), not a pending one
            ready = [
                i for i, (_, p) in enumerate(self._rows.values()) if p.get("status") == "CONNECTED"
            ]
            table.move_cursor(row=ready[0] if ready else 0)
        table.focus()

    def primary_label(self) -> str:
        """Enter on the list takes the highlighted number."""
        if self.is_mounted and isinstance(self.focused, DataTable) and self._rows:
            return "Use this number"
        return self.CONTINUE_LABEL

    @on(DataTable.RowSelected)
    def _picked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.query_one("#phone-id", Input).value = str(event.row_key.value)
        self.call_after_refresh(self.run_worker, self.proceed(), exclusive=False)

    async def proceed(self) -> None:
        field = self.query_one("#phone-id-field", FormField)
        phone_id = normalize_pasted(self.query_one("#phone-id", Input).value)
        problem = check_field("phone_number_id", phone_id) if phone_id else "Pick a number first."
        if problem:
            field.show_problem(problem)
            return
        if self._rows and phone_id not in self._rows:
            field.show_problem("This ID is not one of the numbers your token reaches.")
            return
        waba_id, phone = self._rows.get(phone_id, (self.ctx.values.waba_id, {}))
        self.finish(
            self.with_values(phone_number_id=phone_id, waba_id=waba_id),
            "done" if phone else "warn",
            phone=phone,
        )
