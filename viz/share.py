"""The run in the browser's address: the page opens its run from it, keeps it up to date, shares it.

What the address holds and how a run is rebuilt from it is `viz.address`; here is what the
page does with it:

- `use_opened_run` reads the address the page was opened with, once, and builds its run.
- `ShareRun` keeps the browser's address at the run shown, and gives the address to share
  (a text field to copy, and a Copy button).

When the address follows the run: at every change of the run the page makes (Reset, another
scenario or seed, an exercise, role play, an injected event, Step, Pause, the last week) but
not at each week Play plays, which would cost a message to the browser a week: while Play runs,
the address stays at the week it started from and catches up when Play stops. A reload while
Play runs therefore goes back to that week; Share, pressed at any time, gives the week shown.

The address is replaced (`history.replaceState`) rather than pushed: a run played week by
week does not fill the browser's history, and the server's router never sees the change, so
updating the address can neither rebuild the run nor loop. (`solara.use_router().push` would
push a history entry and re-render the whole app each time.)
"""

from __future__ import annotations

import ipyvuetify as v
import solara
import traitlets
from mesa.visualization.utils import update_counter

from model import LibyaModel
from viz.address import OpenedRun, address_of, open_run
from viz.run_data import model_lock

BROWSER_ADDRESS = """
<template>
  <span style="display: none"></span>
</template>
<script>
module.exports = {
  mounted() {
    this.follow(this.search);
  },
  watch: {
    search(value) {
      this.follow(value);
    },
  },
  methods: {
    follow(search) {
      if (!search) {
        return;
      }
      const url = new URL(window.location.href);
      url.search = search;
      if (url.href !== window.location.href) {
        window.history.replaceState(window.history.state, "", url.href);
      }
    },
  },
};
</script>
"""

SHARE_FIELD = """
<template>
  <div>
    <v-text-field
      :value="address"
      label="Address of this run"
      readonly
      outlined
      dense
      hide-details
      @focus="$event.target.select()"
    ></v-text-field>
    <div style="display: flex; align-items: center; gap: 8px; margin-top: 6px">
      <v-btn small @click="copy">Copy</v-btn>
      <span style="font-size: 0.85em">{{ note }}</span>
    </div>
  </div>
</template>
<script>
module.exports = {
  data() {
    return { note: "" };
  },
  computed: {
    address() {
      const url = new URL(window.location.href);
      url.search = this.search;
      url.hash = "";
      return url.href;
    },
  },
  watch: {
    search() {
      this.note = "";
    },
  },
  methods: {
    async copy() {
      const field = this.$el.querySelector("input");
      field.focus();
      field.select();
      try {
        // undefined where the page is served over plain http from another machine
        await navigator.clipboard.writeText(this.address);
        this.note = "Copied.";
      } catch (error) {
        this.note = document.execCommand("copy")
          ? "Copied."
          : "Select the address and copy it (Ctrl+C).";
      }
    },
  },
};
</script>
"""


class BrowserAddress(v.VuetifyTemplate):
    """Sets the query of the browser's address to `search`, without a new history entry."""

    template = traitlets.Unicode(BROWSER_ADDRESS).tag(sync=True)
    search = traitlets.Unicode("").tag(sync=True)


class ShareField(v.VuetifyTemplate):
    """The page's address with the query `search`, in a text field to copy, and a Copy button.

    The browser completes the address (its host and path), which the server does not know.
    """

    template = traitlets.Unicode(SHARE_FIELD).tag(sync=True)
    search = traitlets.Unicode("").tag(sync=True)


def use_opened_run() -> OpenedRun:
    """The run of the address the page was opened with (`viz.address.open_run`), built once."""
    router = solara.use_router()
    return solara.use_memo(lambda: open_run(router.search), [])


def run_query(model: LibyaModel, seed: int) -> str:
    """The query of the run's address, read under the model's lock (Play may be stepping it)."""
    with model_lock(model):
        return address_of(model, seed).query()


@solara.component
def ShareRun(model: LibyaModel, seed: int, playing: bool, role_play: bool = False) -> None:
    """Keeps the browser's address at the run (not at each week Play plays); Share gives it.

    In role play it says what the address leaves out: the student's choices are not events
    (but the UN's engagement, which is one), so the address opens a run the model decides.
    """
    shown = solara.use_ref("")
    shared, set_shared = solara.use_state((None, ""))
    if not playing:
        update_counter.get()  # Step and inject redraw the page through it
        shown.current = run_query(model, seed)
    BrowserAddress.element(search=shown.current)
    solara.Button(
        "Share this run",
        icon_name="mdi-share-variant",
        on_click=lambda: set_shared((model, run_query(model, seed))),
    )
    if role_play:
        solara.Warning(
            "Role play: the address does not carry your choices as an actor (the UN's "
            "engagement excepted, an event); opened, it plays the same weeks with the model "
            "deciding for your actor."
        )
    shared_model, pressed = shared
    if shared_model is model:  # a new run forgets the address shared of the one before
        solara.Text(
            "Opening this address reproduces the run: scenario, seed, parameters, injected "
            "events and the week reached.",
            style={"font-size": "0.8em", "color": "#666"},
        )
        # the week Share was pressed at while Play runs; the run as it stands otherwise
        ShareField.element(search=pressed if playing else shown.current)
