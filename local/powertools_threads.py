"""Powertools' HTTP resolver keeps the request it answers on its base class (`BaseRouter.current_event` and
`lambda_context`): one per process, which is right in Lambda, where a process runs one invocation at a time.
The local stack runs the API's execution environments as threads of one process, so here those two attributes
are kept per thread; shared, one request's body answered another (a contacts import created as donations, a
flag lost) whenever two requests were served at once."""

import threading

from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

PER_THREAD = ("current_event", "lambda_context")
_values = threading.local()


class _PerThread:
    """A class attribute whose value is the current thread's."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, instance, owner=None):
        try:
            return getattr(_values, self.name)
        except AttributeError:
            raise AttributeError(self.name) from None

    def __set__(self, instance, value) -> None:
        setattr(_values, self.name, value)


class _RouterType(type(BaseRouter)):
    """BaseRouter's own type, sending the resolver's class-level assignments of PER_THREAD to the thread."""

    def __setattr__(cls, name: str, value) -> None:
        if cls is BaseRouter and name in PER_THREAD:
            setattr(_values, name, value)
        else:
            super().__setattr__(name, value)


def install() -> None:
    if type(BaseRouter) is _RouterType:
        return
    BaseRouter.__class__ = _RouterType
    for name in PER_THREAD:
        type.__setattr__(BaseRouter, name, _PerThread(name))
