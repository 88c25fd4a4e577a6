"""The demo's shop page: the "ad link" of the demo campaign leads here, in the tester's locale."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from backend.demo.texts import SHOP, SHOP_PATH


@get(
    f"{SHOP_PATH}/{{locale:str}}/trail-runner",
    include_in_schema=False,
    opt={"exclude_from_auth": True},
)
async def demo_shop(locale: FromPath[str]) -> Template:
    """Northwind's product page for the advertised trainers."""
    if locale not in SHOP:
        raise NotFoundException(f"The demo shop has no {locale} pages.")
    return Template("demo_shop.html", context={"locale": locale, "words": SHOP[locale]})
