"""The collaborators every use case is given: the imports table, the CRM records, the file store and the queues.

A handler builds them once per execution environment (build()) and passes them to the services; unit tests pass
in-memory fakes, and the fault suite and the bench wrap the ones they are given. Method names are those the
data modules have today, so a module serves as its own stand-in until it becomes an object."""

from dataclasses import dataclass
from typing import Any

from . import crm_repo, files, imports_repo, queues


@dataclass(frozen=True)
class Stores:
    imports: Any
    crm: Any
    files: Any
    queues: Any


def build() -> Stores:
    return Stores(imports=imports_repo, crm=crm_repo, files=files, queues=queues)
