"""Sharpeye's GStreamer decoder child: gst-launch-1.0 without the textual pipeline grammar.

    /usr/bin/python3 sharpeye-gst-launch.py < plan.json

Reads one JSON plan on stdin (built by ingest/gstreamer/gst-args.ts), builds the pipeline element
by element and sets every property with set_property, so no value (a URL, a password) is ever
parsed as pipeline syntax, and none appears in argv or the environment (both readable by every
local user in /proc). Frames go to stdout as GDP packets (gdppay), exactly as
`gst-launch-1.0 ... ! gdppay ! fdsink fd=1` wrote them. Errors go to stderr in gst-launch's words
("ERROR: from element ...: ..."), exit status 1; end of stream exits 0.

Only the source elements the plan allows exist in this process (the others are removed from the
registry before the pipeline is built), and every source element the pipeline creates (decodebin
and demuxers create their own, e.g. HLS) is checked again before it can start; anything else ends
the process at once, so a hostile playlist cannot make it read a local file or open another protocol.
"""
import json
import os
import sys


def fail(element, message, debug="", status=1):
    sys.stderr.write(f"ERROR: from element {element}: {message}\nAdditional debug info:\n{debug}\n")
    sys.stderr.flush()
    os._exit(status)


try:
    import gi

    gi.require_version("Gst", "1.0")
    from gi.repository import GLib, GObject, Gst  # noqa: E402
except (ImportError, ValueError) as err:  # python3-gi or the GStreamer typelib is missing
    fail("sharpeye-gst-launch", f"python3-gi with GStreamer 1.0 is not available ({err})", status=3)


def make(factory, name=None):
    element = Gst.ElementFactory.make(factory, name)
    if element is None:
        fail("sharpeye-gst-launch", f"no GStreamer element '{factory}': this installation cannot read this input (missing plug-in)", status=4)
    return element


def set_properties(element, properties):
    for key, value in properties.items():
        spec = element.find_property(key)
        if spec is None:
            fail(element.get_name(), f"element has no property '{key}'", status=4)
        if GObject.type_is_a(spec.value_type, GObject.TYPE_ENUM) or GObject.type_is_a(spec.value_type, GObject.TYPE_FLAGS):
            # Enums and flags (e.g. rtspsrc protocols=tcp) only ever hold the plan's constant text.
            Gst.util_set_object_arg(element, key, str(value))
        else:
            element.set_property(key, value)  # set as a value, never parsed


def restrict_registry(plan):
    """Forgets every source element the plan does not allow, in this process only.

    Elements outside the pipeline create sources too: an HLS demuxer fetches keys and variant
    playlists through gst_element_make_from_uri, which no bin signal reports. With the factories
    gone from the registry, a file:// (or data:, or any other) URI finds no element at all.
    A local file may not be a playlist either: adaptive demuxers go too when one source is allowed.
    The adaptivedemux2 demuxers (hlsdemux2, dashdemux2) always go: their own download helper fetches
    URIs without elements (file:// included), out of reach of both checks; hlsdemux remains.
    """
    registry = Gst.Registry.get()
    allowed = set(plan["allowedSources"])

    def unwanted():
        for feature in registry.get_feature_list(Gst.ElementFactory):
            klass = feature.get_metadata("klass") or ""
            if (
                ("Source" in klass and feature.get_name() not in allowed)
                or ("Adaptive" in klass and plan.get("maxSources") == 1)
                or feature.get_plugin_name() == "adaptivedemux2"
            ):
                yield feature

    # A plugin loaded later registers all its features again (filesrc comes back with the first
    # capsfilter, both being coreelements): load each such plugin first, then remove.
    for name in {f.get_plugin_name() for f in unwanted()}:
        if name:
            Gst.Plugin.load_by_name(name)
    for feature in list(unwanted()):
        registry.remove_feature(feature)


def guard_sources(pipeline, plan):
    """Ends the process before any source element the plan does not allow can open anything."""
    allowed = set(plan["allowedSources"])
    limit = plan.get("maxSources")
    seen = []

    def on_added(_bin, _sub_bin, element):
        factory = element.get_factory()
        if factory is None or "Source" not in (factory.get_metadata("klass") or ""):
            return
        name = factory.get_name()
        seen.append(name)
        if name not in allowed:
            fail(element.get_name(), f"refused to open a {name} element: a {plan['scheme']} input may only use {', '.join(sorted(allowed))}")
        if limit is not None and len(seen) > limit:
            fail(element.get_name(), f"refused to open a second input ({name}): a {plan['scheme']} input names exactly one stream")

    pipeline.connect("deep-element-added", on_added)


RAW_CHAIN = {"videorate", "videoconvert", "videoscale"}


def raw_element(factory):
    """One element of the raw-video chain; videorate only ever drops (own pts kept, none repeated)."""
    if factory not in RAW_CHAIN:
        fail("sharpeye-gst-launch", f"'{factory}' may not appear in the raw-video chain", status=2)
    element = make(factory)
    if factory == "videorate":
        element.set_property("drop-only", True)
    return element


def build(plan):
    restrict_registry(plan)
    pipeline = Gst.Pipeline.new("pipeline0")
    guard_sources(pipeline, plan)
    source = make(plan["source"]["factory"], "src")
    set_properties(source, plan["source"]["properties"])
    chain = [make(f) for f in plan["decoder"]]
    tail = [raw_element(f) for f in plan["rawChain"]]
    capsfilter = make("capsfilter")
    capsfilter.set_property("caps", Gst.Caps.from_string(plan["caps"]))
    sink = make("fdsink")
    sink.set_property("fd", 1)
    sink.set_property("sync", False)
    tail += [capsfilter, make("gdppay"), sink]
    for element in [source, *chain, *tail]:
        pipeline.add(element)
    for a, b in zip(chain, chain[1:]):
        a.link(b)
    for a, b in zip(tail, tail[1:]):
        a.link(b)
    link_dynamic(pipeline, source, chain[0], plan["sourceCaps"])
    link_dynamic(pipeline, chain[-1], tail[0], "video/x-raw")
    return pipeline


def link_dynamic(pipeline, upstream, downstream, wanted):
    """Links the first pad whose caps start with `wanted`; other pads (audio) go to a fakesink."""
    state = {"linked": False}

    def on_pad(_element, pad):
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0) if caps and caps.get_size() > 0 else None
        text = structure.to_string() if structure else ""
        media = structure.get_string("media") if structure and structure.has_field("media") else None
        fits = text.startswith(wanted) or (wanted == "application/x-rtp" and media == "video")
        if wanted == "application/x-rtp" and media not in (None, "video"):
            fits = False
        if fits and not state["linked"]:
            if pad.link(downstream.get_static_pad("sink")) == Gst.PadLinkReturn.OK:
                state["linked"] = True
                return
        drop = make("fakesink")
        drop.set_property("sync", False)
        pipeline.add(drop)
        drop.sync_state_with_parent()
        pad.link(drop.get_static_pad("sink"))

    def on_no_more_pads(element):
        if not state["linked"]:
            fail(element.get_name(), "no video stream in the input")

    static = upstream.get_static_pad("src")
    if static is not None:
        static.link(downstream.get_static_pad("sink"))
        return
    upstream.connect("pad-added", on_pad)
    upstream.connect("no-more-pads", on_no_more_pads)


def run(pipeline):
    loop = GLib.MainLoop()

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            err, debug = message.parse_error()
            fail(message.src.get_path_string() if message.src else "pipeline0", err.message, debug or "")
        elif message.type == Gst.MessageType.EOS:
            loop.quit()
        elif message.type == Gst.MessageType.WARNING:
            warn, debug = message.parse_warning()
            sys.stderr.write(f"WARNING: from element {message.src.get_path_string() if message.src else ''}: {warn.message}\n")
            sys.stderr.flush()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        # The bus usually carries the reason; give it a moment to be printed by on_message.
        GLib.timeout_add(500, lambda: fail("pipeline0", "could not start the pipeline"))
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    return 0


def main():
    Gst.init(None)
    try:
        plan = json.load(sys.stdin)
    except ValueError as err:
        fail("sharpeye-gst-launch", f"the decode plan on stdin is not JSON ({err})", status=2)
    sys.stdout.flush()
    code = run(build(plan))
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
