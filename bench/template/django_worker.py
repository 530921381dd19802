"""Django's side of the template benchmark (bench/template/run.mjs).

A long-lived worker so Python starts, and Django compiles the template, only once. It reads
one JSON command per line on stdin and answers one JSON line on stdout:

  {"cmd": "setup", "dir": ..., "data": {...}}  -> {"ok": true, "version": "3.2.25"}
  {"cmd": "render"}                            -> {"html": "..."}  (for the equality check)
  {"cmd": "run", "ms": 300}                    -> {"count": n, "seconds": s}

"run" renders the page repeatedly for about `ms` milliseconds, timing itself with
perf_counter, so process start-up and the pipe are never measured. The engine is
django.template.Engine with the default loaders and debug off: the cached loader, as in a
production Django project.
"""
import json
import sys
import time

import django
from django.conf import settings

settings.configure()
django.setup()

from django.template import Context, Engine  # noqa: E402

engine = None
data = None


def render():
    return engine.get_template("page.dtl").render(Context(data))


for line in sys.stdin:
    command = json.loads(line)
    if command["cmd"] == "setup":
        engine = Engine(dirs=[command["dir"]], debug=False)
        data = command["data"]
        reply = {"ok": True, "version": django.get_version()}
    elif command["cmd"] == "render":
        reply = {"html": render()}
    elif command["cmd"] == "run":
        budget = command["ms"] / 1000.0
        count = 0
        start = time.perf_counter()
        elapsed = 0.0
        while elapsed < budget:
            render()
            count += 1
            elapsed = time.perf_counter() - start
        reply = {"count": count, "seconds": elapsed}
    else:
        reply = {"error": "unknown command %r" % command["cmd"]}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
