"""No disk reference can reach another route or smuggle query parameters: refused unsent."""

from __future__ import annotations

import pytest

from apolo_disks_jupyter.client import Client, DiskNotFound, InvalidArgument
from apolo_disks_jupyter.server import LocalDiskService

from .fake_platform import FakePlatform

ATTEMPTS = [
    "x?project_name=other",
    "my-disk?project_name=other",
    "my-disk&org_name=x",
    "../x",
    "..",
    "../../config",
    "my-disk/../../config",
    "%2F",
    "my-disk%2F..",
    "a/b",
    "my-disk#frag",
    "my-disk ",
    "disk://default/myorg/proj-a/../x",
    "disk://default/myorg/proj-a/a/b",
    "disk:/../x",
    "disk:/proj-a/x?y=1",
    "disk://default/my org/proj-a/my-disk",
    "disk://default/myorg/proj%2Fa/my-disk",
    "disk:../x",
    "mý-disk",
    "",
    "a" * 41,
]


@pytest.mark.parametrize("reference", ATTEMPTS)
@pytest.mark.parametrize("method", ["get", "rm"])
async def test_injection_is_refused_with_nothing_sent(
    client: Client, platform: FakePlatform, reference: str, method: str
) -> None:
    sent_before = len(platform.requests)
    with pytest.raises(InvalidArgument):
        await getattr(client.disks, method)(reference)
    assert len(platform.requests) == sent_before


async def test_scope_arguments_are_query_encoded_not_spliced(
    client: Client, platform: FakePlatform
) -> None:
    evil = "proj-a&org_name=evil#x"
    with pytest.raises(DiskNotFound):
        await client.disks.get("my-disk", org_name=evil, project_name=evil)
    call = platform.requests[-1]
    assert call.path == "/api/v1/disk/my-disk"
    assert call.query == {"org_name": [evil], "project_name": [evil]}


async def test_an_unknown_cluster_argument_is_refused_unsent(
    client: Client, platform: FakePlatform
) -> None:
    sent_before = len(platform.requests)
    with pytest.raises(InvalidArgument):
        await client.disks.get("my-disk", cluster_name="default?x=1")
    assert len(platform.requests) == sent_before


async def test_the_local_service_is_never_reached_by_a_bad_reference(
    local_service: LocalDiskService,
) -> None:
    from apolo_disks_jupyter.client import connect

    async with connect(local_service.url, local_service.token) as client:
        made = await client.disks.create(1000, None, "victim-disk")
        for reference in ATTEMPTS:
            with pytest.raises(InvalidArgument):
                await client.disks.rm(reference)
        assert (await client.disks.get("victim-disk")).id == made.id
