"""The HTTP API's contract as pydantic models: request bodies, every answer, errors (they also make its OpenAPI
document). An answer is built through its model (answer()), which refuses a field the model does not declare."""

from enum import StrEnum
from http import HTTPStatus
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, WithJsonSchema, create_model

from .domain.contacts import PERSON
from .domain.import_record import FailureKind, ListState, Stage, Status
from .domain.import_types import ImportType
from .domain.matching.rules import MatchRule, UpdateMode
from .domain.org_lists import MAX_NAME_CHARS, MAX_NAMES, Name

MATCH_RULE = ("What a row is matched to a stored contact on: standard (external id, then email, then phone, then "
              "name and address; the default), email (email only), external_id (external id only), never (every "
              "row a new contact)")
UPDATE_MODE = ("What a match does to the stored contact: update (a value in the file replaces the stored one; the "
               "default), fill_empty (only empty fields are filled), keep (the contact is left as it is; the "
               "row's record is linked to it). A blank cell never wipes a value; tags are added to")

HEADER_ROW = ("Whether the file's first row is its header (false: it is a record, and the columns are named "
              '"Column 1", "Column 2"…); absent: as the file looks')


class Choice:
    """A string the document lists the enum's values for, checked by the service (another value is a 422 naming
    the choices, as other values outside a fixed list are), not refused here as a 400."""

    def __class_getitem__(cls, choices: type[StrEnum]):
        return Annotated[str, WithJsonSchema({"type": "string", "enum": [choice.value for choice in choices]})]


class MappingOptions(BaseModel):
    default_region: str | None = Field(default=None, pattern="^[A-Za-z]{2}$",
                                       description="Country (ISO 3166 code) of phone numbers written without one")
    date_orders: dict[str, Literal["DMY", "MDY"]] | None = Field(
        default=None, description="For an ambiguous date field: day first (DMY) or month first (MDY)")
    has_header_row: bool | None = Field(
        default=None, description=HEADER_ROW)
    match_rule: Choice[MatchRule] | None = Field(default=None, description=MATCH_RULE)
    update_mode: Choice[UpdateMode] | None = Field(default=None, description=UPDATE_MODE)
    values: dict[str, dict[str, str]] | None = Field(
        default=None, description="A fixed-list field -> {value as in the file: the value it means}, e.g. "
                                  '{"type": {"Face to face": "meeting"}}; "" for none of them (not read as its '
                                  "closest); over the organisation's dictionaries")
    constants: dict[str, str] | None = Field(
        default=None, description='A field -> its value on every row whose cell is blank or unmapped: {"type": '
                                  '"event"}, {"currency": "USD"}')


LISTS = (f"The organisation's own names (at most {MAX_NAMES}, each up to {MAX_NAME_CHARS} characters): when given, "
         "a file's value must name one (any case, or the closest), else the gift is imported without it (a warning)")


class SettingsBody(BaseModel):
    """An organisation's settings, replaced as a whole."""

    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(default=None, pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2: AU, DE, US…")
    date_order: Literal["DMY", "MDY"] | None = Field(
        default=None, description="For date columns a file leaves ambiguous; by default the country's usual one")
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$", description="ISO 4217: USD, EUR…")
    field_levels: dict[str, Literal["warning", "error"]] = Field(
        default_factory=dict, description="phone, country, postal_code (and campaign, fund when listed) -> whether "
                                          "a bad value is a warning (the row is imported without it; the "
                                          "default) or an error (the row is rejected)")
    dictionaries: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="payment_method, frequency, type (and campaign, fund when listed) -> "
                                          "{value as files write it: the value it means}")
    campaigns: list[Name] = Field(default_factory=list, max_length=MAX_NAMES, description=LISTS)
    funds: list[Name] = Field(default_factory=list, max_length=MAX_NAMES, description=LISTS)


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


class SwitchHeaderRow(BaseModel):
    has_header_row: bool = Field(description=HEADER_ROW)


class ConfirmMapping(TryMapping):
    save: bool = Field(default=False, description="Remember this mapping for files with the same headers")
    allow_duplicate_file: bool = Field(default=False, description=ALLOW_DUPLICATE)


class RetryImport(BaseModel):
    allow_duplicate_file: bool = Field(default=False, description=ALLOW_DUPLICATE + " (the page's Import anyway)")


class Answer(BaseModel):
    """What a route answers: only the fields declared here (extra="forbid" also makes the schema say so)."""

    model_config = ConfigDict(extra="forbid")


def answer(model: type[Answer], data: dict) -> dict:
    """data as the model answers it: every field it holds, absent ones left absent; a ValidationError for a field
    the model does not declare or a value of the wrong type."""
    return model.model_validate(data).model_dump(mode="json", by_alias=True, exclude_unset=True)


class SettingsAnswer(Answer):
    country: str | None
    date_order: Literal["DMY", "MDY"] | None = Field(description="As set; null: the country's usual order")
    usual_date_order: Literal["DMY", "MDY"] | None = Field(
        description="The order ambiguous date columns take: the one set, else the country's (US month first, "
                    "most others day first); null with neither, and a confirm then asks for it")
    currency: str | None
    field_levels: dict[str, Literal["warning", "error"]]
    dictionaries: dict[str, dict[str, str]]
    campaigns: list[str]
    funds: list[str]


class Health(Answer):
    status: Literal["ok"]


class FieldAnswer(Answer):
    name: str
    required: bool = Field(description="The field must be mapped (and filled in on every row)")
    description: str
    format: str = Field(description="What a value may look like")


class ImportTypeAnswer(Answer):
    name: ImportType
    description: str
    fields: list[FieldAnswer]
    required_any: list[list[str]] = Field(description="Groups of fields of which at least one must be mapped")


class ImportTypes(Answer):
    items: list[ImportTypeAnswer]
    accepted_file_types: list[str] = Field(description="File name extensions an import takes (any case)")
    stages: dict[str, str] = Field(description="Every stage, in the order an import goes through them -> the "
                                               "words a user reads for it")


class CreatedBy(Answer):
    sub: str = Field(description="The user (the token's subject) who created the import")
    email: str | None = None


class ImportOptions(Answer):
    default_region: str | None = None
    date_orders: dict[str, str] | None = None
    has_header_row: bool | None = None
    values: dict[str, dict[str, str]] | None = Field(
        default=None, description="Fixed-list field -> {value as in the file: the value it means, \"\" none}")
    constants: dict[str, str] | None = Field(default=None, description="Field -> the value of every row")
    country: str | None = Field(default=None, description="The organisation's country, as its settings said when "
                                                          "the mapping was confirmed")
    date_order: Literal["DMY", "MDY"] | None = Field(
        default=None, description="The organisation's date order for columns the file leaves undecided")
    field_errors: list[str] | None = Field(
        default=None, description="Fields whose bad values reject the row instead of a warning")
    lists: dict[str, list[str]] | None = Field(
        default=None, description="campaign, fund -> the organisation's names, as its settings said when the "
                                  "mapping was confirmed")
    match_rule: MatchRule | None = Field(default=None, description=MATCH_RULE)
    update_mode: UpdateMode | None = Field(default=None, description=UPDATE_MODE)


class Problem(Answer):
    row: int = Field(description="The row's number in the file")
    field: str | None
    reason: str


class RowWarningAnswer(Answer):
    row: int = Field(description="The row's number in the file")
    field: str
    value: str = Field(description="The value as the file has it")
    reason: str = Field(description="Why the row is imported without it, or with it read as imported_as")
    imported_as: str | None = Field(default=None, description="What the value was read as (the closest of its "
                                                              "field's list, which the value dictionary did not "
                                                              "show); absent: the row is imported without it")


class ValueMeaning(Answer):
    value: str = Field(description="A distinct value of the column, as the file writes it")
    maps_to: str | None = Field(description="The value it is read as; null: none (the row is rejected for it, "
                                            "or, for payment method, the value is kept as it is)")
    how: Literal["chosen", "synonym", "fuzzy", "unmapped"]


class FieldValues(Answer):
    field: str
    label: str
    header: str = Field(description="The column mapped to the field")
    choices: list[str] = Field(description="The field's values, any of which a file value may be given")
    if_unmapped: Literal["kept", "rejected", "warning"] = Field(
        description="What a value of no meaning does: kept as written (payment method), rejects the row "
                    "(frequency, type), or a warning and the gift imported without it (the organisation's "
                    "campaigns and funds)")
    values: list[ValueMeaning] = Field(description="The distinct values of the file's first 1,000 rows (a "
                                                   "column with more than 25 there is no fixed list)")


class MappingPreview(Answer):
    """What a mapping gives on the sample rows."""

    headers: list[str]
    suggested_mapping: dict[str, str | None] = Field(description="Header -> field name, or null to ignore it")
    missing_required: list[str] = Field(description='Required fields (or groups: "first_name or email") unmapped')
    problems: list[Problem] = Field(description="What the mapping would reject on the sample rows")
    date_order_needed: list[str] = Field(description="Date fields whose day/month order must be chosen")
    date_orders: dict[str, str] = Field(description="Date field -> DMY or MDY, as chosen or decided")
    date_order_reasons: dict[str, str] = Field(description="Date field -> what decided its order")
    warnings: list[RowWarningAnswer] = Field(description="Values the sample rows would be imported without "
                                                         "(or read as their closest, unshown)")
    value_dictionary: list[FieldValues] = Field(
        description="Per mapped fixed-list field, what each of its values means; change one with options.values")
    default_region: str


class ImportPreview(MappingPreview):
    """The preview of an import waiting for its mapping."""

    saved_mapping_used: bool = Field(description="The suggestion is a mapping saved for these headers")
    saved_mapping_message: str | None = Field(
        default=None, description="What of the saved mapping was not applied: the values of a campaign or fund "
                                  "list the organisation has emptied (or of names it no longer lists) since")
    sample_rows: list[dict[str, str]] = Field(description="The first rows, keyed by header")
    header_row: bool = Field(default=True, description="The first row is read as the header (false: as a record, "
                                                       "the columns named by position)")
    header_row_detected: bool = Field(default=True, description="The first row looks like a header")
    header_row_message: str | None = Field(default=None, description="What the preview says about the first row")


class ImportAnswer(Answer):
    import_id: str
    created_at: str
    import_type: ImportType
    file_name: str
    status: Status
    stage: Stage
    failure_reason: str | None
    # Counters as stored: null on an import recorded before the counter existed.
    rows_total: int | None
    rows_validated: int | None
    rows_processed: int | None
    rows_with_warnings: int | None = Field(description="Rows imported without a value that was not needed (a "
                                                       "phone that is no real number…): the error workbook's "
                                                       "Warnings sheet lists them")
    batches_total: int | None
    batches_done: int | None
    contacts_created: int | None
    contacts_updated: int | None
    contacts_matched: int | None = Field(default=None, description="Contacts matched and left as they were "
                                         "(update mode keep): their records were linked to them")
    possible_duplicates: int | None = Field(default=None, description="New contacts that may be a contact stored "
                                            "already: GET /imports/{id}/possible-duplicates lists them")
    mapping: dict[str, str | None] | None
    options: ImportOptions | None
    finished_at: str | None
    corrects_import_id: str | None = Field(description="The import whose error workbook this file is")
    duplicate_of: str | None = Field(description="An earlier import of the same file content (30 days)")
    created_by: CreatedBy | None
    allow_duplicate_file: bool | None = Field(description=ALLOW_DUPLICATE)
    rows_with_errors: int
    errors_fixed: int = Field(description="Rows with errors that a correcting import has fixed since")
    contacts: int = Field(description="Distinct people created or updated")
    error_file_url: str | None = Field(description="The error workbook, while it is kept")
    error_csv_url: str | None = Field(description="Every rejected row (gzipped CSV), when there are more than "
                                                  "the error workbook holds")
    warnings_csv_url: str | None = Field(description="Every warning (gzipped CSV), when there are more than the "
                                                     "error workbook's Warnings sheet holds")
    original_file_url: str | None = Field(description="The file as the import read it, while it is kept")
    original_file_expired: bool
    error_file_expired: bool
    links_expire_at: str | None
    can_load_to_list: bool
    can_retry: bool = Field(description="Failed for a reason a retry can fix (see failure_kind), and the file is kept")
    failure_kind: FailureKind | None = Field(description="Why a Failed import failed, as a kind: bad_file and "
                                                         "no_valid_rows need a corrected file, expired a new upload")
    cancelled_by: CreatedBy | None = Field(description="Who cancelled the import (failure_kind cancelled)")
    started_at: str | None = Field(description="When its rows started to be read (for the time left)")
    seconds_left: int | None = Field(description="While processing: the time left at the pace so far; null until "
                                                 "enough rows are done to estimate it")
    contacts_exact: bool = Field(description="true: `contacts` is the exact distinct count (the import has ended); "
                                             "false: it is not known yet, see contacts_so_far")
    contacts_so_far: int | None = Field(description="While the import runs: each processed batch's distinct "
                                                    "contacts added up, about the number so far (a person met by "
                                                    "two batches counts twice); null once contacts is exact")
    gift_count: int | None = Field(description="A donations import's gifts written (null for other types)")
    gift_totals: dict[str, str] | None = Field(description="A donations import's gifts: currency code -> total, "
                                                           "two decimals (XXX: rows without a currency)")
    list_id: str | None = Field(description="The import's list (Load to List), once made")
    list_name: str | None
    list_contact_count: int | None
    list_state: ListState | None = Field(description="creating while its contacts are written, then ready")
    preview: ImportPreview | None = Field(default=None, description="Only while the stage is mapping")


class ImportPage(Answer):
    items: list[ImportAnswer] = Field(description="Newest first")
    next_cursor: str | None


class Upload(Answer):
    """A presigned POST: send the fields and then the file as multipart form data to the url."""

    url: str
    fields: dict[str, str]


class CreatedImport(Answer):
    import_: ImportAnswer = Field(alias="import")
    upload: Upload


class CreateList(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200,
                             description='The list\'s name (default "Contacts from <file name>")')


class ListCreated(Answer):
    """The import's one list: made by this call, or by an earlier one (the same list for every caller)."""

    list_id: str
    name: str | None
    contact_count: int
    import_id: str
    outcome: Literal["created", "updated"] | None
    state: ListState = Field(description="ready; creating while another call still writes its contacts")


class RejectedCell(Answer):
    header: str = Field(description="The column's header in the file")
    value: str


class RejectedRow(Answer):
    row: int = Field(description="The row's number in the file")
    cells: list[RejectedCell] = Field(description="The row as it was, with the file's headers")
    fields: list[str] = Field(description="The fields whose values rejected it (empty: the row as a whole, e.g. "
                                          "a duplicate gift)")
    reason: str


class RejectedRowsPage(Answer):
    items: list[RejectedRow] = Field(description="In file order")
    next_cursor: str | None = Field(description="More rows may follow (a page reads a bounded number of batches, "
                                                "so a filtered page may be short, or empty, and still have one)")


# A contact as a list shows it: the person's fields it has (absent ones are left out), and its bookkeeping.
Contact = create_model(
    "Contact", __base__=Answer,
    contact_id=(str, ...), org_id=(str, ...), created_at=(str, ...), updated_at=(str, ...),
    created_by_import=(str, Field(description="The import that created the contact")),
    tags=(list[str] | None, None),
    email_key=(str | None, Field(default=None, description="The email in lower case, as contacts are matched by")),
    **{name: (str | None, None) for name in PERSON if name != "tags"},
)


class ListContact(Contact):
    gift_count: int = Field(description="The contact's donations, from every import")
    gift_totals: dict[str, str] = Field(description="Currency code -> total of those donations, two decimals")


class ListContactsPage(Answer):
    items: list[ListContact]
    next_cursor: str | None


class DuplicateCandidate(Answer):
    contact_id: str = Field(description="A stored contact the new one may be")
    score: float = Field(description="How alike they are, 0 to 1")
    parts: dict[str, float] = Field(description="The score of each compared part (names, address, …)")


class PossibleDuplicate(Answer):
    import_id: str
    row: int = Field(description="The row's number in the file")
    contact_id: str = Field(description="The contact the row created")
    candidates: list[DuplicateCandidate]


class PossibleDuplicatesPage(Answer):
    items: list[PossibleDuplicate]
    next_cursor: str | None


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorAnswer(BaseModel):
    error: ErrorDetail


class GatewayAnswer(BaseModel):
    """What API Gateway itself answers, before the function runs (no or a bad token)."""

    message: str


class UnauthenticatedAnswer(RootModel[GatewayAnswer | ErrorAnswer]):
    """No or a bad token: API Gateway answers before the function runs; the function answers a request that
    reaches it with no verified claims as an error."""


def answers(success: int, description: str, model: type[BaseModel] | None, *errors: int) -> dict:
    """OpenAPI responses of a route: its success status and answer, and the error statuses it may answer."""
    documented: dict[int, dict[str, Any]] = {success: {"description": description,
                                                       "content": {"application/json": {"model": model}}}}
    for status in errors:
        documented[status] = {"description": HTTPStatus(status).phrase,
                              "content": {"application/json": {"model": ERROR_MODELS.get(status, ErrorAnswer)}}}
    return documented


ERROR_MODELS = {401: UnauthenticatedAnswer}
