"""The family-tree drawing as a Streamlit component that reports clicks on its models.

The drawing (a self-contained page from :func:`lineage.ui.graphview.tree_html`) is shown in an
iframe of its own, so its styles and scripts stay apart from the app's. The component's script
listens to vis-network's click events in that frame and sends the key of a clicked model back
to the app as a trigger value, which lasts for one run of the page.
"""

from __future__ import annotations

from streamlit.components.v2 import component

_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let frame = parentElement.querySelector("iframe");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.title = "Family tree";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    parentElement.appendChild(frame);
  }
  frame.style.height = data.height + "px";
  frame.sendClick = setTriggerValue;
  if (frame.drawn !== data.html) {
    frame.drawn = data.html;
    frame.removeAttribute("data-clickable");
    frame.onload = () => {
      const network = frame.contentWindow.network;
      network.on("click", (event) => {
        if (event.nodes.length === 1) frame.sendClick("clicked", event.nodes[0]);
      });
      frame.setAttribute("data-clickable", "true");
    };
    frame.srcdoc = data.html;
  }
}
"""

_component = component("lineage_family_tree", js=_JS)


def family_tree_view(page: str, height: int, key: str) -> str | None:
    """Show the drawing ``page``; return the key of the model clicked in it, if any."""
    result = _component(key=key, data={"html": page, "height": height}, height=height + 4,
                        on_clicked_change=lambda: None)
    return result.clicked
