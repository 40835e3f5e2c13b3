"""All SQL lives here, one module per aggregate: no HTTP, no commit (the caller owns the
transaction).

The package re-exports its public functions so that callers write ``repository.get_place``
whichever module holds it; add a new public function to ``__all__`` below as well.
"""

from gazetteer.repository.changes import changes_since, current_revision, record_changes
from gazetteer.repository.citations import citations_for, claims_for
from gazetteer.repository.imports import (
    BulkBatchStats,
    analyze_imported_tables,
    curated_places_by_geonames_id,
    ensure_source,
    write_geonames_batch,
)
from gazetteer.repository.index_rows import (
    count_names,
    importance,
    iter_index_rows,
    iter_index_rows_of,
)
from gazetteer.repository.places import (
    PlaceDetails,
    PlaceFilters,
    PlaceWriteStats,
    attestations_of_place,
    drop_imported_duplicate,
    get_place,
    get_place_details,
    list_places,
    names_by_id,
    names_of_places,
    places_by_id,
    preferred_labels,
    romanisation_originals,
    seed_digest,
    upsert_curated_place,
)
from gazetteer.repository.sources import (
    attestations_of_source,
    attestations_of_source_page,
    get_source,
    list_sources,
    prescriptive_sources,
    replace_source_claims,
    sources_by_id,
    sources_that_attest,
    upsert_source,
)

__all__ = [
    "BulkBatchStats",
    "PlaceDetails",
    "PlaceFilters",
    "PlaceWriteStats",
    "analyze_imported_tables",
    "attestations_of_place",
    "attestations_of_source",
    "attestations_of_source_page",
    "changes_since",
    "citations_for",
    "claims_for",
    "count_names",
    "curated_places_by_geonames_id",
    "current_revision",
    "drop_imported_duplicate",
    "ensure_source",
    "get_place",
    "get_place_details",
    "get_source",
    "importance",
    "iter_index_rows",
    "iter_index_rows_of",
    "list_places",
    "list_sources",
    "names_by_id",
    "names_of_places",
    "places_by_id",
    "preferred_labels",
    "prescriptive_sources",
    "record_changes",
    "replace_source_claims",
    "romanisation_originals",
    "seed_digest",
    "sources_by_id",
    "sources_that_attest",
    "upsert_curated_place",
    "upsert_source",
    "write_geonames_batch",
]
