"""Render the corpus with Django's own engine and print {name: output} as JSON.

Usage: python3 render_django.py corpus.json
Context values: {"$date": iso} becomes an aware datetime, {"$safe": s} a SafeString.
Cases with "min": [major, minor] are skipped on older Django versions.
Cases with "settings": {...} render with those settings overridden (override_settings, which
also clears Django's format cache).
"""
import datetime
import json
import sys

import django
from django.conf import settings

extra = {"USE_L10N": True} if django.VERSION < (5, 0) else {}  # always on since Django 5
settings.configure(USE_TZ=True, TIME_ZONE="UTC", USE_I18N=False, TEMPLATES=[], **extra)
django.setup()

from django.template import Context, Engine  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402


def decode(value):
    if isinstance(value, dict):
        if "$date" in value:
            return datetime.datetime.fromisoformat(value["$date"].replace("Z", "+00:00"))
        if "$safe" in value:
            return mark_safe(value["$safe"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def main():
    corpus = json.load(open(sys.argv[1]))
    out = {}
    for case in corpus:
        if tuple(case.get("min", [0, 0])) > django.VERSION[:2]:
            out[case["name"]] = {"skipped": True}
            continue
        files = dict(case.get("files", {}))
        files["main.html"] = case["t"]
        opts = case.get("opts", {})
        engine = Engine(
            loaders=[("django.template.loaders.locmem.Loader", files)],
            string_if_invalid=opts.get("string_if_invalid", ""),
            # Named explicitly: a standalone Engine may not discover django.templatetags.
            libraries={
                "i18n": "django.templatetags.i18n",
                "l10n": "django.templatetags.l10n",
                "tz": "django.templatetags.tz",
            },
        )
        try:
            with override_settings(**case.get("settings", {})):
                rendered = engine.get_template("main.html").render(Context(decode(case.get("c", {}))))
            out[case["name"]] = {"output": str(rendered)}
        except Exception as error:  # report the class, compared with ours
            out[case["name"]] = {"error": type(error).__name__, "message": str(error)}
    json.dump({"version": django.get_version(), "results": out}, sys.stdout)


main()
