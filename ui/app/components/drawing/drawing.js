// The drawing component's script. It speaks Streamlit's component protocol (version 1) with
// plain postMessage: each run of the page sends only the drawing's data (nodes, edges, options
// and legend), never a page or a script, so vis-network is fetched and parsed once per frame.
// Every text from the data reaches the page as text: labels are drawn on the canvas, tooltips
// are strings (vis-network shows them as text) and the legend is built with text nodes.
(function () {
  "use strict";
  var container = document.getElementById("mynetwork");
  var shown = null;  // the JSON of the drawing on screen: an unchanged run draws nothing
  var height = null;

  function send(type, fields) {
    var message = {isStreamlitMessage: true, type: type};
    for (var name in fields) message[name] = fields[name];
    window.parent.postMessage(message, "*");
  }

  // The frame is served by the app's own origin, so its element in the page can be named
  // (for screen readers) and marked once a click on a model reaches the app.
  function markFrame(clickable) {
    var frame = null;
    try { frame = window.frameElement; } catch (err) { return; }
    if (!frame) return;
    frame.title = "Family tree";
    if (clickable) frame.setAttribute("data-clickable", "true");
    else frame.removeAttribute("data-clickable");
  }

  function legend(rows) {
    var box = document.getElementById("legend");
    box.replaceChildren();
    rows.forEach(function (row, i) {
      if (i) box.appendChild(document.createElement("br"));
      var mark = document.createElement("span");
      mark.className = row.kind === "box" ? "box" : "swatch";
      mark.style.borderColor = row.border || row.colour;
      if (row.kind === "box") mark.style.background = row.colour;
      if (row.dashed) mark.style.borderTopStyle = "dashed";
      box.appendChild(mark);
      box.appendChild(document.createTextNode(row.text));
    });
  }

  // A big family fitted into the frame would be too small to read: then start on the chosen
  // model at a readable size instead, shifted towards the side it has no relatives on
  // (double-click the background to see everything).
  function startView(network, nodes, minScale) {
    var chosen = nodes.get({filter: function (node) { return node.chosenModel; }})[0];
    if (!chosen || network.getScale() >= minScale) return;
    var up = nodes.get({filter: function (node) { return node.level < 0; }}).length > 0;
    var down = nodes.get({filter: function (node) { return node.level > 0; }}).length > 0;
    var shift = up === down ? 0 : (up ? 0.3 : -0.3) * container.clientWidth;
    network.moveTo({position: network.getPosition(chosen.id), scale: minScale,
                    offset: {x: shift, y: 0}});
  }

  function draw(drawing) {
    markFrame(false);
    legend(drawing.legend);
    if (window.network) window.network.destroy();
    var nodes = new vis.DataSet(drawing.nodes);
    var edges = new vis.DataSet(drawing.edges);
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, drawing.options);
    window.network = network;  // for a look from the browser's console
    network.on("hoverNode", function () { container.style.cursor = "pointer"; });
    network.on("blurNode", function () { container.style.cursor = "default"; });
    network.on("doubleClick", function (event) {
      if (event.nodes.length === 0) network.fit({animation: true});
    });
    network.on("click", function (event) {
      // The time makes every click a new value, so clicking the same model twice counts.
      if (event.nodes.length === 1) {
        send("streamlit:setComponentValue",
             {value: {key: event.nodes[0], at: Date.now()}, dataType: "json"});
      }
    });
    network.once("afterDrawing", function () {
      startView(network, nodes, drawing.min_scale);
      markFrame(true);
    });
  }

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (event.source !== window.parent || !message || message.type !== "streamlit:render") {
      return;
    }
    var args = message.args;
    if (args.height !== height) {
      height = args.height;
      document.getElementById("frame").style.height = height + "px";
      send("streamlit:setFrameHeight", {height: height});
    }
    var json = JSON.stringify(args.drawing);
    if (json !== shown) {
      shown = json;
      draw(args.drawing);
    }
  });

  markFrame(false);
  send("streamlit:componentReady", {apiVersion: 1});
})();
