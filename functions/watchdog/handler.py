"""Every few minutes: imports that stopped making progress are ended with a reason."""

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from donor_import.data.stores import build
from donor_import.services.ending.watchdog import sweep

logger = Logger()
tracer = Tracer()
metrics = Metrics()
STORES = build()


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context):
    ended = sweep(STORES, time_left=lambda: context.get_remaining_time_in_millis() / 1000)
    metrics.add_metric(name="StalledImportsEnded", unit=MetricUnit.Count, value=len(ended))
    return {"ended": ended}
