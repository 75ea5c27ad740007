"""Step 10: the diff of key names, the write, the .gitignore fix and the summary."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.widgets import Button, Static

from wizard.core.envfile.write import BACKUPS_KEPT
from wizard.core.timefmt import expiry_text
from wizard.tui.steps.base import ActionButton, StepScreen

SIGN = {"added": "[$success]+[/]", "changed": "[$warning]~[/]", "unchanged": "[$text-muted]=[/]"}


class ReviewStep(StepScreen):
    """Writes only what was validated, through EnvFile.plan().apply()."""

    STEP_ID: ClassVar[str] = "review"
    AUTO_FOCUS = "#continue"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+g", "press('gitignore')", "Add to .gitignore"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="diff", classes="keys")
        yield Static("", id="git", classes="prose")
        with Horizontal(classes="actions"):
            yield ActionButton("Add to .gitignore (ctrl+g)", id="gitignore")
        yield Static("", id="summary", classes="prose")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._written = False
        self._plan: Any = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#gitignore", Button).display = False
        self.refresh_plan()

    def primary_label(self) -> str:
        """Write the file, then finish: the button and the footer say which."""
        return "Finish" if self._written else f"Write {self.ctx.env_path.name}"

    def changes(self) -> dict[str, str]:
        """Validated values only: steps that are done (or warned) contributed them."""
        values = self.ctx.values.as_dict()
        return {f.name: v for f in fields(self.ctx.values) if (v := values[f.name])}

    def refresh_plan(self) -> None:
        from wizard.core.envfile.gitsafety import git_safety
        from wizard.core.envfile.store import EnvFile
        from wizard.core.envfile.write import EnvFileError

        try:
            env = EnvFile.read(self.ctx.env_path)
            self._plan = env.plan(self.changes())
        except EnvFileError as error:
            self.card.show_problem("The env file cannot be updated", str(error), "")
            return
        rows = []
        for line in self._plan.lines:
            new = line.new  # EnvFile.plan already masked secrets (EAAB…9xZD): shown as they are
            if line.action == "changed":
                new = f"{line.old} → {new}"
            elif line.action == "unchanged":
                new = "(unchanged)"
            rows.append(f"  {SIGN[line.action]} {line.key:<30} {escape(new)}")
        head = f"{escape(str(self.ctx.env_path))}: what will be written"
        self.query_one("#diff", Static).update("\n".join([head, *rows]))
        safety = git_safety(self.ctx.env_path)
        risky = safety.status in ("tracked", "not_ignored")
        mark = "[$warning]![/]" if risky else "[$success]✓[/]"
        text = f"{mark} {escape(safety.message)}"
        if risky and safety.fix:  # the exact fix (git rm --cached …, rotate; or .gitignore)
            text += f"\n  [b]Fix:[/b] {escape(safety.fix)}"
        git_line = self.query_one("#git", Static)
        git_line.update(text)
        # At 80x24 the git line sits below the fold: bring it in.
        self.call_after_refresh(git_line.scroll_visible, animate=False)
        self.query_one("#gitignore", Button).display = safety.status == "not_ignored"

    @on(Button.Pressed, "#gitignore")
    def add_gitignore(self) -> None:
        from wizard.core.envfile.gitsafety import add_to_gitignore
        from wizard.core.envfile.write import EnvFileError

        try:
            where = add_to_gitignore(self.ctx.env_path)
        except (OSError, EnvFileError) as error:
            self.card.show_problem("Could not update .gitignore", str(error), "Add it by hand.")
            return
        self.notify(f"Added {self.ctx.env_path.name} to {where.name}.")
        self.refresh_plan()

    async def proceed(self) -> None:
        if self._written:
            self.leave(self._finished())
            return
        if self._plan is None:
            return
        from wizard.core.envfile.write import EnvChangedOnDisk, EnvFileError

        try:
            backup = self._plan.apply()
        except EnvChangedOnDisk:
            self._changed_on_disk()
            return
        except EnvFileError as error:
            self.card.show_problem(
                "Nothing was written", str(error), "Fix it and press Write again."
            )
            return
        self._written = True
        self.card.clear()  # an earlier "Nothing was written" no longer holds
        self.ctx.saved = True
        self.ctx.loaded = self.ctx.values
        summary = self.query_one("#summary", Static)
        summary.update(self._summary(backup))
        # The summary ends with "Prove it works"; it is the body's last part: show its end.
        body = self.query_one("#step-body")
        self.call_after_refresh(body.scroll_end, animate=False)
        self.show_primary()

    def _changed_on_disk(self) -> None:
        """Someone (an editor?) changed the file: plan again from it, wait for a second Write.

        Never overwrite what the person did not see: the new diff is shown and only the
        next press of Write applies it.
        """
        self.refresh_plan()
        self.card.show_problem(
            "Nothing was written",
            f"{self.ctx.env_path.name}: the file changed on disk since the wizard read it.",
            "Review the new changes above and press Write again.",
        )

    def _finished(self) -> Any:
        from wizard.tui.flow import StepResult

        return StepResult("finish", self.ctx.values, state="done")

    def _summary(self, backup: Any) -> str:
        info = self.ctx.facts.get("token_info")
        phone = self.ctx.facts.get("phone") or {}
        phone_id = self.ctx.values.phone_number_id
        kind = str(getattr(info, "type", None) or "unchecked").lower().replace("_", "-")
        expiry = expiry_text(getattr(info, "expires_at", None), self.ctx.now())
        lines = [
            f"[$success]✓[/] Written to {escape(str(self.ctx.env_path))}"
            + (
                f" (backup: {escape(backup.name)}; the last {BACKUPS_KEPT} are kept)"
                if backup
                else ""
            ),
            f"  Token: {escape(kind)} token, {escape(expiry)}",
            f"  Phone: {escape(str(phone.get('display_phone_number', phone_id)))}",
            "  Prove it works any time later: [b]wa-wizard doctor[/b]",
        ]
        return "\n".join(lines)
