"""A collaborator with some of its methods replaced: the fault suite's crashing stores, a test's failing download.

The replacements are given the wrapped collaborator's own methods to call on to, so nothing is assigned to a
module: the wrapped object goes where the original went (a Stores, a handler module's STORES)."""

from dataclasses import replace

from donor_import.data.stores import Stores


class Override:
    """`inner` with the methods named in `methods` replaced; every other attribute is inner's."""

    def __init__(self, inner, **methods):
        self._inner = inner
        self.__dict__.update(methods)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def overriding(stores: Stores, **by_store: dict) -> Stores:
    """stores with some methods of some of its stores replaced: overriding(s, files={"download": f})."""
    return replace(stores, **{name: Override(getattr(stores, name), **methods) for name, methods in by_store.items()})
