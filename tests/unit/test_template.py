"""template.yaml declares what production needs: alarms, a dashboard, log retention, redrive, sane limits."""

import json
import re

import pytest

from local.template import ROOT, functions, load, resources_of_type

TEMPLATE = load()
RESOURCES = TEMPLATE["Resources"]


def of_type(kind: str) -> dict:
    return resources_of_type(TEMPLATE, kind)


def test_every_function_has_a_log_group_with_retention_and_a_sample_event():
    groups = {name: g for name, g in of_type("AWS::Logs::LogGroup").items()
              if g["LogGroupName"]["Fn::Sub"].startswith("/aws/lambda/")}
    logged = {g["LogGroupName"]["Fn::Sub"].split("${")[1].rstrip("}") for g in groups.values()}
    names = set(of_type("AWS::Serverless::Function"))
    assert logged == names
    assert all(30 <= g["RetentionInDays"] <= 365 for g in groups.values())
    events = {path.name for path in (ROOT / "events").iterdir()}
    for name in names:
        prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix("Function")).lower()
        assert any(e.startswith(prefix) for e in events), f"no sample event for {name} ({prefix}_*.json)"


def test_tracing_and_powertools_settings_are_global():
    defaults = TEMPLATE["Globals"]["Function"]
    assert defaults["Tracing"] == "Active"
    variables = defaults["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] and variables["POWERTOOLS_METRICS_NAMESPACE"] == "DonorImport"


def test_queues_redrive_to_dead_letter_queues_and_outlast_their_consumers():
    queues = of_type("AWS::SQS::Queue")
    consumers = {source["queue"]: f for f in functions(TEMPLATE) for source in f.sqs_sources}
    for name, queue in queues.items():
        if "RedrivePolicy" in queue:
            assert 3 <= queue["RedrivePolicy"]["maxReceiveCount"] <= 10
            function = consumers[name]
            assert queue["VisibilityTimeout"] >= 6 * function.timeout, name
        else:
            assert name.endswith("DeadLetterQueue") and queue["MessageRetentionPeriod"] == 1209600


def alarm(name: str) -> dict:
    return RESOURCES[name]["Properties"]


@pytest.mark.parametrize("name,metric", [("BatchDeadLetterAlarm", "DeadLetterBatches"),
                                         ("ValidatorGaveUpAlarm", "ValidatorGaveUp")])
def test_dead_letters_alarm_on_what_the_dead_letter_function_counts(name, metric):
    """Its queues are drained in seconds, so their depth would not show: the function's metrics do."""
    props = alarm(name)
    assert (props["Namespace"], props["MetricName"]) == ("DonorImport", metric)
    assert props["Dimensions"] == [{"Name": "service", "Value": "donor-import"}]
    assert (props["Statistic"], props["Threshold"], props["ComparisonOperator"]) == ("Sum", 0, "GreaterThanThreshold")


def test_an_import_the_watchdog_does_not_end_alarms_past_the_stall_limit():
    props = alarm("StalledImportAlarm")
    age = next(m for m in props["Metrics"] if "MetricStat" in m)["MetricStat"]
    assert age["Metric"]["MetricName"] == "OldestActiveImportAgeSeconds" and age["Stat"] == "Maximum"
    expression = next(m for m in props["Metrics"] if "Expression" in m)["Expression"]
    assert expression == {"Fn::Sub": f"{age_id(props)} - ${{StallSeconds}}"}
    sweep = next(f for f in functions(TEMPLATE) if f.logical_id == "WatchdogFunction").schedules[0]
    # the watchdog ends a stalled import within one sweep: alarm after two, checked once a sweep
    assert props["Threshold"] == 2 * sweep and age["Period"] == sweep


def age_id(props: dict) -> str:
    return next(m["Id"] for m in props["Metrics"] if "MetricStat" in m)


def test_function_errors_and_throttles_alarm_for_every_worker():
    errors = {m["MetricStat"]["Metric"]["Dimensions"][0]["Value"]["Ref"]
              for m in alarm("FunctionErrorsAlarm")["Metrics"] if "MetricStat" in m}
    assert errors == set(of_type("AWS::Serverless::Function"))
    throttles = {m["MetricStat"]["Metric"]["MetricName"] for m in alarm("FunctionThrottlesAlarm")["Metrics"]
                 if "MetricStat" in m}
    assert throttles == {"Throttles"}


def test_failed_imports_and_old_batches_alarm():
    failed = alarm("FailedImportsAlarm")
    assert (failed["Namespace"], failed["MetricName"], failed["Period"]) == ("DonorImport", "ImportsFailed", 3600)
    assert failed["Threshold"] == {"Ref": "FailedImportsThreshold"}
    age = alarm("BatchQueueAgeAlarm")
    assert age["MetricName"] == "ApproximateAgeOfOldestMessage" and 300 <= age["Threshold"] <= 3600


def test_alarms_notify_the_optional_topic():
    notify = {"Fn::If": ["HasAlarmEmail", [{"Ref": "AlarmTopic"}], {"Ref": "AWS::NoValue"}]}
    for name, props in of_type("AWS::CloudWatch::Alarm").items():
        assert props["AlarmActions"] == notify, name
    assert RESOURCES["AlarmTopic"]["Condition"] == "HasAlarmEmail"


def test_dashboard_shows_import_metrics_queue_depth_and_function_health():
    body = RESOURCES["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    widgets = json.loads(re.sub(r"\$\{[^}]+\}", "X", body))["widgets"]
    titles = {w["properties"]["title"] for w in widgets}
    assert titles == {"Rows", "Imports", "Batch latency (ms)", "Queue depth", "Function health"}
    shown = {m[1] for w in widgets for m in w["properties"]["metrics"] if isinstance(m[1], str)}
    assert {"RowsValidated", "RowsProcessed", "ImportsFailed", "BatchLatency",
            "ApproximateNumberOfMessagesVisible", "Errors", "Throttles"} <= shown


def test_processors_are_capped_so_a_burst_does_not_swamp_dynamodb():
    processor = RESOURCES["ProcessorFunction"]["Properties"]
    cap = processor["Events"]["Batches"]["Properties"]["ScalingConfig"]["MaximumConcurrency"]
    assert 2 <= cap <= processor["ReservedConcurrentExecutions"] <= 100


def test_tables_are_on_demand_with_point_in_time_recovery():
    for name, table in of_type("AWS::DynamoDB::Table").items():
        assert table["BillingMode"] == "PAY_PER_REQUEST", name
        assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, name


def test_api_access_logs_say_who_called_what_from_where_and_the_answer():
    api = RESOURCES["HttpApi"]["Properties"]["AccessLogSettings"]
    assert api["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    fields = json.loads(api["Format"])
    assert {fields[k] for k in ("requestId", "ip", "sub", "route", "status")} == {
        "$context.requestId", "$context.identity.sourceIp", "$context.authorizer.claims.sub", "$context.routeKey",
        "$context.status"}
    assert RESOURCES["ApiAccessLogGroup"]["Properties"]["RetentionInDays"] >= 365


def test_files_bucket_access_is_logged_to_a_private_expiring_logs_bucket():
    logging = RESOURCES["FilesBucket"]["Properties"]["LoggingConfiguration"]
    assert logging["DestinationBucketName"] == {"Ref": "LogsBucket"}
    logs = RESOURCES["LogsBucket"]["Properties"]
    assert all(logs["PublicAccessBlockConfiguration"].values())
    assert logs["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"}  # server access logs can be delivered with SSE-S3 only
    assert [r["ExpirationInDays"] for r in logs["LifecycleConfiguration"]["Rules"]] == [90]
    statement = RESOURCES["LogsBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "logging.s3.amazonaws.com"} and statement["Action"] == "s3:PutObject"
    assert statement["Resource"] == {"Fn::Sub": "${LogsBucket.Arn}/" + logging["LogFilePrefix"] + "*"}
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == {"Fn::GetAtt": ["FilesBucket", "Arn"]}


def test_sign_in_is_srp_only_with_optional_mfa():
    client = RESOURCES["UserPoolClient"]["Properties"]
    assert sorted(client["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
    pool = RESOURCES["UserPool"]["Properties"]
    assert (pool["MfaConfiguration"], pool["EnabledMfas"]) == ("OPTIONAL", ["SOFTWARE_TOKEN_MFA"])
