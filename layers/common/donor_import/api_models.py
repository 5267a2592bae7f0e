"""The HTTP API's request bodies and error answers, as pydantic models (they also make its OpenAPI document)."""

from http import HTTPStatus
from typing import Literal

from pydantic import BaseModel, Field

from .domain.import_types import ImportType


class MappingOptions(BaseModel):
    default_region: str | None = Field(default=None, pattern="^[A-Za-z]{2}$",
                                       description="Country (ISO 3166 code) of phone numbers written without one")
    date_orders: dict[str, Literal["DMY", "MDY"]] | None = Field(
        default=None, description="For an ambiguous date field: day first (DMY) or month first (MDY)")


ALLOW_DUPLICATE = ("Import the file even when an import of the same content is still in progress (it is "
                   "refused otherwise); gifts imported already are still recognised as duplicates")


class CreateImport(BaseModel):
    import_type: ImportType
    file_name: str = Field(min_length=1, max_length=255)
    mapping: dict[str, str | None] | None = Field(
        default=None, description="Header as in the file -> field name, or null to ignore the column; "
                                  "skips the mapping step")
    options: MappingOptions | None = None
    allow_duplicate_file: bool = Field(default=False, description=ALLOW_DUPLICATE)


class TryMapping(BaseModel):
    mapping: dict[str, str | None]
    options: MappingOptions | None = None


class ConfirmMapping(TryMapping):
    save: bool = Field(default=False, description="Remember this mapping for files with the same headers")
    allow_duplicate_file: bool = Field(default=False, description=ALLOW_DUPLICATE)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorAnswer(BaseModel):
    error: ErrorDetail


class GatewayAnswer(BaseModel):
    """What API Gateway itself answers, before the function runs (no or a bad token)."""

    message: str


def answers(success: int, description: str, *errors: int) -> dict:
    """OpenAPI responses of a route: its success status, and the error statuses it may answer."""
    documented = {success: {"description": description,
                            "content": {"application/json": {"schema": {"type": "object"}}}}}
    for status in errors:
        model = GatewayAnswer if status == 401 else ErrorAnswer
        documented[status] = {"description": HTTPStatus(status).phrase,
                              "content": {"application/json": {"model": model}}}
    return documented
