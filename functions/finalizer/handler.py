"""The finalizer: finalize requests from its SQS queue; each writes an import's results and final status."""

import json

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from donor_import.data.stores import build
from donor_import.services.ending.finalizer import on_finalize_request

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)
STORES = build()


def _finalize_request(record: SQSRecord) -> None:
    request = json.loads(record.body)
    logger.append_keys(import_id=request["import_id"], org_id=request["org_id"])
    on_finalize_request(STORES, request["org_id"], request["import_id"], request["attempt"])


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    return process_partial_response(event, _finalize_request, processor, context)
