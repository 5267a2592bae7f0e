"""Work that ran out of retries, so that its import still ends: batches from the batch dead-letter queue
(their rows become errors), and the validator's given-up S3 events and validation requests (the import fails)."""

import json

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from donor_import import telemetry
from donor_import.data.stores import build
from donor_import.domain.batch_message import BatchMessage
from donor_import.services.ending import given_up
from donor_import.services.processor import give_up_batch

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)
STORES = build()


def _dead_letter(record: SQSRecord) -> None:
    """Each queue's messages have their own shape: an OnFailure destination record wraps the request it gave
    up; a batch has a number; a validation request has only its import."""
    message = json.loads(record.body)
    if "requestPayload" in message:
        ended = given_up.upload_given_up(STORES, message)
        logger.info("given-up S3 event", extra={"ended": ended})
        telemetry.count("ValidatorGaveUp")
    elif "batch_no" in message:
        batch = BatchMessage.model_validate(message)
        logger.append_keys(import_id=batch.import_id, org_id=batch.org_id, batch_no=batch.batch_no)
        give_up_batch(STORES, batch, receive_count=int(record.attributes.approximate_receive_count or 0))
        telemetry.count("DeadLetterBatches")
    else:
        logger.append_keys(import_id=message["import_id"], org_id=message["org_id"])
        given_up.validation_given_up(STORES, message, given_up.sent_time(record.attributes.sent_timestamp))
        telemetry.count("ValidatorGaveUp")


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    return process_partial_response(event, _dead_letter, processor, context)
