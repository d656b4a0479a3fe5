"""Fetch the published ecosystem dataset's files from the Hub (into the Hugging Face cache,
with ``huggingface_hub``'s progress bars), for the dataset reader to load."""

from __future__ import annotations

from pathlib import Path

from huggingface_hub import snapshot_download
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    LocalEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from lineage.errors import InputError, UsageError
from lineage.loader.hub.api import HubRefused, HubUnavailable, hub_endpoint

DATASET = "modelbiome/ai_ecosystem"
DATA_FILES = ["*.parquet", "*.csv"]


def fetch_dataset(repo_id: str = DATASET, *, revision: str | None = None,
                  endpoint: str | None = None, token: str | None = None) -> list[Path]:
    """Download (or find in the cache) the dataset's data files; Parquet when it has them,
    else CSV. Honours ``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HOME`` and ``HF_HUB_OFFLINE`` (then
    only the cache is used)."""
    endpoint = endpoint or hub_endpoint()
    where = f"the Hub at {endpoint}"
    try:
        folder = Path(snapshot_download(repo_id, repo_type="dataset", revision=revision,
                                        allow_patterns=DATA_FILES, endpoint=endpoint,
                                        token=token))
    except GatedRepoError:
        raise HubRefused(f"the dataset {repo_id} on {where} is gated: accept its terms on its "
                         "page and set HF_TOKEN") from None
    except RevisionNotFoundError:
        raise UsageError(f"the dataset {repo_id} on {where} has no revision {revision!r}"
                         ) from None
    except RepositoryNotFoundError:
        raise UsageError(f"{where} has no dataset {repo_id!r} (or it is private: set HF_TOKEN)"
                         ) from None
    except LocalEntryNotFoundError as err:
        raise HubUnavailable(f"cannot fetch the dataset {repo_id} from {where}, and it is not "
                             f"in the Hugging Face cache: {err}") from None
    except HfHubHTTPError as err:
        raise HubUnavailable(f"{where} failed to give the dataset {repo_id}: {err}") from None
    files = sorted(folder.rglob("*.parquet")) or sorted(folder.rglob("*.csv"))
    if not files:
        raise InputError(f"the dataset {repo_id} has no Parquet or CSV files ({folder})")
    return files
