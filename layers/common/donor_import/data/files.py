"""The files bucket: presigned uploads and downloads, the uploaded file, and the work files of an import."""

import gzip
import json
import tempfile
from collections.abc import Iterator

from botocore.exceptions import ClientError

from ..config import Settings
from . import aws


def _version(version_id: str | None) -> dict:
    """The VersionId parameter of a read: that version of the object, or (None) its current one."""
    return {"VersionId": version_id} if version_id else {}


class FileStore:
    """The files bucket, its upload limit and link lifetimes from the settings, through clients made per thread
    (`clients`: data.aws, or a stand-in)."""

    def __init__(self, cfg: Settings, clients=aws):
        self.bucket = cfg.files_bucket
        self.max_upload_bytes, self.upload_url_seconds = cfg.max_upload_bytes, cfg.upload_url_seconds
        self.download_url_seconds = cfg.download_url_seconds
        self.clients = clients

    def _s3(self):
        return self.clients.client("s3")

    def presigned_upload(self, key: str, content_type: str | None = None) -> dict:
        """A presigned POST for exactly this key, at most max_upload_bytes, valid for a few minutes."""
        conditions = [["content-length-range", 1, self.max_upload_bytes]]
        fields = {}
        if content_type:
            fields["Content-Type"] = content_type
            conditions.append({"Content-Type": content_type})
        return self._s3().generate_presigned_post(
            self.bucket, key, Fields=fields, Conditions=conditions, ExpiresIn=self.upload_url_seconds
        )

    def presigned_download(self, key: str, disposition: str, version_id: str | None = None) -> str:
        """A short-lived GET link; the download carries this Content-Disposition."""
        return self._s3().generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key, "ResponseContentDisposition": disposition,
                    **_version(version_id)},
            ExpiresIn=self.download_url_seconds,
        )

    def head(self, key: str, version_id: str | None = None) -> dict | None:
        try:
            return self._s3().head_object(Bucket=self.bucket, Key=key, **_version(version_id))
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def download(self, key: str, suffix: str = "", version_id: str | None = None) -> str:
        """The object in a temporary file (streamed to disk, never held in memory whole); returns its path."""
        handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 - the caller removes it
        with handle:
            self._s3().download_fileobj(self.bucket, key, handle, ExtraArgs=_version(version_id) or None)
        return handle.name

    def upload_file(self, path: str, key: str, content_type: str) -> None:
        self._s3().upload_file(path, self.bucket, key, ExtraArgs={"ContentType": content_type})

    def put_json(self, key: str, value) -> None:
        body = gzip.compress(json.dumps(value, separators=(",", ":")).encode())
        self._s3().put_object(Bucket=self.bucket, Key=key, Body=body, ContentType="application/json",
                              ContentEncoding="gzip")

    def get_json(self, key: str):
        body = self._s3().get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return json.loads(gzip.decompress(body))

    def keys(self, prefix: str) -> Iterator[str]:
        pages = self._s3().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]
