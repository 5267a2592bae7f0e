"""A small client of the HTTP API, as a front end would use it (the demo and the end-to-end tests)."""

import time
from pathlib import Path

import requests


class ApiError(RuntimeError):
    pass


class Client:
    def __init__(self, base_url: str, token: str = "org-a-token"):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.base_url + path, timeout=30, **kwargs)

    def json(self, method: str, path: str, expect: int = 200, **kwargs) -> dict:
        answer = self.call(method, path, **kwargs)
        if answer.status_code != expect:
            raise ApiError(f"{method} {path}: {answer.status_code} {answer.text}")
        return answer.json()

    def create_import(self, import_type: str, file_name: str, mapping: dict | None = None) -> dict:
        body = {"import_type": import_type, "file_name": file_name}
        if mapping is not None:
            body["mapping"] = mapping
        return self.json("POST", "/imports", 201, json=body)

    @staticmethod
    def upload(upload: dict, file: Path | bytes, file_name: str = "upload") -> int:
        """The presigned POST, as a browser form would send it."""
        data = file.read_bytes() if isinstance(file, Path) else file
        answer = requests.post(upload["url"], data=upload["fields"], files={"file": (file_name, data)}, timeout=60)
        if answer.status_code not in (200, 201, 204):
            raise ApiError(f"upload refused: {answer.status_code} {answer.text[:300]}")
        return answer.status_code

    def get_import(self, import_id: str) -> dict:
        return self.json("GET", f"/imports/{import_id}")

    def wait(self, import_id: str, until, timeout: float = 60) -> dict:
        """Poll the import until until(import) holds; fails with the last state after timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.get_import(import_id)
            if until(shown):
                return shown
            if time.monotonic() > deadline:
                raise TimeoutError(f"import {import_id} still at {shown['status']}/{shown['stage']}")
            time.sleep(0.2)

    def wait_done(self, import_id: str, timeout: float = 60) -> dict:
        return self.wait(import_id, lambda i: i["status"] != "In Progress", timeout)

    def confirm_mapping(self, import_id: str, mapping: dict, **extra) -> dict:
        return self.json("PUT", f"/imports/{import_id}/mapping", json={"mapping": mapping, **extra})

    def imports(self, limit: int = 20) -> list[dict]:
        return self.json("GET", "/imports", params={"limit": limit})["items"]


def past_imports_table(items: list[dict]) -> str:
    """The Past imports table as text."""
    heads = ("Date", "Import Type", "Status", "Rows with Errors", "Contacts", "File", "Load to List")
    rows = [(i["created_at"][:19].replace("T", " "), i["import_type"], _status(i), str(i["rows_with_errors"]),
             str(i["contacts"]), i["file_name"], "Create A List" if i["can_load_to_list"] else "-") for i in items]
    widths = [max(len(r[n]) for r in [heads, *rows]) for n in range(len(heads))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [heads, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _status(item: dict) -> str:
    if item["status"] == "In Progress":
        return f"In Progress ({item['stage']})"
    if item["status"] == "Failed":
        return f"Failed: {item['failure_reason']}"
    return item["status"]
