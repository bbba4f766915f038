"""QR codes of a view's link, made here with segno (pure Python, BSD-licensed; no network):
the one on a slide in presentation mode (`qr=1`) and the one on the deck's last slide.

`png(link, size)` gives a black-on-white PNG about `size` pixels square, with the quiet
zone (four modules of white) a scanner needs; `short(link)` is the link as printed under
the code, without its scheme. Nothing here knows the app's address: the caller passes the
absolute link (`dashboard.ui.url.absolute_link` in the app, `params.link` elsewhere).
"""

from __future__ import annotations

import io

import segno

ERROR = "m"  # recovers from 15% damage: a projector's glare or a phone's blur
BORDER = 4  # modules of quiet zone, as the standard asks


def png(link: str, size: int = 600) -> bytes:
    """The link as a QR code PNG, at least `size` pixels square (whole pixels per module)."""
    code = segno.make(link, error=ERROR, micro=False)
    modules = code.symbol_size(scale=1, border=BORDER)[0]
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, -(-size // modules)), border=BORDER)
    return out.getvalue()


def short(link: str) -> str:
    """The link as a person reads it off a slide: no "https://"."""
    return link.split("://", 1)[-1]
