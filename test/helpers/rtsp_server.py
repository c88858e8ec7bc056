"""A real RTSP camera for tests: Debian's GStreamer RTSP server (python3-gi), run with /usr/bin/python3.

    rtsp_server.py --port PORT [--user U --password P]
                   --mount /name=pattern | /name=still | /name=file:PATH | /name=raw:PATH | /name=audio  (repeatable)

`pattern` is a live synthetic H.264 stream (moving ball), `file:PATH` serves an MP4's H.264 video
track, looping, and `audio` is an audio-only stream (for "not a video" errors). With --user and
--password every mount requires HTTP basic auth. Prints "READY <port>" on stdout once listening and
exits cleanly on SIGTERM/SIGINT.
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

LAUNCH = {
    "pattern": (
        "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=10/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 ! rtph264pay name=pay0 pt=96 )"
    ),
    # A still grey picture: a camera where nothing moves and nothing is there, for motion gating.
    "still": (
        "( videotestsrc is-live=true pattern=solid-color foreground-color=0xff707070 ! video/x-raw,width=320,height=240,framerate=10/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 ! rtph264pay name=pay0 pt=96 )"
    ),
    "audio": "( audiotestsrc is-live=true ! audioconvert ! opusenc ! rtpopuspay name=pay0 pt=97 )",
}


def file_launch(path):
    # Re-encoding keeps timestamps continuous across loops; cheap at this size and rate.
    return (
        f"( multifilesrc location={path} loop=true ! qtdemux ! h264parse ! avdec_h264 ! videoconvert "
        "! videoscale ! videorate ! video/x-raw,width=320,height=240,framerate=10/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 ! rtph264pay name=pay0 pt=96 )"
    )


def raw_launch(path):
    # Served as stored, no re-encoding (benchmarks: the server must cost next to nothing).
    return f"( filesrc location={path} ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mount", action="append", default=[])
    ap.add_argument("--user")
    ap.add_argument("--password")
    a = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(a.port))
    mounts = server.get_mount_points()
    for spec in a.mount:
        path, _, kind = spec.partition("=")
        factory = GstRtspServer.RTSPMediaFactory()
        if kind.startswith("file:"):
            factory.set_launch(file_launch(kind[5:]))
        elif kind.startswith("raw:"):
            factory.set_launch(raw_launch(kind[4:]))
        else:
            factory.set_launch(LAUNCH[kind])
        factory.set_shared(True)
        if a.user:
            perms = GstRtspServer.RTSPPermissions()
            perms.add_permission_for_role("user", "media.factory.access", True)
            perms.add_permission_for_role("user", "media.factory.construct", True)
            factory.set_permissions(perms)
        mounts.add_factory(path, factory)
    if a.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(a.user, a.password), token)
        server.set_auth(auth)
    if server.attach(None) == 0:
        print(f"cannot listen on 127.0.0.1:{a.port}", file=sys.stderr)
        sys.exit(2)
    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f"READY {a.port}", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
