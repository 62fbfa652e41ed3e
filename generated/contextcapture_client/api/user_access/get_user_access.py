from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.user_access_response import UserAccessResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    project_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["Accept"] = accept

    params: dict[str, Any] = {}

    params["projectId"] = project_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/contextcapture/cost/access",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | UserAccessResponse | None:
    if response.status_code == 200:
        response_200 = UserAccessResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | UserAccessResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | UserAccessResponse]:
    """Get user access

     Get the user's access information to the service. Listed in the changelog (technology preview, Apr
    21 2022) but absent from the current operations list; no docs page was found. Path, query parameter
    and response shape come from Bentley's 2022 preview Python SDK (cc_api_wrapper / cc_api_sdk).

    Args:
        project_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UserAccessResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> ErrorResponse | UserAccessResponse | None:
    """Get user access

     Get the user's access information to the service. Listed in the changelog (technology preview, Apr
    21 2022) but absent from the current operations list; no docs page was found. Path, query parameter
    and response shape come from Bentley's 2022 preview Python SDK (cc_api_wrapper / cc_api_sdk).

    Args:
        project_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UserAccessResponse
    """

    return sync_detailed(
        client=client,
        project_id=project_id,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | UserAccessResponse]:
    """Get user access

     Get the user's access information to the service. Listed in the changelog (technology preview, Apr
    21 2022) but absent from the current operations list; no docs page was found. Path, query parameter
    and response shape come from Bentley's 2022 preview Python SDK (cc_api_wrapper / cc_api_sdk).

    Args:
        project_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UserAccessResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> ErrorResponse | UserAccessResponse | None:
    """Get user access

     Get the user's access information to the service. Listed in the changelog (technology preview, Apr
    21 2022) but absent from the current operations list; no docs page was found. Path, query parameter
    and response shape come from Bentley's 2022 preview Python SDK (cc_api_wrapper / cc_api_sdk).

    Args:
        project_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UserAccessResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            project_id=project_id,
            accept=accept,
        )
    ).parsed
