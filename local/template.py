"""Reading template.yaml for the local stack: resources, functions with their Globals, and event sources."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
UNCAPPED_SQS_CONCURRENCY = 5


class _Loader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !GetAtt, !Sub…) turned into their long form."""


def _tag(loader: _Loader, suffix: str, node: yaml.Node):
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _tag)


def load(path: Path = TEMPLATE) -> dict:
    return yaml.load(path.read_text(), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


@dataclass
class HttpRoute:
    method: str
    path: str
    authorized: bool


@dataclass
class Function:
    logical_id: str
    code_uri: str
    handler: str
    timeout: int
    environment: dict
    routes: list[HttpRoute] = field(default_factory=list)
    reserved_concurrency: int | None = None
    sqs_sources: list[dict] = field(default_factory=list)  # {queue, batch_size, batching_window, report_failures,
    #                                                          max_concurrency}
    s3_sources: list[dict] = field(default_factory=list)  # {bucket, events, prefix}
    schedules: list[int] = field(default_factory=list)  # seconds between invocations
    # Asynchronous invocations (S3 events): retries after the first attempt, and the OnFailure queue's logical id.
    async_retries: int = 2
    on_failure_queue: str | None = None

    def sqs_concurrency(self, source: dict) -> int:
        """How many invocations Lambda runs at once for an SQS event source: up to its MaximumConcurrency, within
        the function's reserved concurrency. Without either Lambda scales to hundreds; locally, on a laptop's
        cores, such a source gets the five concurrent batches Lambda starts a standard queue with."""
        limits = [source["max_concurrency"] or UNCAPPED_SQS_CONCURRENCY, self.reserved_concurrency]
        return min(limit for limit in limits if limit)

    @property
    def handler_file(self) -> Path:
        module, _ = self.handler.rsplit(".", 1)
        return ROOT / self.code_uri / f"{module.replace('.', '/')}.py"

    @property
    def handler_name(self) -> str:
        return self.handler.rsplit(".", 1)[1]


def resources_of_type(template: dict, kind: str) -> dict[str, dict]:
    return {name: r.get("Properties", {}) for name, r in template["Resources"].items() if r["Type"] == kind}


def _prefix(s3_filter: dict | None) -> str:
    rules = ((s3_filter or {}).get("S3Key") or {}).get("Rules") or []
    return next((r["Value"] for r in rules if r["Name"].lower() == "prefix"), "")


def rate_seconds(expression: str) -> int:
    """Seconds between runs of a rate(…) schedule expression."""
    number, unit = expression.removeprefix("rate(").removesuffix(")").split()
    return int(number) * {"minute": 60, "hour": 3600, "day": 86400}[unit.rstrip("s")]


def _read_invoke_config(function: Function, config: dict) -> None:
    function.async_retries = config.get("MaximumRetryAttempts", 2)
    on_failure = (config.get("DestinationConfig") or {}).get("OnFailure") or {}
    if on_failure.get("Type") == "SQS":
        function.on_failure_queue = on_failure["Destination"]["Fn::GetAtt"][0]


def functions(template: dict) -> list[Function]:
    defaults = template.get("Globals", {}).get("Function", {})
    found = []
    for name, props in resources_of_type(template, "AWS::Serverless::Function").items():
        env = {**defaults.get("Environment", {}).get("Variables", {}),
               **props.get("Environment", {}).get("Variables", {})}
        function = Function(name, props["CodeUri"], props.get("Handler", defaults.get("Handler")),
                            props.get("Timeout", defaults.get("Timeout", 3)), env,
                            reserved_concurrency=props.get("ReservedConcurrentExecutions"))
        _read_invoke_config(function, props.get("EventInvokeConfig") or {})
        for event in props.get("Events", {}).values():
            spec = event.get("Properties", {})
            if event["Type"] == "HttpApi":
                authorizer = (spec.get("Auth") or {}).get("Authorizer")
                function.routes.append(HttpRoute(spec["Method"].upper(), spec["Path"], authorizer != "NONE"))
            elif event["Type"] == "SQS":
                function.sqs_sources.append({
                    "queue": spec["Queue"]["Fn::GetAtt"][0], "batch_size": spec.get("BatchSize", 10),
                    "batching_window": spec.get("MaximumBatchingWindowInSeconds", 0),
                    "report_failures": "ReportBatchItemFailures" in spec.get("FunctionResponseTypes", []),
                    "max_concurrency": (spec.get("ScalingConfig") or {}).get("MaximumConcurrency"),
                })
            elif event["Type"] == "Schedule":
                function.schedules.append(rate_seconds(spec["Schedule"]))
            elif event["Type"] == "S3":
                events = spec["Events"] if isinstance(spec["Events"], list) else [spec["Events"]]
                function.s3_sources.append({"bucket": spec["Bucket"]["Ref"], "events": events,
                                            "prefix": _prefix(spec.get("Filter"))})
        found.append(function)
    return found
