"""The files bucket: presigned uploads and downloads, the uploaded file, and the work files of an import."""

import gzip
import json
import tempfile
from collections.abc import Iterator

from botocore.exceptions import ClientError

from ..config import settings
from . import aws


def _s3():
    return aws.client("s3")


def presigned_upload(key: str, content_type: str | None = None) -> dict:
    """A presigned POST for exactly this key, at most max_upload_bytes, valid for a few minutes."""
    cfg = settings()
    conditions = [["content-length-range", 1, cfg.max_upload_bytes]]
    fields = {}
    if content_type:
        fields["Content-Type"] = content_type
        conditions.append({"Content-Type": content_type})
    return _s3().generate_presigned_post(
        cfg.files_bucket, key, Fields=fields, Conditions=conditions, ExpiresIn=cfg.upload_url_seconds
    )


def _version(version_id: str | None) -> dict:
    """The VersionId parameter of a read: that version of the object, or (None) its current one."""
    return {"VersionId": version_id} if version_id else {}


def presigned_download(key: str, disposition: str, version_id: str | None = None) -> str:
    """A short-lived GET link; the download carries this Content-Disposition."""
    return _s3().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings().files_bucket, "Key": key, "ResponseContentDisposition": disposition,
                **_version(version_id)},
        ExpiresIn=settings().download_url_seconds,
    )


def head(key: str, version_id: str | None = None) -> dict | None:
    try:
        return _s3().head_object(Bucket=settings().files_bucket, Key=key, **_version(version_id))
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def download(key: str, suffix: str = "", version_id: str | None = None) -> str:
    """The object in a temporary file (streamed to disk, never held in memory whole); returns its path."""
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 - the caller removes it
    with handle:
        _s3().download_fileobj(settings().files_bucket, key, handle, ExtraArgs=_version(version_id) or None)
    return handle.name


def upload_file(path: str, key: str, content_type: str) -> None:
    _s3().upload_file(path, settings().files_bucket, key, ExtraArgs={"ContentType": content_type})


def put_json(key: str, value) -> None:
    body = gzip.compress(json.dumps(value, separators=(",", ":")).encode())
    _s3().put_object(Bucket=settings().files_bucket, Key=key, Body=body, ContentType="application/json",
                     ContentEncoding="gzip")


def get_json(key: str):
    body = _s3().get_object(Bucket=settings().files_bucket, Key=key)["Body"].read()
    return json.loads(gzip.decompress(body))


def keys(prefix: str) -> Iterator[str]:
    pages = _s3().get_paginator("list_objects_v2").paginate(Bucket=settings().files_bucket, Prefix=prefix)
    for page in pages:
        for item in page.get("Contents", []):
            yield item["Key"]
