from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.job_progress_response import JobProgressResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    accept: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["Accept"] = accept

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/contextcapture/jobs/{id}/progress".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | JobProgressResponse | None:
    if response.status_code == 200:
        response_200 = JobProgressResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | JobProgressResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | JobProgressResponse]:
    """Get job progress

     Retrieve job progress.

    Remarks (docs): The job progression is deemed valid when the job is active and won't be available
    after 30 days. Client should query with a backoff intervals [15,30,60,120] seconds. The interval
    between the first and second query is 15 sec and then 30 sec... If the percentage changes the
    sequence is restarted.

    Args:
        id (str):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | JobProgressResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    accept: str | Unset = UNSET,
) -> ErrorResponse | JobProgressResponse | None:
    """Get job progress

     Retrieve job progress.

    Remarks (docs): The job progression is deemed valid when the job is active and won't be available
    after 30 days. Client should query with a backoff intervals [15,30,60,120] seconds. The interval
    between the first and second query is 15 sec and then 30 sec... If the percentage changes the
    sequence is restarted.

    Args:
        id (str):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | JobProgressResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | JobProgressResponse]:
    """Get job progress

     Retrieve job progress.

    Remarks (docs): The job progression is deemed valid when the job is active and won't be available
    after 30 days. Client should query with a backoff intervals [15,30,60,120] seconds. The interval
    between the first and second query is 15 sec and then 30 sec... If the percentage changes the
    sequence is restarted.

    Args:
        id (str):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | JobProgressResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    accept: str | Unset = UNSET,
) -> ErrorResponse | JobProgressResponse | None:
    """Get job progress

     Retrieve job progress.

    Remarks (docs): The job progression is deemed valid when the job is active and won't be available
    after 30 days. Client should query with a backoff intervals [15,30,60,120] seconds. The interval
    between the first and second query is 15 sec and then 30 sec... If the percentage changes the
    sequence is restarted.

    Args:
        id (str):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | JobProgressResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            accept=accept,
        )
    ).parsed
