"""Creating the buckets, queues and tables that template.yaml declares, in the emulator, through the
ordinary AWS APIs (moto's CloudFormation drops lifecycle rules, CORS and more)."""

import json
import re

import boto3

from .template import resources_of_type

ACCOUNT = "123456789012"
REGION = "us-east-1"
STACK = "donor-import-local"


class Refs:
    """What !Ref, !GetAtt and !Sub give for each logical id of the template, locally."""

    def __init__(self, parameters: dict):
        self.values: dict[str, dict] = {name: {"Ref": value} for name, value in parameters.items()}
        self.pseudo = {"AWS::StackName": STACK, "AWS::AccountId": ACCOUNT, "AWS::Region": REGION,
                       "AWS::NoValue": None}

    def add(self, logical_id: str, ref: str, **attributes) -> None:
        self.values[logical_id] = {"Ref": ref, **attributes}

    def resolve(self, value):
        if isinstance(value, dict) and len(value) == 1:
            (kind, arg), = value.items()
            if kind == "Ref":
                return self.pseudo[arg] if arg in self.pseudo else self.values[arg]["Ref"]
            if kind == "Fn::GetAtt":
                return self.values[arg[0]][arg[1]]
            if kind == "Fn::Sub":
                return re.sub(r"\$\{([^}]+)\}", lambda m: str(self._sub(m.group(1))), arg)
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def _sub(self, name: str):
        if name in self.pseudo:
            return self.pseudo[name]
        if "." in name:
            logical, attribute = name.split(".", 1)
            return self.values[logical][attribute]
        return self.values[name]["Ref"]


def parameters(template: dict, overrides: dict) -> dict:
    found = {name: spec.get("Default") for name, spec in template.get("Parameters", {}).items()}
    return {**found, **overrides}


def create_tables(template: dict, refs: Refs) -> None:
    dynamodb = boto3.client("dynamodb")
    for name, props in resources_of_type(template, "AWS::DynamoDB::Table").items():
        table_name = f"{STACK}-{name}"
        extra = {"GlobalSecondaryIndexes": props["GlobalSecondaryIndexes"]} if "GlobalSecondaryIndexes" in props else {}
        dynamodb.create_table(TableName=table_name, AttributeDefinitions=props["AttributeDefinitions"],
                              KeySchema=props["KeySchema"], BillingMode=props.get("BillingMode", "PAY_PER_REQUEST"),
                              **extra)
        if props.get("TimeToLiveSpecification"):
            dynamodb.update_time_to_live(TableName=table_name, TimeToLiveSpecification=props["TimeToLiveSpecification"])
        refs.add(name, table_name, Arn=f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table_name}")


def create_queues(template: dict, refs: Refs, visibility_timeout: int | None) -> None:
    """Queues in dependency order: dead-letter queues first, so redrive policies can name them."""
    sqs = boto3.client("sqs")
    queues = resources_of_type(template, "AWS::SQS::Queue")
    pending = dict(queues)
    while pending:
        for name, props in list(pending.items()):
            target = (props.get("RedrivePolicy") or {}).get("deadLetterTargetArn")
            if target and target["Fn::GetAtt"][0] not in refs.values:
                continue
            queue_name = f"{STACK}-{name}"
            attributes = {k: str(v) for k, v in props.items()
                          if k in ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds")}
            if visibility_timeout is not None and "VisibilityTimeout" in attributes:
                attributes["VisibilityTimeout"] = str(visibility_timeout)
            if props.get("RedrivePolicy"):
                attributes["RedrivePolicy"] = json.dumps(refs.resolve(props["RedrivePolicy"]))
            url = sqs.create_queue(QueueName=queue_name, Attributes=attributes)["QueueUrl"]
            refs.add(name, url, Arn=f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue_name}", QueueName=queue_name)
            del pending[name]


def create_buckets(template: dict, refs: Refs) -> None:
    s3 = boto3.client("s3")
    for name, props in resources_of_type(template, "AWS::S3::Bucket").items():
        bucket = refs.resolve(props.get("BucketName", f"{STACK}-{name.lower()}"))
        s3.create_bucket(Bucket=bucket)
        if "CorsConfiguration" in props:
            rules = [_cors_rule(r) for r in refs.resolve(props["CorsConfiguration"]["CorsRules"])]
            s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
        if "LifecycleConfiguration" in props:
            s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={
                "Rules": [_lifecycle_rule(r) for r in props["LifecycleConfiguration"]["Rules"]]})
        if "VersioningConfiguration" in props:
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=props["VersioningConfiguration"])
        if "PublicAccessBlockConfiguration" in props:
            s3.put_public_access_block(Bucket=bucket,
                                       PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])
        refs.add(name, bucket, Arn=f"arn:aws:s3:::{bucket}")


def _cors_rule(rule: dict) -> dict:
    """CloudFormation's CorsRule as the S3 API spells it."""
    renamed = {"MaxAge": "MaxAgeSeconds", "Id": "ID", "ExposedHeaders": "ExposeHeaders"}
    return {renamed.get(k, k): v for k, v in rule.items()}


def _lifecycle_rule(rule: dict) -> dict:
    shaped = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
    if "ExpirationInDays" in rule:
        shaped["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "NoncurrentVersionExpiration" in rule:
        shaped["NoncurrentVersionExpiration"] = rule["NoncurrentVersionExpiration"]
    if "AbortIncompleteMultipartUpload" in rule:
        shaped["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return shaped


def create_all(template: dict, overrides: dict, visibility_timeout: int | None) -> Refs:
    refs = Refs(parameters(template, overrides))
    create_tables(template, refs)
    create_queues(template, refs, visibility_timeout)
    create_buckets(template, refs)
    return refs
