from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.engines_limit_response import EnginesLimitResponse
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    i_twin_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["Accept"] = accept

    params: dict[str, Any] = {}

    params["iTwinId"] = i_twin_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/contextcapture/limits/engines",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnginesLimitResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = EnginesLimitResponse.from_dict(response.json())

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
) -> Response[EnginesLimitResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    i_twin_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> Response[EnginesLimitResponse | ErrorResponse]:
    """Get engines limit

     Retrieve the engines limit.

    Parameters (docs prose): An optional projectId.

    Args:
        i_twin_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnginesLimitResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        i_twin_id=i_twin_id,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    i_twin_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> EnginesLimitResponse | ErrorResponse | None:
    """Get engines limit

     Retrieve the engines limit.

    Parameters (docs prose): An optional projectId.

    Args:
        i_twin_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnginesLimitResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        i_twin_id=i_twin_id,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    i_twin_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> Response[EnginesLimitResponse | ErrorResponse]:
    """Get engines limit

     Retrieve the engines limit.

    Parameters (docs prose): An optional projectId.

    Args:
        i_twin_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnginesLimitResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        i_twin_id=i_twin_id,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    i_twin_id: str | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> EnginesLimitResponse | ErrorResponse | None:
    """Get engines limit

     Retrieve the engines limit.

    Parameters (docs prose): An optional projectId.

    Args:
        i_twin_id (str | Unset):
        accept (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnginesLimitResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            i_twin_id=i_twin_id,
            accept=accept,
        )
    ).parsed
