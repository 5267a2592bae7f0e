"""The validator: S3 ObjectCreated events for uploads, and validation requests from its SQS queue."""

import json
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from donor_import.data.stores import build
from donor_import.services import intake, validation_run

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)
STORES = build()


def _validation_request(record: SQSRecord, lambda_context) -> None:
    request = json.loads(record.body)
    logger.append_keys(import_id=request["import_id"], org_id=request["org_id"])
    validation_run.on_validation_request(STORES, request["org_id"], request["import_id"],
                                    lambda: lambda_context.get_remaining_time_in_millis() / 1000,
                                    request.get("retries", 0))


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    records = event.get("Records") or []
    if records and records[0].get("eventSource") == "aws:sqs":
        return process_partial_response(event, _validation_request, processor, context)
    for record in S3Event(event).records:
        # The key in an S3 event is URL-encoded (spaces arrive as '+').
        intake.on_upload(STORES, unquote_plus(record.s3.get_object.key), record.s3.get_object.version_id)
    return {"status": "ok"}
