import datetime

import jinja2


def when(seconds: float) -> str:
    """Seconds since the epoch as ``2030-01-01 00:00:00 UTC``."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader("templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
templates.filters["when"] = when
