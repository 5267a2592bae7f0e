"""The collaborators every use case is given: the imports table, the CRM records, the file store and the queues.

A handler builds them once per execution environment (build()) and passes them to the services; unit tests pass
in-memory fakes, and the fault suite and the bench wrap the ones they are given."""

from dataclasses import dataclass

from ..config import Settings, settings
from .crm_repo import CrmRecords
from .files import FileStore
from .imports_repo import ImportsTable
from .ports import CrmStore, FileStorage, ImportsStore, MessageQueues
from .queues import Queues


@dataclass(frozen=True)
class Stores:
    imports: ImportsStore
    crm: CrmStore
    files: FileStorage
    queues: MessageQueues


def build(cfg: Settings | None = None) -> Stores:
    """The real stores, from the settings (read from the environment when not given)."""
    cfg = cfg or settings()
    return Stores(imports=ImportsTable(cfg.imports_table), crm=CrmRecords(cfg.records_table), files=FileStore(cfg),
                  queues=Queues(cfg))
