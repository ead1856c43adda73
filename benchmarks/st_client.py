"""A lightweight client of Streamlit's websocket protocol, for load tests and fault tests.

It does what the browser does, minus drawing: opens ``/_stcore/stream``, asks for a page
(``rerun_script`` with the page's URL path and query string), reads the ForwardMsgs (elements,
``auto_rerun`` timers, ``script_finished``), clicks buttons by label (a ``trigger_value`` widget
state) and, like the browser, re-runs a fragment every ``auto_rerun`` interval while the server
asks for it (waiting for the previous run to finish, as a busy browser tab effectively does).
Far cheaper than a browser context, so one machine can drive 30 sessions against one server.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STEP = re.compile(r"Step ([\d,]+) of ([\d,]+)")


@dataclass
class Stats:
    fragment_runs: int = 0  # completed fragment reruns (the live picture, the curves)
    full_runs: int = 0
    pictures: int = 0  # live pictures received (progress bar updates: one per refresh)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fragment_seconds: list[float] = field(default_factory=list)  # each timed fragment run, request to end


class Session:
    """One learner's tab. Use ``async with Session(url, page, query) as s``."""

    def __init__(self, base_url: str, page: str, query: str = "", session_id: str | None = None) -> None:
        self.ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.page, self.query = page, query
        self.session_id = session_id  # set: reconnect to this server session (within its TTL)
        self.page_hash = ""
        self.buttons: dict[str, str] = {}  # label -> widget id
        self.widgets: dict[str, tuple[str, object]] = {}  # user key -> (widget id, its element proto)
        self.texts: list[str] = []  # the last full run's markdown bodies
        self.full_done = 0  # full runs that ran to the end
        self.progress_text = ""
        self.alerts: list[str] = []  # the bodies of the last full run's st.error / warning / info boxes
        self.share_link = ""  # the lesson's share link (a st.code block holding "?"), if any
        self.timers: dict[str, float] = {}  # fragment id -> interval (s)
        self.running = False
        self.finished = asyncio.Event()
        self.stats = Stats()
        self._ws: websockets.ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._rerunner: asyncio.Task | None = None
        self.debug = False
        self._fragment_sent = 0.0

    # --- connection -------------------------------------------------------------------------
    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        protocols = ["streamlit", "no-xsrf-token", self.session_id] if self.session_id else ["streamlit"]
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=protocols, max_size=None, origin=None, open_timeout=30
        )
        self._reader = asyncio.create_task(self._read())
        self._rerunner = asyncio.create_task(self._auto_rerun())
        await self.rerun()

    async def close(self) -> None:
        for task in (self._rerunner, self._reader):
            if task:
                task.cancel()
        if self._ws is not None:
            await self._ws.close()

    # --- talking to the server --------------------------------------------------------------
    async def _send(self, msg: BackMsg) -> None:
        assert self._ws is not None
        await self._ws.send(msg.SerializeToString())

    async def rerun(self, widgets: list[WidgetState] | None = None, fragment_id: str = "") -> None:
        """Ask for a run (a whole page, or one fragment) and return once it is requested."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.page_script_hash = self.page_hash
        if fragment_id:
            cs.fragment_id = fragment_id
            cs.is_auto_rerun = True
        self._fragment_sent = time.perf_counter() if fragment_id else 0.0
        for w in widgets or []:
            cs.widget_states.widgets.append(w)
        self.finished.clear()
        self.running = True
        await self._send(msg)

    async def click(self, label: str) -> float:
        """Click the button with this label; returns the time the click was sent."""
        if label not in self.buttons:
            raise KeyError(f"no button {label!r} on {self.page}; have {sorted(self.buttons)}")
        w = WidgetState(id=self.buttons[label], trigger_value=True)
        sent = time.perf_counter()
        await self.rerun([w])
        return sent

    def state(self, key: str, value: object) -> WidgetState:
        """The widget state a browser sends for the widget of this key holding ``value``: a radio's
        or a selectbox's option by its index, a checkbox's bool, a number, a text, or (for a
        button, None) a click."""
        wid, el = self.widgets[key]
        w = WidgetState(id=wid)
        if value is None:
            w.trigger_value = True
        elif isinstance(value, bool):
            w.bool_value = value
        elif hasattr(el, "options") and isinstance(value, int):
            w.string_value = el.options[value]
        elif isinstance(value, (int, float)):
            w.double_value = float(value)
        else:
            w.string_value = str(value)
        return w

    async def submit(self, states: list[WidgetState], timeout: float = 120) -> float:
        """Send these widget states (a form's fields and its submit button) and wait until a full
        run has finished after them (not one the click interrupted); returns the seconds it took."""
        done = self.full_done
        sent = time.perf_counter()
        await self.rerun(states)
        await self.wait_for(lambda s: s.full_done > done and not s.running, timeout)
        return time.perf_counter() - sent

    async def goto(self, page: str, query: str = "", timeout: float = 120) -> float:
        """Open another page in this session, as a click in the sidebar does."""
        self.page, self.query, self.page_hash = page, query, ""
        return await self.submit([], timeout)

    async def wait_finished(self, timeout: float = 60) -> None:
        await asyncio.wait_for(self.finished.wait(), timeout)

    async def wait_for(self, predicate, timeout: float = 60) -> float:
        """Wait until ``predicate(self)`` holds (checked on every message); returns when."""
        deadline = time.perf_counter() + timeout
        while not predicate(self):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"condition not met on {self.page} within {timeout} s")
            await asyncio.sleep(0.01)
        return time.perf_counter()

    @property
    def step(self) -> int | None:
        m = STEP.search(self.progress_text)
        return int(m.group(1).replace(",", "")) if m else None

    # --- reading ------------------------------------------------------------------------------
    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                self._handle(ForwardMsg.FromString(raw))
        except asyncio.CancelledError:
            raise
        except Exception as err:  # a dropped connection is a result to report, not a crash
            self.stats.errors.append(f"{type(err).__name__}: {err}")

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if msg.metadata.active_script_hash:
            self.page_hash = msg.metadata.active_script_hash  # the page the server is running
        if self.debug:
            print(
                "<-", kind, msg.delta.WhichOneof("type") if kind == "delta" else "", str(msg)[:200].replace("\n", " ")
            )
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            if not msg.metadata.run.fragment_ids:  # a full run: the browser resets its timers
                self.timers.clear()
                self.buttons = {}  # (widgets stay: an id is fixed by its key, and a rerun may be on its way)
                self.texts = []
                self.alerts = []
                self.stats.full_runs += 1
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            what = el.WhichOneof("type")
            wid = getattr(getattr(el, what), "id", "") if what else ""
            if isinstance(wid, str) and wid.count("-") >= 2:  # "$$ID-<hash>-<user key>"
                self.widgets[wid.split("-", 2)[2]] = (wid, getattr(el, what))
            if what == "markdown":
                self.texts.append(el.markdown.body)
            if what == "button":
                self.buttons[el.button.label] = el.button.id
                if self.debug:
                    print("   button", el.button.label, el.button.id, el.button.disabled)
            elif what == "alert":
                self.alerts.append(el.alert.body)
            elif what == "progress" and STEP.search(el.progress.text):
                self.progress_text = el.progress.text
                self.stats.pictures += 1
            elif what == "code" and "?" in el.code.code_text and "seed=" in el.code.code_text:
                self.share_link = el.code.code_text.strip()
            elif what == "exception":
                self.stats.exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "auto_rerun":
            self.timers[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids or list(self.timers):
                self.timers.pop(fid, None)
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.stats.fragment_runs += 1
                if self._fragment_sent:
                    self.stats.fragment_seconds.append(time.perf_counter() - self._fragment_sent)
            elif msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.full_done += 1
            self.running = False
            self.finished.set()

    async def _auto_rerun(self) -> None:
        """The browser's fragment timers: re-run each fragment every interval, one run at a time."""
        last: dict[str, float] = {}
        while True:
            await asyncio.sleep(0.01)
            if self.running or not self.timers:
                continue
            now = time.monotonic()
            for fid, interval in list(self.timers.items()):
                if now - last.get(fid, 0.0) >= interval:
                    last[fid] = now
                    await self.rerun(fragment_id=fid)
                    break
