"""The processor: batches of rows from SQS, with partial batch failures reported back.

Each record's body is parsed as a BatchMessage before the batch is processed: a malformed one fails that record
alone (it is redelivered, then set aside on the dead-letter queue), and the others are processed."""

import time

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from pydantic import Json

from donor_import import heap
from donor_import.data.stores import build
from donor_import.domain.batch_message import BatchMessage
from donor_import.services.processor import process_batch

logger = Logger()
tracer = Tracer()
metrics = Metrics()
STORES = build()


class BatchRecord(SqsRecordModel):
    body: Json[BatchMessage]


processor = BatchProcessor(event_type=EventType.SQS, model=BatchRecord)
heap.settle_in_lambda()  # last: what loading made is never collected


def _batch(record: BatchRecord) -> None:
    message = record.body
    logger.append_keys(import_id=message.import_id, org_id=message.org_id, batch_no=message.batch_no)
    process_batch(STORES, message)
    sent_ms = record.attributes.SentTimestamp.timestamp() * 1000
    metrics.add_metric(name="BatchLatency", unit=MetricUnit.Milliseconds, value=time.time() * 1000 - sent_ms)


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    return process_partial_response(event, _batch, processor, context)
