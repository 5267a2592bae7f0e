"""Batches that reached the dead-letter queue: their rows become errors, so the import still ends."""

import json

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from donor_import import telemetry
from donor_import.services.processor import give_up_batch

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


def _dead_batch(record: SQSRecord) -> None:
    message = json.loads(record.body)
    logger.append_keys(import_id=message["import_id"], org_id=message["org_id"], batch_no=message["batch_no"])
    give_up_batch(message, receive_count=int(record.attributes.approximate_receive_count or 0))
    telemetry.count("DeadLetterBatches")


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    return process_partial_response(event, _dead_batch, processor, context)
