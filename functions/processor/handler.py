"""The processor: batches of valid rows from SQS, with partial batch failures reported back."""

import json
import time

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from donor_import.data.stores import build
from donor_import.services.processor import process_batch

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)
STORES = build()


def _batch(record: SQSRecord) -> None:
    message = json.loads(record.body)
    logger.append_keys(import_id=message["import_id"], org_id=message["org_id"], batch_no=message["batch_no"])
    process_batch(STORES, message)
    sent_ms = int(record.attributes.sent_timestamp)
    metrics.add_metric(name="BatchLatency", unit=MetricUnit.Milliseconds, value=time.time() * 1000 - sent_ms)


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    return process_partial_response(event, _batch, processor, context)
