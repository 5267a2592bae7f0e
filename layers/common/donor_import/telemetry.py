"""Business metrics (CloudWatch EMF through Powertools). Powertools Metrics share one metric set per process,
so the services add to it and the handlers' @metrics.log_metrics flushes it at the end of an invocation."""

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

metrics = Metrics()


def count(name: str, value: float = 1) -> None:
    if value:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def seconds(name: str, value: float) -> None:
    """A duration, published even when zero (an alarm on it then sees data every time)."""
    metrics.add_metric(name=name, unit=MetricUnit.Seconds, value=value)
