"""A browser tab without the browser: Streamlit's own websocket protocol spoken from Python.

A running Streamlit server is driven exactly as its web page drives it: the client opens
``/_stcore/stream``, sends ``BackMsg`` protobufs (a rerun with the page's address, the widgets'
values, a button's trigger) and reads the ``ForwardMsg`` stream (the page's elements) until the
server says the run finished. What it leaves out is the browser's own work (laying out and
painting what arrives), so it is light enough to run many sessions on a small machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class Run:
    """What one run of the page sent: its elements in order, and how long it took."""

    seconds: float
    elements: list[Any] = field(default_factory=list)
    received: int = 0  # bytes of ForwardMsg read

    def of_kind(self, kind: str) -> list[Any]:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def headings(self) -> list[str]:
        return [h.body for h in self.of_kind("heading")]

    def texts(self) -> str:
        return " ".join([m.body for m in self.of_kind("markdown")]
                        + [h.body for h in self.of_kind("heading")]
                        + [a.body for a in self.of_kind("alert")])


class AppSession:
    """One session of the app at ``url`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, url: str, timeout: float = 120) -> None:
        self.timeout = timeout
        self._stack = ExitStack()
        self._ws = self._stack.enter_context(connect(
            url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
            max_size=None, open_timeout=timeout, origin=url))
        self.page_hash = ""
        self.query = ""
        self.last: Run | None = None

    def __enter__(self) -> AppSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def open(self, path: str = "/") -> Run:
        """Open the page at ``path`` (``/ecosystem?x=1``), as typing the address would."""
        page, _, query = path.lstrip("/").partition("?")
        self.page_hash = ""
        return self.rerun(query=query, page_name=page)

    def rerun(self, query: str | None = None, page_name: str = "",
              widgets: Iterable[WidgetState] = ()) -> Run:
        """Run the page again (the same address unless ``query`` is given)."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query if query is None else query
        state.page_script_hash = self.page_hash
        state.page_name = page_name
        state.widget_states.widgets.extend(widgets)
        return self._send(message)

    def click(self, label_starts: str) -> Run:
        """Click the first button whose label starts with ``label_starts``."""
        button = self.button(label_starts)
        return self.rerun(widgets=[WidgetState(id=button.id, trigger_value=True)])

    def button(self, label_starts: str) -> Any:
        assert self.last is not None, "open a page first"
        for button in self.last.of_kind("button"):
            if button.label.startswith(label_starts):
                return button
        raise LookupError(f"no button labelled {label_starts!r}...")

    def clear_caches(self) -> None:
        """What the app menu's "Clear caches" sends: every st.cache_* is emptied."""
        message = BackMsg()
        message.clear_cache = True
        self._ws.send(message.SerializeToString())

    def _send(self, message: BackMsg) -> Run:
        start = time.perf_counter()
        self._ws.send(message.SerializeToString())
        run = Run(0.0)
        deadline = start + self.timeout
        while True:
            data = self._ws.recv(timeout=max(deadline - time.perf_counter(), 0.01))
            run.received += len(data)
            reply = ForwardMsg()
            reply.ParseFromString(data)
            kind = reply.WhichOneof("type")
            if kind == "navigation" and reply.navigation.page_script_hash:
                self.page_hash = reply.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = reply.page_info_changed.query_string
            elif kind == "new_session":
                self.page_hash = reply.new_session.page_script_hash or self.page_hash
                run.elements.clear()
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                run.elements.append(reply.delta.new_element)
            elif kind == "script_finished" and reply.script_finished != _EARLY:
                run.seconds = time.perf_counter() - start
                self.last = run
                return run
