"""Step 7: pick the phone number (its Phone Number ID is what the API needs)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, DataTable, Input, Static

from wizard.core.graph import account
from wizard.core.tokens import check_field, normalize_pasted
from wizard.tui.steps.base import ActionButton, StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

STATE_OF = {"pass": "done", "warn": "warn", "fail": "fail"}
"""A verdict level -> the step's state in the checklist."""
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
    from wizard.core.checks.phone_facts import limit_tier
    from wizard.core.checks.phone_verdict import limit_text

    return limit_text(limit_tier(phone)) or "?"


async def numbers_of(
    client: Any, token: str, waba_ids: list[str]
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """(WABA id, number) for every number of every WABA, and notes on what was capped.

    The core's bounded fan-out and paging (as doctor). Discovery may list an owned WABA
    this token cannot read: skip it; only when every WABA fails is the first error
    raised (its card explains it).
    """
    from wizard.core.checks.discovery import numbers_of as core_numbers_of

    numbers = await core_numbers_of(client, token, waba_ids)
    if numbers.errors and len(numbers.errors) == len(waba_ids):
        raise numbers.errors[0]
    return numbers.found, numbers.notes


async def with_details(
    client: Any, token: str, found: list[tuple[str, dict[str, Any]]]
) -> list[tuple[str, dict[str, Any]]]:
    """Add each number's status, health and limit: the list has no ``status`` (§7.3).

    ``GET /{phone-id}?fields=…`` per number with doctor's fields for this Graph version,
    a few at a time; a number whose details fail keeps "?" rather than hiding the list.
    """
    from wizard.core.checks.phone import phone_fields
    from wizard.core.graph.fanout import gather_bounded

    fields = phone_fields(client.version)

    async def details(pair: tuple[str, dict[str, Any]]) -> dict[str, Any]:
        return await account.phone_number(client, token, str(pair[1].get("id")), fields)

    extras = await gather_bounded(found, details)
    return [
        (waba_id, {**phone, **extra} if isinstance(extra, dict) else phone)
        for (waba_id, phone), extra in zip(found, extras, strict=True)
    ]


def verdict_lines(phone_id: str, phone: dict[str, Any]) -> list[Line]:
    """Doctor's phone verdict for one number, as result lines."""
    from wizard.core.checks.phone_verdict import judge_phone

    verdict = judge_phone(phone_id, phone)
    return [
        Line(verdict.level, verdict.detail, verdict.fix or ""),
        *(Line("warn", note) for note in verdict.notes),
    ]


class PhoneNumberStep(StepScreen):
    """Lists every number of every WABA the token reaches, in a DataTable."""

    STEP_ID: ClassVar[str] = "phone_number"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+g", "press('register')", "Register"),
    ]
    ENTER_OWNERS: ClassVar[tuple[type[object], ...]] = (*StepScreen.ENTER_OWNERS, DataTable)

    def compose_body(self) -> ComposeResult:
        yield Static("Numbers this token can send from (pick one with Enter):", classes="prose")
        table: DataTable[str] = DataTable(id="phones", cursor_type="row", zebra_stripes=True)
        yield table
        register = ActionButton("Register this number… (ctrl+g)", id="register")
        register.display = False  # shown while a PENDING (unregistered) number is highlighted
        yield register
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
        self._registered: dict[str, Line] = {}
        """Numbers registered in this step: their card says so above the verdict."""
        self._columns = columns_for(self.app.size.width)
        self.query_one("#phones", DataTable).add_columns(*self._columns)
        token = self.ctx.values.access_token
        if not token:
            self.card.show_lines([Line("fail", "No token yet: paste one in step 4.")])
            return
        info = self.ctx.facts.get("token_info")
        fallback = self.ctx.values.waba_id

        async def job() -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
            from wizard.core.checks.discovery import discover_wabas

            client = self.ctx.services.client(self.ctx.values.app_secret)
            # The same discovery as doctor (scopes, owned, client, assigned); else the file's.
            reach = await discover_wabas(client, token, info)
            ids = reach.wabas or ([fallback] if fallback else [])
            if fallback and fallback not in ids and reach.capped:
                ids.append(fallback)  # maybe past the page cap: ask it directly
            found, notes = await numbers_of(client, token, ids)
            return await with_details(client, token, found), [*reach.notes, *notes]

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

    def _fill(self, answer: tuple[list[tuple[str, dict[str, Any]]], list[str]]) -> None:
        found, notes = answer
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
            self.show_lines(
                verdict_lines(current, self._rows[current][1])
                + [Line("warn", note) for note in notes if "page" in note]
            )
        else:  # Enter takes the first number that can send (CONNECTED), not a pending one
            ready = [
                i for i, (_, p) in enumerate(self._rows.values()) if p.get("status") == "CONNECTED"
            ]
            table.move_cursor(row=ready[0] if ready else 0)
        table.focus()

    def _highlighted_pending(self) -> str | None:
        """The highlighted number's id when it still needs registering (status not CONNECTED)."""
        from wizard.core.registration import phone_state_from

        table = self.query_one("#phones", DataTable)
        if not self._rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        entry = self._rows.get(str(key))
        if entry is None or not phone_state_from(entry[1], str(key)).pending:
            return None
        return str(key)

    @on(DataTable.RowHighlighted)
    def _show_register(self) -> None:
        self.query_one("#register", Button).display = self._highlighted_pending() is not None

    @on(Button.Pressed, "#register")
    def _register(self) -> None:
        """Register the highlighted PENDING number (core/registration.py, as the CLI does)."""
        from wizard.core.registration import phone_state_from
        from wizard.tui.widgets.register_dialog import RegisterNumber

        phone_id = self._highlighted_pending()
        token = self.ctx.values.access_token
        if phone_id is None or not token:
            return
        waba_id, phone = self._rows[phone_id]
        client = self.ctx.services.client(self.ctx.values.app_secret)

        def done(state: Any) -> None:
            if state is None:
                return
            fresh = {
                **phone,
                "status": state.status,
                "code_verification_status": state.verification,
            }
            if state.platform:
                fresh["platform_type"] = state.platform
            fresh.pop("health_status", None)  # read before registering: it said "not registered"
            self._registered[phone_id] = Line(
                "pass", f"Registered {state.display}: {state.status}."
            )
            self._show_rows({phone_id: (waba_id, fresh)})

            async def reread() -> list[tuple[str, dict[str, Any]]]:
                return await with_details(client, token, [(waba_id, fresh)])

            # The number's health and status as Meta tells them now (doctor's verdict).
            self.start_check("Reading the number again…", reread, self._reread)

        dialog = RegisterNumber(
            client,
            token,
            phone_state_from(phone, phone_id),
            self.ctx.values.app_id,
            practice_values=self.ctx.services.practice_values
            if self.ctx.services.sandbox
            else None,
        )
        self.app.push_screen(dialog, done)

    def _reread(self, found: list[tuple[str, dict[str, Any]]]) -> None:
        self._show_rows({str(phone.get("id")): (waba_id, phone) for waba_id, phone in found})

    def _show_rows(self, changed: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """Put changed numbers into the list, keep the cursor, and show its verdict."""
        self._rows.update(changed)
        table = self.query_one("#phones", DataTable)
        row = table.cursor_row
        table.clear()
        for key, (_, entry) in self._rows.items():
            table.add_row(*row_for(entry, self._columns), key=key)
        table.move_cursor(row=row)
        table.focus()
        self._show_register()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted number's verdict: the same words doctor uses (after a
        registration in this step, the news comes first)."""
        phone_id = str(event.row_key.value)
        if phone_id in getattr(self, "_rows", {}):
            news = [self._registered[phone_id]] if phone_id in self._registered else []
            self.show_lines(news + verdict_lines(phone_id, self._rows[phone_id][1]))

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
        state = "warn"
        if phone:
            from wizard.core.checks.phone_verdict import judge_phone

            state = STATE_OF[judge_phone(phone_id, phone).level]
        self.finish(
            self.with_values(phone_number_id=phone_id, waba_id=waba_id),
            state,
            phone=phone,
        )
